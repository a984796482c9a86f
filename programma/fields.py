"""Long texts: the longest each kind may be, and the one field class that makes the limit real.

Django's `TextField(max_length=N)` only writes `maxlength` on the form's textarea: the model takes
any length, and a browser without the attribute (or a script) sends what it likes. `TestoLungo`
checks the limit in the model too (`full_clean`, the admin), and its form field `CampoTestoLungo`
in every form, with one Italian message (`programma.validators.LunghezzaMassima`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from programma.validators import LunghezzaMassima


class Limite:
    """The longest text of each kind, in characters (a line break counts as one).

    The Libro Bianco prints the strategic project's texts whole: their limits bound its size, and
    so the time and memory its rendering takes. The import of works checks `DESCRIZIONE` per row.
    """

    CONTESTO = 20_000  # ProgettoStrategico.contesto: the territory and its analysis, a chapter of the book
    OBIETTIVI = 20_000  # ProgettoStrategico.obiettivi
    INDICAZIONE = 2_000  # Indicazione.testo: one recommendation
    COMMENTO = 4_000  # ProgettoStrategico.commento: why the coordinator sent it back, or a note
    DESCRIZIONE = 5_000  # ProgettoRegionale, OperaPrioritaria, Evento
    SINTESI = 5_000  # TavoloConfronto.sintesi: the themes and conclusions of a tavolo
    ABSTRACT = 3_000  # Report.abstract, DocumentoNazionale.abstract
    NOTE = 3_000  # Fase.note
    # OperaPrioritaria.titolo (a CharField): public registers have long ones (the 2016 earthquake's
    # reconstruction register has titles of 620 characters). Lists show them shortened.
    TITOLO_OPERA = 1_000
    # Written by the system, never typed; the code that writes them stays within.
    MESSAGGIO = 2_000  # Importazione.messaggio, Stampa.messaggio (why a book could not be printed)
    ERRORE = 4_000  # RicalcoloLog.errore: the end of a traceback


class CampoTestoLungo(forms.CharField):
    """A textarea of at most `max_length` characters, counted as the browser counts them.

    A textarea's `maxlength` (and the counter under it) counts a line break as one character, but
    the browser submits it as two ("\\r\\n"): a text that fits in the page would be refused here.
    Line breaks become "\\n" before the check, and that is what gets stored.
    """

    widget = forms.Textarea

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        # Django's own check would speak first, with its message and numbers without grouping.
        self.validators = [v for v in self.validators if type(v) is not MaxLengthValidator]
        self.validators.append(LunghezzaMassima(max_length))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            # The live count under the textarea (frontend/moduli.js); its texts come with the
            # field, so the page's language stays on the server.
            attrs.update(
                {
                    "data-conteggio": _("{scritti} / {limite} caratteri"),
                    "data-conteggio-vicino": _("Vicino al limite: {scritti} caratteri su {limite}."),
                    "data-conteggio-pieno": _("Limite raggiunto: {limite} caratteri."),
                }
            )
        return attrs


class TestoLungo(models.TextField):
    """A TextField whose `max_length` (required) the model validates, not only the form's widget."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(LunghezzaMassima(max_length))

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": CampoTestoLungo, **kwargs})

    def deconstruct(self) -> Any:
        name, _percorso, args, kwargs = super().deconstruct()
        # The validator follows from max_length at run time: migrations record a plain TextField
        # with its max_length, and never depend on this class.
        return name, "django.db.models.TextField", args, kwargs


_ETICHETTE: dict[Any, dict[Any, Any]] = {}


class EtichetteScelte:
    """`get_FOO_display` from a dict made once per field: Django's rebuilds the field's choices at
    every call (`dict(make_hashable(field.flatchoices))`), which cost a list of twenty projects with
    their eighty phases 340 rebuilds a page. The labels stay lazy: each call translates its own, in
    the request's language. First among a model's bases, before `models.Model`."""

    def _get_FIELD_display(self, field: models.Field) -> Any:
        etichette = _ETICHETTE.get(field)
        if etichette is None:
            etichette = _ETICHETTE.setdefault(field, dict(make_hashable(field.flatchoices)))
        valore = getattr(self, field.attname)
        return force_str(etichette.get(make_hashable(valore), valore), strings_only=True)
