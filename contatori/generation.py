"""The snapshot generation: what every cached counter page and body is keyed by.

As in djangoproject.com's dashboard, one generation key invalidates every cached fragment at once.
Ours is not a separate counter bumped by the recount but the recount's own run log: the newest
completed run (its id and start time). A recount marks its run completed only after the snapshot
rows have committed, so completing *is* the bump, and there is no second piece of state that could
drift from the data (a lost cache write can at worst cost a recomputation, never show old numbers).
Reading it is one indexed query per request.

The live pages poll it much more often than they load (`contatori.views.vivo.generazione_attuale`,
the endpoint `/contatori/generazione/`): for them the newest key is also kept in the `pagine` cache, written by
the recount that completes (`ricorda_generazione`) and, without a worker, dropped by a save
(`dimentica_generazione`), so that an unchanged generation costs one cache read and no query. A
lost write costs at most GENERAZIONE_SECONDI of delay on the live pages, never old numbers on a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from contatori.models import RicalcoloLog
from programma.cache import Versione, memorizzato

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
    return generazione_del_ricalcolo(*riga) if riga is not None else None


def generazione_del_ricalcolo(pk: int, avviato_il: dt.datetime, terminato_il: dt.datetime | None = None) -> Generazione:
    """The generation a recount's run makes current when it completes (the recount knows it before)."""
    return Generazione(chiave=f"{pk}.{int(avviato_il.timestamp() * 1_000_000)}", terminato_il=terminato_il or avviato_il)


# The newest generation as the live pages poll it (see the module's docstring): kept this long, so that
# a write lost to a cache outage delays the live pages at most this much.
CHIAVE_GENERAZIONE = "contatori:generazione-attuale"
GENERAZIONE_SECONDI = 60


def ricorda_generazione() -> None:
    """A recount completed: the live pages see its generation at their next poll."""
    gen = generazione()
    if gen is not None:
        caches["pagine"].set(CHIAVE_GENERAZIONE, gen, GENERAZIONE_SECONDI)


def dimentica_generazione() -> None:
    """Without a worker a save only marks the data changed: the next poll recounts (generazione_attuale)."""
    try:
        caches["pagine"].delete(CHIAVE_GENERAZIONE)
    except Exception:  # fail-open cache: it expires within GENERAZIONE_SECONDI
        pass


def generazione_di(request: HttpRequest) -> Generazione | None:
    """The generation read once per request (the ETag, Last-Modified and the view all need it)."""
    if not hasattr(request, _ATTRIBUTO_RICHIESTA):
        setattr(request, _ATTRIBUTO_RICHIESTA, generazione())
    return getattr(request, _ATTRIBUTO_RICHIESTA)


def secondi_in_cache(gen: Generazione | None) -> int:
    """How long a fragment of this generation is kept; 0 (not kept) before the first recount or
    with CONTATORI_CACHE_SECONDI=0, the switch the load bench uses to measure the pages uncached."""
    return settings.CONTATORI_CACHE_SECONDI if gen is not None else 0


def in_cache(gen: Generazione | None, nome: str, calcola: Callable[[], T]) -> T:
    """`calcola()` once per generation: a newer recount makes a new key, so nothing is ever stale.
    Values are shared between requests: return immutable ones (bytes, str), not responses."""
    if gen is None:
        return calcola()
    return memorizzato(f"contatori:{gen.chiave}:{nome}", calcola, secondi_in_cache(gen))


def versione(request: HttpRequest) -> Versione | None:
    """The version of the published data the public pages are kept by (programma.cache.pagina_pubblica):
    this generation, after the recount a page that shows counters does first without a worker."""
    gen = generazione_di(request)
    return Versione(chiave=gen.chiave, modificata_il=gen.terminato_il) if gen else None


def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    gen = generazione_di(request)
    return gen.chiave if gen else None


def ultima_modifica(request: HttpRequest, *args: Any, **kwargs: Any) -> dt.datetime | None:
    gen = generazione_di(request)
    return gen.terminato_il if gen else None
