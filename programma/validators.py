"""Validators shared by the programme's models: uploads are judged by content and by name, long
texts by their length."""

import os
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from programma.numbers import numero_italiano

# MIME type -> what the user is told is accepted.
DOCUMENTI = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/vnd.oasis.opendocument.text": "OpenDocument (ODT)",
}
PRESENTAZIONI = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint (PPTX)",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument (ODP)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (XLSX)",
}
IMMAGINI = {"image/jpeg": "JPEG", "image/png": "PNG"}
# The extensions each accepted type may carry: a PDF named ".html", ".svg" or ".exe" is refused,
# since a browser or the desktop would treat the file by its name, not by what we checked.
ESTENSIONI = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}

CUP_RE = re.compile(r"^[A-Z][0-9]{2}[A-Z][0-9]{11}$")


def _controlla_file(file: File, ammessi: dict[str, str]) -> None:
    if file.size is not None and file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Il file è troppo grande (%(mb).1f MB): il massimo è %(max)d MB.")
            % {"mb": file.size / 1024 / 1024, "max": settings.MAX_UPLOAD_SIZE // 1024 // 1024},
            code="file_troppo_grande",
        )
    if file.size == 0:
        raise ValidationError(_("Il file è vuoto."), code="file_vuoto")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8192)
    file.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ammessi:
        raise ValidationError(
            _("Il contenuto del file non è di un tipo ammesso. Tipi ammessi: %(tipi)s.")
            % {"tipi": ", ".join(sorted(set(ammessi.values())))},
            code="tipo_non_ammesso",
        )
    estensione = os.path.splitext(file.name or "")[1].lower()
    if estensione not in ESTENSIONI[kind.mime]:
        raise ValidationError(
            _("Il nome del file deve finire con %(attese)s, come il suo contenuto (%(tipo)s).")
            % {"attese": " o ".join(ESTENSIONI[kind.mime]), "tipo": ammessi[kind.mime]},
            code="estensione_non_ammessa",
        )


def valida_documento(file: File) -> None:
    """Verbali: PDF, DOCX or ODT, checked by content."""
    _controlla_file(file, DOCUMENTI)


def valida_allegato(file: File) -> None:
    """Reports and event materials: documents, presentations, spreadsheets and pictures."""
    _controlla_file(file, DOCUMENTI | PRESENTAZIONI | IMMAGINI)


def valida_cup(value: str) -> None:
    if value and not CUP_RE.match(value):
        raise ValidationError(
            _("Il CUP deve avere 15 caratteri: una lettera, due cifre, una lettera e undici cifre (es. J51B21000050001)."),
            code="cup_non_valido",
        )


@deconstructible
class LunghezzaMassima(MaxLengthValidator):
    """Django's check of a text's length, saying both numbers as Italians write them."""

    def __call__(self, value: str) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                _("Al massimo %(limite)s caratteri (ne hai scritti %(scritti)s)."),
                code=self.code,
                params={
                    "limite": numero_italiano(self.limit_value),
                    "scritti": numero_italiano(len(value)),
                    "limit_value": self.limit_value,
                    "show_value": len(value),
                    "value": value,
                },
            )
