"""Validators shared by the programme's models: uploads are judged by content, not name."""

import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

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
