"""Staff forms of the programme; business rules stay in the models' clean()."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from programma.activities.autocomplete import Sorgente
from programma.activities.forms import DataInput, FormAllegatoMixin, ImportoField, ModuloBase, limita_ente
from programma.fields import CampoTestoLungo
from programma.importazione.fileformat import COLONNE
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Programma, Report
from programma.numbers import data_breve, numero_italiano
from regioni.models import Comune, Ente, Provincia, Regione


def testo_ente(ente: Ente) -> str:
    return f"{ente.nome} — {ente.regione.nome_breve}"


def dettaglio_opera(opera: OperaPrioritaria) -> str:
    return _("Priorità %(priorita)s · semaforo %(semaforo)s · %(stato)s") % {
        "priorita": opera.get_livello_priorita_display(),
        "semaforo": opera.get_semaforo_display().lower(),
        "stato": opera.get_stato_display().lower(),
    }


# The autocomplete sources of the staff forms (programma.activities.autocomplete), registered in urls_app.py.
# Works: the most important first (priority, then the most urgent light), as the works list sorts them.
OPERE = Sorgente(
    OperaPrioritaria,
    "programma:scelte_opere",
    cerca_in=("titolo", "codice"),
    dettaglio=dettaglio_opera,
    ordine=("livello_priorita", "urgenza_semaforo", "codice"),
    prepara=lambda righe: righe.con_urgenza(),
)
PROVINCE = Sorgente(Provincia, "programma:scelte_province", cerca_in=("nome", "sigla"), ordine=("nome",))
ENTI = Sorgente(
    Ente,
    "programma:scelte_enti",
    cerca_in=("nome",),
    testo=testo_ente,
    dettaglio=lambda ente: ente.get_tipo_display(),
    ordine=("regione__codice_istat", "tipo", "nome"),
    prepara=lambda righe: righe.select_related("regione"),
)
# A region's tavoli (a thousand at scale 100): the most recent first. The tavoli app sits above this
# one, so its model is reached through the works' relation, not imported.
TAVOLI = Sorgente(
    OperaPrioritaria._meta.get_field("tavolo").related_model,
    "programma:scelte_tavoli",
    cerca_in=("titolo",),
    dettaglio=lambda tavolo: f"{data_breve(tavolo.data)} · {tavolo.get_stato_display().lower()}",
    ordine=("-data", "titolo"),
)
# Suggestions for a one-per-line list of comuni: the value is the line `eventi.forms.leggi_comuni` reads.
COMUNI = Sorgente(
    Comune,
    "programma:scelte_comuni",
    cerca_in=("nome",),
    testo=lambda comune: f"{comune.nome} ({comune.provincia.sigla})",
    valore=lambda comune: f"{comune.nome} ({comune.provincia.sigla})",
    ordine=("nome", "codice_istat"),
    prepara=lambda righe: righe.select_related("provincia"),
)


def limita_a_edizioni_aperte(campo: forms.ModelChoiceField) -> None:
    """A new record's edition is chosen among the open ones only (a closed one is refused with the reason)."""
    campo.queryset = Programma.objects.aperte()
    campo.initial = Programma.objects.attivo()
    campo.error_messages["invalid_choice"] = _(
        "Si registra solo nell'edizione attiva del programma: le edizioni passate sono in sola lettura."
    )


class EnteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Ente) -> str:
        return testo_ente(obj)


class EntiChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Ente) -> str:
        return testo_ente(obj)


class EdizioneForm(ModuloBase):
    class Meta:
        model = Programma
        fields = ["nome", "data_inizio", "data_fine", "attivo"]
        widgets = {"data_inizio": DataInput(), "data_fine": DataInput()}
        help_texts = {"attivo": _("Attivare questa edizione disattiva quella attualmente attiva.")}

    def _get_validation_exclusions(self) -> set[str]:
        # "One active edition" holds after save(), which retires the previous one first.
        return {*super()._get_validation_exclusions(), "attivo"}


