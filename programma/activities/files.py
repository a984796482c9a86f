"""Uploaded files are never served from MEDIA_URL: views scope the object, then stream it here,
always as a download and under a name that cannot change its meaning."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from programma.validators import ESTENSIONI
from regioni.scoping import get_for_user_or_404

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


def risposta_allegato(
    allegato: FieldFile,
    *,
    nome: str | None = None,
    in_linea: bool = False,
    request: HttpRequest | None = None,
    etag: str = "",
    cache: str = "",
) -> HttpResponseBase:
    """Stream a stored file. The caller has already scoped the object.

    An upload is always a download (it is not trusted HTML). A file the platform made itself (a
    Libro Bianco) may open in the browser (`in_linea`), and may carry its SHA-256 as `etag` with a
    `cache` policy: then a client that already has it gets a 304 without the file being opened.
    """
    if not allegato:
        raise Http404(_("Nessun file allegato."))
    if etag:
        etag = quote_etag(etag)
        if request is not None and etag in parse_etags(request.headers.get("If-None-Match", "")):
            response: HttpResponseBase = HttpResponseNotModified()
            response["ETag"] = etag
            if cache:
                response["Cache-Control"] = cache
            return response
    try:
        handle = allegato.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Il file non è più disponibile.")) from exc
    nome = nome_sicuro(nome or allegato.name)
    tipo = TIPI_PER_ESTENSIONE.get(os.path.splitext(nome)[1], "application/octet-stream")
    response = FileResponse(handle, as_attachment=not in_linea, filename=nome, content_type=tipo)
    response["X-Content-Type-Options"] = "nosniff"
    if etag:
        response["ETag"] = etag
    if cache:
        response["Cache-Control"] = cache
    return response


def vista_allegato(
    queryset: models.QuerySet | models.Manager, campo: str, *, pubblica: bool = False
) -> Callable[..., HttpResponseBase]:
    """The one download view of an object's file: GET `<pk>`, the object looked up in `queryset`,
    its file field `campo` streamed by `risposta_allegato`.

    By default the view asks for a login and scopes the object to the user (another region's
    object is a 404, `get_for_user_or_404`); `pubblica=True` serves anyone, and then `queryset`
    alone says what may be seen (e.g. `.pubblicati()`)."""

    @require_GET
    def vista(request: HttpRequest, pk: int) -> HttpResponseBase:
        if pubblica:
            oggetto: Any = get_object_or_404(queryset.all(), pk=pk)
        else:
            oggetto = get_for_user_or_404(queryset, request.user, pk=pk)
        return risposta_allegato(getattr(oggetto, campo))

    return vista if pubblica else login_required(vista)
