"""The pages' cache: fail-open, and the public pages' bodies kept per version of the data.

The cache fails open: when Redis does not answer, a read is a miss and a write is skipped. Cached
counter and public pages are an optimisation, never a dependency: with Redis down they are computed
again on every request instead of answering 500 (the recount's own use of Redis is guarded in
contatori.services).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.text import compress_string
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

T = TypeVar("T")

logger = logging.getLogger(__name__)


class RedisTollerante(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            logger.warning("Cache non raggiungibile: lettura saltata", exc_info=True)
            return default

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            logger.warning("Cache non raggiungibile: scrittura saltata", exc_info=True)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            logger.warning("Cache non raggiungibile: scrittura saltata", exc_info=True)
            return False


# --- Public pages: built once per version of the published data -----------------------------------
# The version is the counters' snapshot generation (contatori/generation.py): every save of counted
# data queues a recount, and a completed recount is a new generation. The apps below contatori
# (programma, eventi) ask for it through `versione_richiesta`, which contatori answers; none of
# them imports contatori.


@dataclass(frozen=True)
class Versione:
    chiave: str
    modificata_il: dt.datetime


versione_richiesta = Signal()  # kwargs: request; a receiver returns a Versione, or None before any


def versione_dati(request: HttpRequest) -> Versione | None:
    for _ricevitore, versione in versione_richiesta.send(sender=None, request=request):
        if versione is not None:
            return versione
    return None


# Entries of one version never change, so each process may also keep the latest few in memory: a hit
# then costs no round trip to Redis and no unpickling (the public counters page is 100 KB).
MEMORIA_MAX = 64
_memoria: OrderedDict[str, Any] = OrderedDict()
_memoria_lock = threading.Lock()


def memorizzato(
    chiave: str, calcola: Callable[[], T], secondi: int, *, da_tenere: Callable[[T], bool] | None = None, ripiego: str | None = None
) -> T:
    """`calcola()` once for this key, kept `secondi` in the process and in the fail-open `pagine` cache
    (unless `da_tenere(valore)` says no). The key must name the data's version: values are shared
    between requests and never refreshed, so return immutable ones (bytes, str, tuples), not responses.

    Single flight: when a new version makes the key new, the requests that miss it at once do not all
    compute it; the first marks it being computed and the others wait for its value (see `_in_volo`).
    With `ripiego` (the key's name without its version), they do not even wait: they get the latest
    value this process kept under that name, the previous version's, while the new one is made. The
    caller must be able to tell (a public body carries its own ETag)."""
    if not secondi:
        return calcola()
    with _memoria_lock:
        if chiave in _memoria:
            _memoria.move_to_end(chiave)
            return _memoria[chiave]
    cache = caches["pagine"]
    valore = cache.get(chiave, _MANCANTE)
    if valore is _MANCANTE:
        valore = _in_volo(cache, chiave, calcola, secondi, da_tenere, ripiego)
        if isinstance(valore, _NonTenuto):
            return valore.valore
    with _memoria_lock:
        _memoria[chiave] = valore
        while len(_memoria) > MEMORIA_MAX:
            _memoria.popitem(last=False)
        if ripiego is not None:
            _ultimi[ripiego] = valore
            while len(_ultimi) > MEMORIA_MAX:
                _ultimi.pop(next(iter(_ultimi)))
    return valore


# The latest value kept under each `ripiego` name in this process (at most MEMORIA_MAX names).
_ultimi: dict[str, Any] = {}


# A request that finds a key being computed elsewhere waits for it at most this long (then computes
# it itself: the other may have died); the mark lapses after VOLO_SECONDI in any case.
ATTESA_MASSIMA_SECONDI = 10.0
VOLO_SECONDI = 30
PASSO_ATTESA_SECONDI = 0.025


@dataclass(frozen=True)
class _NonTenuto:
    """A value computed for this request only (`da_tenere` said no): neither kept nor shared."""

    valore: Any


def _in_volo(
    cache: Any, chiave: str, calcola: Callable[[], T], secondi: int, da_tenere: Callable[[T], bool] | None, ripiego: str | None
) -> Any:
    """Compute a missing key once across threads and processes: the first request marks it
    (`cache.add`, atomic in Redis and in the local memory cache) and computes it; the others poll for
    its value, which costs them no CPU, instead of computing the same page at the same moment (after
    every recount, a dozen requests would render the dashboard at once on two cores). A waiter computes
    the value itself when the mark goes away without a value (a value not to keep, or a crash), after
    ATTESA_MASSIMA_SECONDI, or at once when the cache does not answer (the mark reads as missing).
    A waiter with a `ripiego` value in this process gets it at once instead, neither kept nor shared."""
    volo = f"{chiave}:in-volo"
    if not cache.add(volo, 1, VOLO_SECONDI):
        with _memoria_lock:
            precedente = _ultimi.get(ripiego, _MANCANTE) if ripiego is not None else _MANCANTE
        if precedente is not _MANCANTE and cache.get(volo) is not None:
            return _NonTenuto(precedente)
        fine = time.monotonic() + ATTESA_MASSIMA_SECONDI
        while True:
            valore = cache.get(chiave, _MANCANTE)
            if valore is not _MANCANTE:
                return valore
            if time.monotonic() >= fine or cache.get(volo) is None:
                return _calcola_e_tieni(cache, chiave, calcola, secondi, da_tenere)
            time.sleep(PASSO_ATTESA_SECONDI)
    try:
        return _calcola_e_tieni(cache, chiave, calcola, secondi, da_tenere)
    finally:
        with contextlib.suppress(Exception):
            cache.delete(volo)


def _calcola_e_tieni(cache: Any, chiave: str, calcola: Callable[[], T], secondi: int, da_tenere: Callable[[T], bool] | None) -> Any:
    valore = calcola()
    if da_tenere is not None and not da_tenere(valore):
        return _NonTenuto(valore)
    cache.set(chiave, valore, secondi)
    return valore


_MANCANTE = object()


def personale(request: HttpRequest) -> bool:
    """A visitor with a session or a pending message may see something of their own on the page
    (the menu, a message, a form's token): their page is rendered for them, never shared."""
    return bool(request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name})


def parametri(**ammessi: Collection[str] | Callable[[str], bool]) -> Callable[..., str | None]:
    """A public page's variants: its path and these query parameters, each once, with a value in its
    collection or passing its test (an empty value is the parameter left out). Anything else (a
    made-up parameter, a wrong value) is rendered for that request only, so that no URL can fill the
    cache with copies or put itself into a body others share. Path arguments need nothing: a wrong
    one is a 404, which is not kept."""

    def variante(request: HttpRequest, **kwargs: Any) -> str | None:
        if not set(request.GET) <= set(ammessi):
            return None
        scelti = []
        for nome in sorted(request.GET):
            valori = request.GET.getlist(nome)
            if len(valori) != 1:
                return None
            validi = ammessi[nome]
            if valori[0] and not (validi(valori[0]) if callable(validi) else valori[0] in validi):
                return None
            scelti.append(f"{nome}={valori[0]}")
        return request.path + "?" + "&".join(scelti)

    return variante


def pagina_pubblica(
    view: Callable[..., HttpResponse] | None = None, *, variante: Callable[..., str | None] | None = None
) -> Any:
    """A public page or open-data body (GET only). A visitor with nothing of their own shares one body
    per data version, day (pages list the events to come) and variant (`variante(request, **kwargs)`:
    a string naming the page and its valid parameters, or None for an answer not to share; by default
    the page takes no parameters), revalidated with an ETag; a 200 only is kept. Anyone else gets the
    page rendered for them."""
    variante = variante or parametri()

    def decora(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        @require_GET
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            versione = versione_dati(request)
            nome = variante(request, **kwargs)
            if versione is None or nome is None or personale(request):
                return view(request, *args, **kwargs)
            oggi = timezone.localdate().isoformat()
            # The site as the visitor named it (one of ALLOWED_HOSTS): open data carries absolute URLs.
            nome = f"{request.scheme}://{request.get_host()}{nome}"
            etag = quote_etag(hashlib.sha256(f"{versione.chiave}|{oggi}|{nome}".encode()).hexdigest()[:32])
            non_modificata = get_conditional_response(request, etag=etag)
            if non_modificata is not None:
                return non_modificata

            def risposta() -> tuple[int, bytes, tuple[tuple[str, str], ...], bytes, str]:
                r = view(request, *args, **kwargs)
                # Compressed once with the body, not by GZipMiddleware at every request (the counters'
                # page is 200 KB). Nothing here is the visitor's own, so BREACH has nothing to read.
                return r.status_code, r.content, tuple(r.headers.items()), compress_string(r.content), etag

            secondi = settings.CONTATORI_CACHE_SECONDI
            # While another request makes a new version's body, this one gets the previous version's
            # (`ripiego`), with that version's ETag: the next visit, or the live pages' next poll
            # (frontend/vivo.js keeps the generation the page it fetched carries), gets the new one.
            stato, corpo, intestazioni, compresso, etag_corpo = memorizzato(
                f"pubblico:{versione.chiave}:{oggi}:{nome}", risposta, secondi, da_tenere=lambda r: r[0] == 200, ripiego=f"pubblico:{nome}"
            )
            if stato != 200:
                return HttpResponse(corpo, status=stato, headers=dict(intestazioni))
            response = HttpResponse(corpo, headers=dict(intestazioni))
            response["ETag"] = etag_corpo
            patch_vary_headers(response, ("Accept-Encoding",))
            if len(compresso) < len(corpo) and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
                # As GZipMiddleware would answer, which then leaves an encoded response alone.
                response.content = compresso
                response["Content-Length"] = str(len(compresso))
                response["Content-Encoding"] = "gzip"
                response["ETag"] = f"W/{etag_corpo}"
            patch_cache_control(response, no_cache=True)  # kept, and revalidated: a 304 until the data change
            patch_vary_headers(response, ("Cookie",))
            return response

        return wrapper

    return decora(view) if view is not None else decora
