from __future__ import annotations

import functools
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from eventi.models import Evento, PartnerRete, Tema
from programma.activities.forms import CampoElenco, DataInput, FormAllegatoMixin, StatoDaDataMixin, limita_ente
from programma.forms import COMUNI
from programma.importazione.fileformat import chiave
from programma.models import Fase
from regioni.models import Comune, Provincia


class EventoForm(StatoDaDataMixin, FormAllegatoMixin, forms.ModelForm):
    campi_allegato = ("materiali",)

    class Meta:
        model = Evento
        fields = [
            "titolo",
            "ente",
            "tipo",
            "fase",
            "data",
            "ora_inizio",
            "ora_fine",
            "stato",
            "online",
            "luogo",
            "provincia",
            "n_partecipanti",
            "n_imprese",
            "temi",
            "descrizione",
            "materiali",
            "partner_rete",
            "pubblico",
            "url_iscrizione",
        ]
        widgets = {
            "data": DataInput(),
            "ora_inizio": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ora_fine": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "descrizione": forms.Textarea(attrs={"rows": 5}),
            "temi": forms.CheckboxSelectMultiple,
            "partner_rete": forms.CheckboxSelectMultiple,
        }
        # An address typed without its scheme is taken as https (Django 6's default).
        field_classes = {"url_iscrizione": functools.partial(forms.URLField, assume_scheme="https")}
        help_texts = {
            "titolo": _("Ad esempio «Banda ultralarga e 5G: a che punto siamo in provincia»."),
            "fase": _("La fase del progetto regionale a cui l'evento appartiene."),
            "online": _("Segnare se l'evento si è svolto solo a distanza."),
            "luogo": _("Sede dell'evento; facoltativo per un evento online."),
            "provincia": _("Solo le province della regione del progetto."),
            "n_partecipanti": _("Numero complessivo di persone presenti: solo per un evento svolto."),
            "n_imprese": _("Quante imprese erano rappresentate: non più dei partecipanti."),
            "materiali": _("Presentazioni, documenti o immagini; il contenuto del file viene controllato."),
            "ora_inizio": _("Facoltativa: senza ora l'evento dura tutto il giorno nel calendario."),
            "url_iscrizione": _("Ad esempio la pagina del modulo d'iscrizione sul sito della Camera di commercio."),
        }

    elenco_comuni = CampoElenco(
        label=_("Comuni le cui imprese sono state informate (uno per riga)"),
        righe=4,
        help_text=_(
            "Solo per gli incontri su BUL e 5G: il nome del comune, oppure «Nome (sigla)» se il nome si ripete "
            "nella regione, oppure il codice ISTAT a 6 cifre. Solo comuni della regione del progetto."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        progetto = self.instance.progetto
        self.fields["partner_rete"].queryset = PartnerRete.objects.filter(attivo=True) | PartnerRete.objects.filter(
            pk__in=self.instance.partner_rete.values("pk") if self.instance.pk else []
        )
        if self.instance.pk:
            self.fields["elenco_comuni"].initial = "\n".join(
                f"{c.nome} ({c.provincia.sigla})" for c in self.instance.comuni_informati.select_related("provincia")
            )
        limita_ente(self, progetto.regione_id, user)
        self.fields["fase"].queryset = Fase.objects.for_user(user).filter(progetto=progetto)
        self.fields["provincia"].queryset = Provincia.objects.for_user(user).filter(regione_id=progetto.regione_id)
        COMUNI.suggerimenti(self.fields["elenco_comuni"], _("Cerca un comune da aggiungere"), regione_id=progetto.regione_id)
        self.fields["pubblico"].widget.choices = [
            ("unknown", _("Secondo il tipo: sì per seminari, incontri BUL/5G e tappe del roadshow")),
            ("true", _("Sì, pubblicalo nel calendario")),
            ("false", _("No, solo per lo staff")),
        ]
        self.fields["provincia"].empty_label = _("Nessuna")
        self.fields["fase"].empty_label = _("Nessuna")
        self.fields["fase"].help_text = _(
            "Tappe del roadshow ed evento finale: fase 4; incontri BUL/5G ed eventi su BUL, 5G o digitale: "
            "fase 3. Se la lasci vuota, la proponiamo noi."
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("L'evento"),
                "titolo",
                "ente",
                Row(Column("tipo", css_class="col-md-6"), Column("fase", css_class="col-md-6")),
                Row(Column("data", css_class="col-md-6"), Column("stato", css_class="col-md-6")),
                Row(Column("ora_inizio", css_class="col-md-6"), Column("ora_fine", css_class="col-md-6")),
                "online",
                Row(Column("luogo", css_class="col-md-8"), Column("provincia", css_class="col-md-4")),
            ),
            Fieldset(
                _("Partecipazione"),
                # Shown while the state asks for them (the model's rule; frontend/moduli.js `mostraSe`):
                # held, or left to the date. Without JavaScript they show, and the model ignores them.
                Row(
                    Column("n_partecipanti", css_class="col-md-6"),
                    Column("n_imprese", css_class="col-md-6"),
                    data_mostra_se_campo="stato",
                    data_mostra_se_valori=" ".join(["", *sorted(Evento.STATI_CON_PARTECIPANTI)]),
                ),
                "temi",
            ),
            Fieldset(
                _("Sensibilizzazione su BUL e 5G"),
                "partner_rete",
                "elenco_comuni",
            ),
            Fieldset(_("Contenuti"), "descrizione", "materiali"),
            Fieldset(_("Calendario pubblico"), "pubblico", "url_iscrizione"),
            Submit("salva", _("Salva"), css_class="btn-primary"),
        )

    def clean_elenco_comuni(self) -> list[Comune]:
        return leggi_comuni(self.cleaned_data.get("elenco_comuni", ""), self.instance.progetto.regione_id)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        codici = {tema.codice for tema in cleaned.get("temi") or []}
        tipo = cleaned.get("tipo")
        # Partners and comuni informed belong to the BUL/5G awareness events of phase 3.
        bul = tipo == Evento.Tipo.INCONTRO_BUL_5G or bool(codici & {Tema.BUL, Tema.CINQUE_G})
        if not bul and (cleaned.get("partner_rete") or cleaned.get("elenco_comuni")):
            self.add_error(
                "elenco_comuni" if cleaned.get("elenco_comuni") else "partner_rete",
                _("Partner di rete e comuni informati si indicano solo per un incontro BUL/5G o un evento sui temi BUL o 5G."),
            )
        if not tipo:
            return cleaned
        attesa = Evento.fase_attesa(tipo, codici)
        if attesa is not None and not cleaned.get("fase"):
            # Propose the right phase rather than leave the event outside every phase.
            cleaned["fase"] = self.fields["fase"].queryset.filter(numero=attesa).first()
        fase = cleaned.get("fase")
        if fase is not None:
            prova = Evento(tipo=tipo, fase=fase)
            for campo, messaggio in prova.errori_fase(codici).items():
                self.add_error(campo, messaggio)
        return cleaned

    def _save_m2m(self) -> None:
        super()._save_m2m()
        self.instance.comuni_informati.set(self.cleaned_data["elenco_comuni"])


def leggi_comuni(testo: str, regione_id: int) -> list[Comune]:
    """Comuni of the region from lines «Nome», «Nome (XX)» or an ISTAT code; every bad line is named."""
    per_codice: dict[str, Comune] = {}
    per_nome: dict[str, list[Comune]] = {}
    righe = [r.strip() for r in testo.splitlines() if r.strip()]
    if not righe:
        return []
    for comune in Comune.objects.filter(provincia__regione_id=regione_id).select_related("provincia"):
        per_codice[comune.codice_istat] = comune
        per_nome.setdefault(chiave(comune.nome), []).append(comune)
        per_nome.setdefault(chiave(f"{comune.nome} ({comune.provincia.sigla})"), []).append(comune)
    trovati: dict[int, Comune] = {}
    errori = []
    for numero, riga in enumerate(righe, start=1):
        candidati = [per_codice[riga]] if riga in per_codice else per_nome.get(chiave(riga), [])
        if len(candidati) == 1:
            trovati[candidati[0].pk] = candidati[0]
        elif not candidati:
            errori.append(forms.ValidationError(
                _("Riga %(n)d («%(riga)s»): comune non trovato nella regione del progetto."), params={"n": numero, "riga": riga}
            ))  # fmt: skip
        else:
            errori.append(forms.ValidationError(
                _("Riga %(n)d («%(riga)s»): più comuni con questo nome, aggiungi la sigla della provincia, es. «%(esempio)s»."),
                params={"n": numero, "riga": riga, "esempio": f"{candidati[0].nome} ({candidati[0].provincia.sigla})"},
            ))  # fmt: skip
    if errori:
        raise forms.ValidationError(errori)
    return list(trovati.values())
