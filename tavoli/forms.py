from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from programma.activities.autocomplete import Sorgente
from programma.activities.forms import CampoElenco, DataInput, FormAllegatoMixin, StatoDaDataMixin, limita_ente
from programma.forms import OPERE
from programma.models import OperaPrioritaria
from regioni.models import Provincia, Regione
from tavoli.models import Categoria, Organizzazione, TavoloConfronto

CATEGORIA_PREDEFINITA = Categoria.ASSOCIAZIONI
CODICI_MASSIMI = 100

# The region's known organisations, suggested while the list of participants is typed (tavoli/urls.py):
# the value is the line `leggi_organizzazioni` reads, with the organisation's category.
ORGANIZZAZIONI = Sorgente(
    Organizzazione,
    "tavoli:scelte_organizzazioni",
    cerca_in=("nome",),
    dettaglio=lambda organizzazione: organizzazione.get_categoria_display(),
    valore=lambda organizzazione: f"{organizzazione.nome}; {organizzazione.categoria}",
    ordine=("nome",),
)


@dataclass(frozen=True)
class RigaOrganizzazione:
    nome: str
    categoria: str | None  # None: not given on the line


def categoria_da_testo(testo: str) -> str | None:
    """A Categoria value from its value or its Italian label, in any case."""
    cercato = " ".join(testo.split()).casefold()
    for valore, etichetta in Categoria.choices:
        if cercato in (valore.casefold(), str(etichetta).casefold()):
            return valore
    return None


def leggi_organizzazioni(testo: str) -> list[RigaOrganizzazione]:
    """Parse "Nome" or "Nome; categoria" lines. Raises ValidationError naming each bad line."""
    righe: dict[str, RigaOrganizzazione] = {}
    errori: list[forms.ValidationError] = []
    nome_max = Organizzazione._meta.get_field("nome").max_length
    for numero, riga in enumerate(testo.splitlines(), start=1):
        if not riga.strip():
            continue
        nome, _sep, categoria_testo = riga.partition(";")
        nome = " ".join(nome.split())
        categoria = None
        if not nome:
            errori.append(
                forms.ValidationError(
                    _t("Riga %(n)d («%(riga)s»): manca il nome dell'organizzazione."), params={"n": numero, "riga": riga.strip()}
                )
            )
            continue
        if len(nome) > nome_max:
            errori.append(
                forms.ValidationError(
                    _t("Riga %(n)d («%(riga)s»): il nome supera i %(max)d caratteri."),
                    params={"n": numero, "riga": riga.strip()[:60] + "…", "max": nome_max},
                )
            )
            continue
        if categoria_testo.strip():
            categoria = categoria_da_testo(categoria_testo)
            if categoria is None:
                errori.append(
                    forms.ValidationError(
                        _t("Riga %(n)d («%(riga)s»): categoria «%(categoria)s» non riconosciuta. Categorie ammesse: %(ammesse)s."),
                        params={
                            "n": numero,
                            "riga": riga.strip(),
                            "categoria": categoria_testo.strip(),
                            "ammesse": ", ".join(f"{valore} ({etichetta})" for valore, etichetta in Categoria.choices),
                        },
                    )
                )
                continue
        # The same organisation written twice is kept once.
        righe[Organizzazione.normalizza(nome)] = RigaOrganizzazione(nome=nome, categoria=categoria)
    if errori:
        raise forms.ValidationError(errori)
    return list(righe.values())


def salva_organizzazioni(righe: list[RigaOrganizzazione], regione: Regione) -> list[Organizzazione]:
    """One Organizzazione per name and region, shared by the region's tavoli that name it:
    what is typed here never renames or recategorises another region's organisation."""
    organizzazioni = []
    for riga in righe:
        organizzazione, creata = Organizzazione.objects.get_or_create(
            regione=regione,
            nome_normalizzato=Organizzazione.normalizza(riga.nome),
            defaults={"nome": riga.nome, "categoria": riga.categoria or CATEGORIA_PREDEFINITA},
        )
        # A category written on the line is a correction (for this region); a bare name keeps the known one.
        if not creata and riga.categoria and riga.categoria != organizzazione.categoria:
            organizzazione.categoria = riga.categoria
            organizzazione.save()
        organizzazioni.append(organizzazione)
    return organizzazioni