class AvviaEdizioneForm(forms.Form):
    """Starting a new edition: whether the open works come along, and the confirmation."""

    porta_opere = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Riporta le opere ancora aperte"),
        help_text=_("Le opere non completate né sospese sono copiate nella nuova edizione; quelle dell'edizione attuale restano invariate."),
    )
    conferma = forms.BooleanField(
        label=_("Confermo: la nuova edizione diventa quella attiva e l'attuale passa in sola lettura"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("avvia", _("Avvia l'edizione")))


class ProgettoForm(ModuloBase):
    """Edition and region are chosen once; the enti must belong to that region."""

    ente_capofila = EnteChoiceField(queryset=Ente.objects.none(), label=_("Ente capofila"))
    enti_partecipanti = EntiChoiceField(queryset=Ente.objects.none(), required=False, label=_("Enti partecipanti"))

    class Meta:
        model = ProgettoRegionale
        fields = ["programma", "regione", "titolo", "descrizione", "ente_capofila", "enti_partecipanti", "budget"]
        localized_fields = ["budget"]
        field_classes = {"budget": ImportoField}
        widgets = {"descrizione": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enti = Ente.objects.select_related("regione")
        # The enti are searched in the project's region; a new project's region is the one chosen above.
        regione = {"regione_id": self.instance.regione_id} if self.instance.pk else {"regione_da": "id_regione"}
        if self.instance.pk:
            self.fields["programma"].disabled = True
            self.fields["regione"].disabled = True
            enti = enti.filter(regione=self.instance.regione_id)
        else:
            limita_a_edizioni_aperte(self.fields["programma"])
        for nome in ("ente_capofila", "enti_partecipanti"):
            ENTI.collega(self.fields[nome], tutte=True, **regione)
            self.fields[nome].queryset = enti

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        regione: Regione | None = cleaned.get("regione")
        if regione is None:
            return cleaned
        capofila = cleaned.get("ente_capofila")
        if capofila and capofila.regione_id != regione.pk:
            self.add_error("ente_capofila", _("L'ente capofila deve appartenere alla regione del progetto."))
        estranei = [e.nome for e in cleaned.get("enti_partecipanti") or [] if e.regione_id != regione.pk]
        if estranei:
            self.add_error(
                "enti_partecipanti",
                _("Questi enti non appartengono alla regione del progetto: %(enti)s.") % {"enti": ", ".join(estranei)},
            )
        return cleaned


class FaseForm(ModuloBase):
    class Meta:
        model = Fase
        fields = [
            "stato",
            "data_inizio_prevista",
            "data_fine_prevista",
            "data_inizio_effettiva",
            "data_fine_effettiva",
            "avanzamento",
            "note",
        ]
        widgets = {
            "data_inizio_prevista": DataInput(),
            "data_fine_prevista": DataInput(),
            "data_inizio_effettiva": DataInput(),
            "data_fine_effettiva": DataInput(),
            "avanzamento": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"avanzamento": _("Da 0 a 100. Una fase completata è al 100%.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suggerito = self.instance.avanzamento_suggerito() if self.instance.pk else None
        if suggerito is None:
            return
        percento, svolte, totale = suggerito
        campo = self.fields["avanzamento"]
        campo.help_text = _(
            "Suggerito dalle attività della fase: %(percento)d%% (%(svolte)s svolte su %(totale)s, annullate escluse). "
            "Puoi indicare un valore diverso. Da 0 a 100; una fase completata è al 100%%."
        ) % {"percento": percento, "svolte": numero_italiano(svolte), "totale": numero_italiano(totale)}
        # Proposed where nothing was set yet for a phase under way (one to start has no progress).
        if not self.is_bound and not self.instance.avanzamento and self.instance.stato == Fase.Stato.IN_CORSO:
            self.initial["avanzamento"] = percento


class ReportForm(FormAllegatoMixin, ModuloBase):
    """The project is fixed by the view (the Operatore's current one, or the admin's choice)."""

    campi_allegato = ("file",)

    class Meta:
        model = Report
        # No state: a report reaches the public section through its workflow (proposed, then published).
        fields = ["tipo", "titolo", "ente", "data", "fase", "file", "abstract"]
        widgets = {"data": DataInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fase"].queryset = Fase.objects.for_user(user).filter(progetto=self.instance.progetto_id)
        limita_ente(self, self.instance.progetto.regione_id, user)


class OperaForm(ModuloBase):
    """Region and project come from the view; provinces and tavoli are limited to the region."""

    class Meta:
        model = OperaPrioritaria
        # The import's columns but region, edition and project (they come from the project), and the tavolo.
        fields = [colonna for colonna in COLONNE if colonna not in ("regione", "programma", "progetto")] + ["ente"]
        widgets = {
            "data_completamento_prevista": DataInput(),
            "descrizione": forms.Textarea(attrs={"rows": 4}),
            # Up to 1,000 characters: a box that shows a long title whole, with the live count.
            "titolo": forms.Textarea(attrs={"rows": 2}),
        }
        localized_fields = ["costo_stimato"]
        field_classes = {"costo_stimato": ImportoField, "titolo": CampoTestoLungo}
        help_texts = {
            "codice": _("Codice univoco dell'opera, usato anche dalle importazioni."),
            "cup": _("Codice Unico di Progetto, 15 caratteri (facoltativo)."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regione_id = self.instance.regione_id
        # The tavoli app sits above this one: reach its model through the relation, not an import.
        tavoli = OperaPrioritaria._meta.get_field("tavolo").related_model.objects.for_user(user)
        PROVINCE.collega(self.fields["province"], regione_id=regione_id, tutte=True)
        self.fields["province"].queryset = Provincia.objects.filter(regione=regione_id)
        limita_ente(self, regione_id, user)
        # The region's tavoli are searched (TAVOLI): only the chosen one is written out.
        TAVOLI.collega(self.fields["tavolo"], regione_id=regione_id)
        self.fields["tavolo"].queryset = tavoli.filter(progetto__regione=regione_id)

    def clean_titolo(self) -> str:
        # A title is one line: line breaks typed in the box become spaces.
        return " ".join((self.cleaned_data.get("titolo") or "").split())

    def clean_cup(self) -> str:
        return (self.cleaned_data.get("cup") or "").strip().replace(" ", "").upper()
