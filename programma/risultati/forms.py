"""Staff forms of the programme's results; the rules stay on the models (clean() and the workflow)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programma.activities.autocomplete import FormSetConScelte
from programma.activities.forms import DataInput, FormAllegatoMixin, ModuloBase
from programma.forms import OPERE, EntiChoiceField, limita_a_edizioni_aperte
from programma.models import DocumentoNazionale, Indicazione, OperaPrioritaria, OperaSostenuta, ProgettoStrategico
from regioni.models import Ente


class ProgettoStrategicoForm(ModuloBase):
    """The text of the strategic project, the enti that sign it and the tavoli it draws on.

    Choices are limited to the project's region: its enti, its tavoli (reached through the relation,
    since tavoli is an app above this one).
    """

    enti_firmatari = EntiChoiceField(
        queryset=Ente.objects.none(),
        required=False,
        label=_("Enti firmatari"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProgettoStrategico
        fields = ["titolo", "contesto", "obiettivi", "enti_firmatari", "tavoli"]
        widgets = {
            "contesto": forms.Textarea(attrs={"rows": 8}),
            "obiettivi": forms.Textarea(attrs={"rows": 6}),
            "tavoli": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "contesto": _("Il quadro del territorio e l'analisi di domanda e offerta di infrastrutture."),
            "tavoli": _("I tavoli di confronto della regione da cui nascono le indicazioni."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formsets share the page: one <form> and one button, drawn by the template.
        self.helper.form_tag = False
        self.helper.inputs = []
        progetto = self.instance.progetto
        self.fields["enti_firmatari"].queryset = Ente.objects.filter(regione=progetto.regione_id).select_related("regione")
        tavoli = ProgettoStrategico._meta.get_field("tavoli").related_model.objects.for_user(user)
        self.fields["tavoli"].queryset = tavoli.filter(progetto=progetto).order_by("-data")


class IndicazioneForm(forms.ModelForm):
    class Meta:
        model = Indicazione
        fields = ["tema", "testo", "destinatario", "ordine"]
        widgets = {"testo": forms.Textarea(attrs={"rows": 3})}


class OperaSostenutaForm(forms.ModelForm):
    class Meta:
        model = OperaSostenuta
        fields = ["opera", "livello"]

    def __init__(self, *args: Any, opere: Any, regione_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A region may have thousands of works: each row writes out only its own, the rest are searched.
        OPERE.collega(self.fields["opera"], regione_id=regione_id)
        self.fields["opera"].queryset = opere


IndicazioniFormSet = forms.inlineformset_factory(
    ProgettoStrategico, Indicazione, form=IndicazioneForm, extra=2, can_delete=True, max_num=60, validate_max=True
)
OpereSostenuteFormSet = forms.inlineformset_factory(
    ProgettoStrategico, OperaSostenuta, form=OperaSostenutaForm, formset=FormSetConScelte, extra=2, can_delete=True, max_num=200, validate_max=True
)


def opere_della_regione(user: Any, progetto: Any) -> Any:
    """The works a strategic project may endorse: its region's, in the user's scope."""
    return OperaPrioritaria.objects.for_user(user).filter(regione=progetto.regione_id).order_by("livello_priorita", "codice")


class DocumentoNazionaleForm(FormAllegatoMixin, ModuloBase):
    campi_allegato = ("file",)

    class Meta:
        model = DocumentoNazionale
        # No state: a document reaches the public section through its workflow (proposed, then published).
        fields = ["programma", "tipo", "titolo", "data", "abstract", "file"]
        widgets = {"data": DataInput(), "abstract": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            limita_a_edizioni_aperte(self.fields["programma"])
        else:
            # A document stays in its edition (the active one: a closed edition's is not edited).
            self.fields["programma"].disabled = True
