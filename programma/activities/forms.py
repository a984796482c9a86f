"""Form pieces every staff form uses: the date widget, the Italian amount field, the form base."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from programma.importazione.formato import ValoreNonValido, leggi_importo
from regioni.models import Ente
from regioni.scoping import ambito_di


class DataInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ImportoField(forms.DecimalField):
    """An amount typed as Italians write it ("1.234.567,89", "€ 1.500") or "1234567.89".

    The parser is the import's (`leggi_importo`), so a form and a file read amounts alike.
    """

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            try:
                value = leggi_importo(value.strip())
            except ValoreNonValido as exc:
                raise forms.ValidationError(str(exc).capitalize() + ".", code="invalid") from exc
        return super().to_python(value)


class ModuloBase(forms.ModelForm):
    """Rendered by crispy with one "Salva" button."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("salva", _("Salva")))


class FormAllegatoMixin:
    """Check an uploaded file only when it changes: the stored one was checked on upload."""

    campi_allegato: tuple[str, ...] = ()

    def _get_validation_exclusions(self) -> set[str]:
        exclude = super()._get_validation_exclusions()  # type: ignore[misc]
        for campo in self.campi_allegato:
            if campo not in self.changed_data:  # type: ignore[attr-defined]
                exclude.add(campo)
        return exclude


def limita_ente(form: forms.ModelForm, regione_id: int | None, user: Any) -> None:
    """The `ente` field offers the region's Camere and Unione; a new record proposes the user's own ente."""
    campo = form.fields["ente"]
    campo.queryset = Ente.objects.filter(regione_id=regione_id).order_by("tipo", "nome")
    campo.empty_label = _("Non indicato")
    if form.instance.pk is None and form.initial.get("ente") is None:
        ente = ambito_di(user).ente
        if ente is not None and ente.regione_id == regione_id:
            form.initial["ente"] = ente.pk
