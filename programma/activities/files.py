"""Uploaded files are never served from MEDIA_URL: views scope the object, then stream it here,
always as a download and under a name that cannot change its meaning."""

from __future__ import annotations

import os
import re
import unicodedata

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from programma.validators import ESTENSIONI

# Extension -> the content type it is served as; anything else is served as opaque bytes.
TIPI_PER_ESTENSIONE = {estensione: tipo for tipo, estensioni in ESTENSIONI.items() for estensione in estensioni}
_NON_SICURI = re.compile(r"[^A-Za-z0-9._-]+")


def nome_sicuro(nome: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only, no leading dot, and an accepted
    extension (a file stored before extensions were checked gets ".bin" appended)."""
    base = unicodedata.normalize("NFKD", os.path.basename(nome)).encode("ascii", "ignore").decode()
    base = _NON_SICURI.sub("_", base).strip("._") or "file"
    radice, estensione = os.path.splitext(base)
    if estensione.lower() not in TIPI_PER_ESTENSIONE:
        return f"{base[:120]}.bin"
    return f"{radice[:120]}{estensione.lower()}"


def risposta_allegato(allegato: FieldFile) -> FileResponse:
    """Stream an uploaded file as a download. The caller has already scoped the object."""
    if not allegato:
        raise Http404(_("Nessun file allegato."))
    try:
        handle = allegato.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Il file non è più disponibile.")) from exc
    nome = nome_sicuro(allegato.name)
    tipo = TIPI_PER_ESTENSIONE.get(os.path.splitext(nome)[1], "application/octet-stream")
    # A download, never rendered inline: an uploaded file is not trusted HTML.
    response = FileResponse(handle, as_attachment=True, filename=nome, content_type=tipo)
    response["X-Content-Type-Options"] = "nosniff"
    return response
