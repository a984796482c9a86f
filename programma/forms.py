"""Staff forms of the programme; business rules stay in the models' clean()."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programma.importazione.fileformat import COLONNE
from programma.activities.forms import DataInput, FormAllegatoMixin, ImportoField, ModuloBase, limita_ente
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Programma, Report
from regioni.models import Ente, Provincia, Regione


class EnteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Ente) -> str:
        return f"{obj.nome} — {obj.regione.nome_breve}"


class EntiChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Ente) -> str:
        return f"{obj.nome} — {obj.regione.nome_breve}"


class EdizioneForm(ModuloBase):
    class Meta:
        model = Programma
        fields = ["nome", "data_inizio", "data_fine", "attivo"]
        widgets = {"data_inizio": DataInput(), "data_fine": DataInput()}
        help_texts = {"attivo": _("Attivare questa edizione disattiva quella attualmente attiva.")}

    def _get_validation_exclusions(self) -> set[str]:
        # "One active edition" holds after save(), which retires the previous one first.
        return {*super()._get_validation_exclusions(), "attivo"}


class ProgettoForm(ModuloBase):
    """Edition and region are chosen once; the enti must belong to that region."""

    ente_capofila = EnteChoiceField(queryset=Ente.objects.none(), label=_("Ente capofila"))
    enti_partecipanti = EntiChoiceField(
        queryset=Ente.objects.none(),
        required=False,
        label=_("Enti partecipanti"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Tieni premuto Ctrl (⌘ su Mac) per sceglierne più di uno."),
    )

    class Meta:
        model = ProgettoRegionale
        fields = ["programma", "regione", "titolo", "descrizione", "ente_capofila", "enti_partecipanti", "budget"]
        localized_fields = ["budget"]
        field_classes = {"budget": ImportoField}
        widgets = {"descrizione": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enti = Ente.objects.select_related("regione")
        if self.instance.pk:
            self.fields["programma"].disabled = True
            self.fields["regione"].disabled = True
            enti = enti.filter(regione=self.instance.regione_id)
        else:
            self.fields["programma"].initial = Programma.objects.attivo()
        self.fields["ente_capofila"].queryset = enti
        self.fields["enti_partecipanti"].queryset = enti

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


class ReportForm(FormAllegatoMixin, ModuloBase):
    """The project is fixed by the view (the Operatore's current one, or the admin's choice)."""

    campi_allegato = ("file",)

    class Meta:
        model = Report
        fields = ["tipo", "titolo", "ente", "data", "fase", "file", "abstract", "pubblicato"]
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
            "province": forms.SelectMultiple(attrs={"size": 6}),
            "descrizione": forms.Textarea(attrs={"rows": 4}),
        }
        localized_fields = ["costo_stimato"]
        field_classes = {"costo_stimato": ImportoField}
        help_texts = {
            "codice": _("Codice univoco dell'opera, usato anche dalle importazioni."),
            "cup": _("Codice Unico di Progetto, 15 caratteri (facoltativo)."),
            "province": _("Tieni premuto Ctrl (⌘ su Mac) per sceglierne più di una."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regione_id = self.instance.regione_id
        # The tavoli app sits above this one: reach its model through the relation, not an import.
        tavoli = OperaPrioritaria._meta.get_field("tavolo").related_model.objects.for_user(user)
        self.fields["province"].queryset = Provincia.objects.filter(regione=regione_id)
        limita_ente(self, regione_id, user)
        self.fields["tavolo"].queryset = tavoli.filter(progetto__regione=regione_id).select_related("progetto__regione")

    def clean_cup(self) -> str:
        return (self.cleaned_data.get("cup") or "").strip().replace(" ", "").upper()