class TavoloForm(StatoDaDataMixin, FormAllegatoMixin, forms.ModelForm):
    campi_allegato = ("verbale",)

    elenco_organizzazioni = CampoElenco(
        label=_("Organizzazioni partecipanti (una per riga)"),
        righe=5,
        help_text=_(
            "Una organizzazione per riga: «Nome» oppure «Nome; categoria», ad esempio "
            "«Confindustria Lombardia; associazioni». Categorie: esperti, associazioni, imprese, istituzioni, "
            "gestori. Senza categoria, una nuova organizzazione è registrata come associazione di categoria. "
            "Solo organizzazioni, mai nomi di persone."
        ),
    )

    # Without JavaScript the works' select holds only the chosen works (a region may have thousands):
    # this box lets a page without the combobox add works by code. The script removes it.
    codici_opere = CampoElenco(
        label=_("Aggiungi opere per codice"),
        righe=2,
        attrs={"data-senza-javascript": ""},
        help_text=_(
            "Un codice per riga, ad esempio «LOM-001» (i codici sono nell'elenco delle opere): "
            "le opere della regione con questi codici si aggiungono a quelle scelte sopra."
        ),
    )

    class Meta:
        model = TavoloConfronto
        fields = [
            "titolo",
            "ente",
            "data",
            "stato",
            "modalita",
            "luogo",
            "provincia",
            "n_esperti",
            "n_associazioni",
            "n_imprese",
            "n_istituzioni",
            "n_gestori",
            "sintesi",
            "opere_discusse",
            "verbale",
        ]
        widgets = {
            "data": DataInput(),
            "sintesi": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "titolo": _("Ad esempio «Tavolo sulla logistica del quadrante nord»."),
            "luogo": _("Sede dell'incontro; facoltativo per un tavolo online."),
            "provincia": _("Solo le province della regione del progetto."),
            "sintesi": _("I temi emersi e le conclusioni principali."),
            "opere_discusse": _(
                "Le opere prioritarie della regione di cui si è parlato al tavolo: scrivi parte del titolo o del codice."
            ),
            "verbale": _("PDF, DOCX o ODT; il contenuto del file viene controllato."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regione_id = self.instance.progetto.regione_id
        limita_ente(self, regione_id, user)
        self.fields["provincia"].queryset = Provincia.objects.for_user(user).filter(regione_id=regione_id)
        self.fields["provincia"].empty_label = _("Nessuna")
        # Only the chosen works are written out; the others come from the endpoint as the user types.
        OPERE.collega(self.fields["opere_discusse"], regione_id=regione_id)
        self.fields["opere_discusse"].queryset = OperaPrioritaria.objects.for_user(user).filter(regione_id=regione_id)
        ORGANIZZAZIONI.suggerimenti(
            self.fields["elenco_organizzazioni"], _("Cerca tra le organizzazioni già registrate"), regione_id=regione_id
        )
        if self.instance.pk:
            self.fields["elenco_organizzazioni"].initial = "\n".join(
                f"{o.nome}; {o.categoria}" for o in self.instance.organizzazioni.all()
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Il tavolo"),
                "titolo",
                "ente",
                Row(Column("data", css_class="col-md-4"), Column("stato", css_class="col-md-4"), Column("modalita", css_class="col-md-4")),
                Row(Column("luogo", css_class="col-md-8"), Column("provincia", css_class="col-md-4")),
            ),
            Fieldset(
                _("Partecipanti per categoria"),
                Row(*[Column(campo, css_class="col-md") for campo in ("n_esperti", "n_associazioni", "n_imprese", "n_istituzioni", "n_gestori")]),
                "elenco_organizzazioni",
            ),
            Fieldset(_("Esiti"), "sintesi", "opere_discusse", "codici_opere", "verbale"),
            Submit("salva", _("Salva"), css_class="btn-primary"),
        )

    def clean_elenco_organizzazioni(self) -> list[RigaOrganizzazione]:
        return leggi_organizzazioni(self.cleaned_data.get("elenco_organizzazioni", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        codici = list(dict.fromkeys(r.strip() for r in cleaned.get("codici_opere", "").splitlines() if r.strip()))
        if not codici or "opere_discusse" not in cleaned:
            return cleaned
        if len(codici) > CODICI_MASSIMI:
            self.add_error("codici_opere", _("Al massimo %(n)d codici per volta.") % {"n": CODICI_MASSIMI})
            return cleaned
        cerca = Q()
        for codice in codici:
            cerca |= Q(codice__iexact=codice)
        # The field's own queryset: the region's works in the user's scope, as for the combobox.
        trovate = {o.codice.casefold(): o for o in self.fields["opere_discusse"].queryset.filter(cerca)}
        mancanti = [codice for codice in codici if codice.casefold() not in trovate]
        if mancanti:
            self.add_error(
                "codici_opere",
                _("Nessuna opera della regione con questi codici: %(codici)s.") % {"codici": ", ".join(mancanti)},
            )
            return cleaned
        cleaned["opere_discusse"] = list(dict.fromkeys([*cleaned["opere_discusse"], *trovate.values()]))
        return cleaned

    def _save_m2m(self) -> None:
        super()._save_m2m()
        self.instance.organizzazioni.set(
            salva_organizzazioni(self.cleaned_data["elenco_organizzazioni"], self.instance.progetto.regione)
        )
