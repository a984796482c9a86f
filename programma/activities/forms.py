"""Form pieces every staff form uses: the date widget, the Italian amount field, the form base."""

from __future__ import annotations

import os
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from programma.activities.models import AllegatoSospeso
from programma.fields import CampoTestoLungo, Limite
from programma.importazione.fileformat import ValoreNonValido, leggi_importo
from programma.models import AttivitaRegionale, StatoAttivita
from regioni.scoping import ambito_di, enti_assegnabili


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


class CampoElenco(forms.CharField):
    """A list typed one entry per line (municipalities, organisations, work codes): an optional
    text box of `righe` rows; the form reads the lines."""

    def __init__(self, *, righe: int, attrs: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(widget=forms.Textarea(attrs={"rows": righe, **(attrs or {})}), **kwargs)


class ModuloBase(forms.ModelForm):
    """Rendered by crispy with one "Salva" button."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("salva", _("Salva")))


class PassaggioForm(forms.Form):
    """The confirmation of a workflow step; whether the comment is asked or required is the step's (`Passaggio.commento`)."""

    commento = CampoTestoLungo(label=_("Commento"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=Limite.COMMENTO)


class FormAllegatoMixin:
    """File fields that never lose work.

    - A stored file is checked only when it changes (it was checked on upload), and the edit form
      links it to its scoped download, never to MEDIA_URL.
    - A file attached to a form the server rejects is kept (`AllegatoSospeso`, scoped to the user)
      and the form shows "File già allegato: nome — sostituisci / rimuovi": submitting again
      without a new file attaches it, exactly as if it had been uploaded again.
    The view calls `prepara_allegati` before validation and `conserva_allegati` on a rejection.
    """

    campi_allegato: tuple[str, ...] = ()

    def _get_validation_exclusions(self) -> set[str]:
        exclude = super()._get_validation_exclusions()  # type: ignore[misc]
        for campo in self.campi_allegato:
            if campo not in self.changed_data:  # type: ignore[attr-defined]
                exclude.add(campo)
        return exclude

    def prepara_allegati(self, user: Any, scaricamenti: dict[str, str]) -> None:
        """Link stored files to their download; put a pending file back in place of an upload."""
        self._sospesi: dict[str, AllegatoSospeso] = {}
        for campo in self.campi_allegato:
            widget = self.fields[campo].widget  # type: ignore[attr-defined]
            widget.url_scaricamento = scaricamenti.get(campo, "")
            if not self.is_bound or campo in self.files:  # type: ignore[attr-defined]
                continue
            gettone = self.data.get(f"{campo}_sospeso", "")  # type: ignore[attr-defined]
            if not gettone or self.data.get(f"{campo}_sospeso_rimuovi"):  # type: ignore[attr-defined]
                continue
            sospeso = AllegatoSospeso.objects.da_gettone(gettone, user)
            if sospeso is None or not sospeso.file.storage.exists(sospeso.file.name):
                continue
            self.files = self.files.copy()  # type: ignore[attr-defined]
            self.files[campo] = File(sospeso.file.open("rb"), name=sospeso.nome)
            self._sospesi[campo] = sospeso
            widget.sospeso = sospeso

    def conserva_allegati(self, user: Any) -> None:
        """After a rejection: keep every file that passed its own checks for the next submit."""
        for campo in self.campi_allegato:
            caricato = self.files.get(campo)  # type: ignore[attr-defined]
            if caricato is None or campo in self.errors:  # type: ignore[attr-defined]
                continue
            sospeso = self._sospesi.get(campo)
            if sospeso is None:
                sospeso = AllegatoSospeso(utente=user, nome=os.path.basename(caricato.name)[:255])
                caricato.seek(0)
                sospeso.file.save(sospeso.nome, caricato, save=True)
            self.fields[campo].widget.sospeso = sospeso  # type: ignore[attr-defined]

    def allegati_usati(self) -> list[AllegatoSospeso]:
        """The pending files this (valid) form used: the view deletes them once saved."""
        return list(getattr(self, "_sospesi", {}).values())


class StatoDaDataMixin:
    """An activity's state defaults to what its date says: held if past, planned if future.

    The choice is left empty on a new record; the model refuses a future activity marked held.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stato = self.fields["stato"]  # type: ignore[attr-defined]
        if not self.instance.pk:  # type: ignore[attr-defined]
            stato.required = False
            stato.choices = [("", _("In base alla data (svolto se passata)")), *StatoAttivita.choices]
            # The instance's default ("pianificato") would otherwise be what the form shows.
            self.initial["stato"] = ""  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        if not cleaned.get("stato") and cleaned.get("data"):
            cleaned["stato"] = AttivitaRegionale.stato_per_data(cleaned["data"])
        return cleaned


def limita_ente(form: forms.ModelForm, regione_id: int | None, user: Any) -> None:
    """The `ente` field offers the enti the user may record (`enti_assegnabili`: the region's Camere
    and Unione, or a Camera's Operatore their Camera alone, then required); a new record proposes
    the user's own ente."""
    campo = form.fields["ente"]
    campo.queryset = enti_assegnabili(user, regione_id).order_by("tipo", "nome")
    if ambito_di(user).camera is not None:
        campo.required = True
        campo.empty_label = None
    else:
        campo.empty_label = _("Non indicato")
    if form.instance.pk is None and form.initial.get("ente") is None:
        ente = ambito_di(user).ente
        if ente is not None and ente.regione_id == regione_id:
            form.initial["ente"] = ente.pk
