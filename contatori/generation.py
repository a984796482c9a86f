"""The snapshot generation: what every cached counter page and body is keyed by.

As in djangoproject.com's dashboard, one generation key invalidates every cached fragment at once.
Ours is not a separate counter bumped by the recount but the recount's own run log: the newest
completed run (its id and start time). A recount marks its run completed only after the snapshot
rows have committed, so completing *is* the bump, and there is no second piece of state that could
drift from the data (a lost cache write can at worst cost a recomputation, never show old numbers).
Reading it is one indexed query per request.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from contatori.models import RicalcoloLog

T = TypeVar("T")
_ATTRIBUTO_RICHIESTA = "_generazione_contatori"


@dataclass(frozen=True)
class Generazione:
    chiave: str  # run id and start time in µs: unique even where ids are reused (a rolled-back test)
    terminato_il: dt.datetime


def generazione() -> Generazione | None:
    """The newest completed recount, or None before the first one (then nothing is cached)."""
    riga = (
        RicalcoloLog.objects.filter(esito=RicalcoloLog.Esito.COMPLETATO)
        .order_by("-pk")
        .values_list("pk", "avviato_il", "terminato_il")
        .first()
    )
    if riga is None:
        return None
    pk, avviato_il, terminato_il = riga
    return Generazione(chiave=f"{pk}.{int(avviato_il.timestamp() * 1_000_000)}", terminato_il=terminato_il or avviato_il)


def generazione_di(request: HttpRequest) -> Generazione | None:
    """The generation read once per request (the ETag, Last-Modified and the view all need it)."""
    if not hasattr(request, _ATTRIBUTO_RICHIESTA):
        setattr(request, _ATTRIBUTO_RICHIESTA, generazione())
    return getattr(request, _ATTRIBUTO_RICHIESTA)


def secondi_in_cache(gen: Generazione | None) -> int:
    """How long a fragment of this generation is kept; 0 (not kept) before the first recount or
    with CONTATORI_CACHE_SECONDI=0, the switch the load bench uses to measure the pages uncached."""
    return settings.CONTATORI_CACHE_SECONDI if gen is not None else 0


# Entries of one generation never change, so each process may also keep the latest few in memory:
# a hit then costs no round trip to Redis and no unpickling (the public page is 100 KB).
MEMORIA_MAX = 64
_memoria: OrderedDict[str, Any] = OrderedDict()
_memoria_lock = threading.Lock()


def in_cache(gen: Generazione | None, nome: str, calcola: Callable[[], T]) -> T:
    """`calcola()` once per generation: a newer recount makes a new key, so nothing is ever stale.
    Values are shared between requests: return immutable ones (bytes, str), not responses."""
    secondi = secondi_in_cache(gen)
    if not secondi:
        return calcola()
    chiave = f"contatori:{gen.chiave}:{nome}"  # type: ignore[union-attr]
    with _memoria_lock:
        if chiave in _memoria:
            _memoria.move_to_end(chiave)
            return _memoria[chiave]
    valore = caches["pagine"].get_or_set(chiave, calcola, secondi)
    with _memoria_lock:
        _memoria[chiave] = valore
        while len(_memoria) > MEMORIA_MAX:
            _memoria.popitem(last=False)
    return valore


def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    gen = generazione_di(request)
    return gen.chiave if gen else None


def ultima_modifica(request: HttpRequest, *args: Any, **kwargs: Any) -> dt.datetime | None:
    gen = generazione_di(request)
    return gen.terminato_il if gen else None
