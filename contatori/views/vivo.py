"""The live pages' poll: has the counters' generation changed since the page was drawn?

The dashboard, the region pages, the public counters page and the public home carry their generation
(`contatori/_vivo.html`) and load frontend/vivo.js, which asks this endpoint every few seconds while
the tab is visible, with the generation as `If-None-Match`. An unchanged generation is a 304 read from
the cache alone (`generazione_attuale`), and the request never reaches the session, the user or the
database: `GenerazioneMiddleware` answers it before them (200 pages open cost no query each few
seconds; `make bench`'s "vivo" section measures it). A new one is a 200 with its ETag, after which the
script fetches the page again and swaps the fragments whose digest changed (`{% frammento %}`).

Public: the generation is no secret (the public pages' ETag is the same key), and every role's page
polls it.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags, quote_etag
from django.views.decorators.http import require_GET

from contatori.generation import CHIAVE_GENERAZIONE, GENERAZIONE_SECONDI, Generazione, generazione_di
from contatori.generation import generazione as generazione_letta
from contatori.services import ricalcola_se_modificati


def generazione_attuale() -> Generazione | None:
    """The newest generation for the live pages' poll: one cache read while it has not changed.

    On a miss (a save without a worker dropped it, or it expired) it is read as the pages read it,
    after the recount a page does first without a worker, and kept with `add`, which never replaces
    the newer key a completing recount may have written meanwhile."""
    gen = caches["pagine"].get(CHIAVE_GENERAZIONE)
    if gen is not None:
        return gen
    ricalcola_se_modificati()
    gen = generazione_letta()
    if gen is not None:
        caches["pagine"].add(CHIAVE_GENERAZIONE, gen, GENERAZIONE_SECONDI)
    return gen


def etag_generazione(chiave: str | None) -> str:
    """The ETag the endpoint answers with, and that a page carries for its first poll."""
    return quote_etag(chiave) if chiave else ""


def contesto_vivo(request: HttpRequest) -> dict[str, str]:
    """What `contatori/_vivo.html` needs: the ETag of the generation the page shows."""
    gen = generazione_di(request)
    return {"etag_vivo": etag_generazione(gen.chiave if gen else None)}


@require_GET
def generazione(request: HttpRequest) -> HttpResponse:
    gen = generazione_attuale()
    etag = etag_generazione(gen.chiave if gen else None)
    if etag and etag in parse_etags(request.headers.get("If-None-Match", "")):
        risposta: HttpResponse = HttpResponseNotModified()
    else:
        risposta = JsonResponse(
            {
                "generazione": gen.chiave if gen else None,
                "aggiornato_il": timezone.localtime(gen.terminato_il).isoformat() if gen else None,
            }
        )
    if etag:
        risposta["ETag"] = etag
    # Every poll asks again: nothing between the page and the server may answer for it.
    patch_cache_control(risposta, no_cache=True)
    return risposta


class GenerazioneMiddleware:
    """Answers the poll before the session, the user and the messages are read (each a query for a
    logged-in user): placed in MIDDLEWARE before SessionMiddleware. Any other request goes on."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self._percorso: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._percorso is None:
            self._percorso = reverse("contatori:generazione")
        if request.path_info == self._percorso and request.method in ("GET", "HEAD"):
            return generazione(request)
        return self.get_response(request)
