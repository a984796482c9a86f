"""Uploaded files are never served from MEDIA_URL: views scope the object, then stream it here."""

from __future__ import annotations

import os

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def risposta_allegato(allegato: FieldFile) -> FileResponse:
    """Stream an uploaded file as a download. The caller has already scoped the object."""
    if not allegato:
        raise Http404(_("Nessun file allegato."))
    try:
        handle = allegato.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Il file non è più disponibile.")) from exc
    # A download, never rendered inline: an uploaded file is not trusted HTML.
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(allegato.name))
