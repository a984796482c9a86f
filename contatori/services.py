"""Writes of the counters: the recount itself, its single-flight lock and the approval snapshot.

`ricalcola` is the whole recount, run by the Celery task and the command. Queueing one after a
change (`accoda_ricalcolo`) is `contatori/coda.py`, above the task: this module imports neither.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from contatori.dati import prepara
from contatori.generation import generazione_del_ricalcolo, ricorda_generazione
from contatori.models import DatiModificati, RicalcoloLog, Snapshot
from programma.fields import Limite
from programma.models import Programma

logger = logging.getLogger(__name__)

# A burst of saves within this many seconds makes one recount: short, so that a change shows on the
# dashboard within seconds (issue #12: the recount itself takes about 0.5 s at scale 100).
RITARDO_SECONDI = 1
# During a burst recounts start at most one every this many seconds: a change still shows within
# about this plus the recount (0.35 s at scale 100), and a burst of 1,000 saves over half a minute
# makes about ten recounts instead of one every second and a half.
INTERVALLO_MINIMO_SECONDI = 3
CHIAVE_IN_CODA = "contatori:ricalcolo-in-coda"
CHIAVE_ULTIMO_AVVIO = "contatori:ricalcolo-ultimo-avvio"
CHIAVE_LOCK = "contatori:ricalcolo-lock"
# The lock lives this long unless its holder renews it (every third of it, from a heartbeat thread):
# a worker killed mid-recount blocks the next recount for at most these seconds, while a slow
# recount keeps its lock however long it runs. (A timeout sized on the time limit instead would
# block recounts for minutes after a crash.)
LOCK_TIMEOUT = 15
# Changes committed while a recount ran are counted by at most this many more runs of the same
# task (instead of retries that pile up); anything later is left to the next save or to beat.
RIPETIZIONI_MASSIME = 2

def in_processo() -> bool:
    """True without a worker (no REDIS_URL, `make run`): tasks run eagerly in the web process."""
    from programma.celery import app

    return bool(app.conf.task_always_eager)


def attesa_del_ricalcolo() -> float:
    """Seconds before a queued recount runs: the debounce, stretched so that a recount starts no
    sooner than INTERVALLO_MINIMO_SECONDI after the last one started (read from the cache; if the
    cache does not answer, the plain debounce)."""
    try:
        ultimo = cache.get(CHIAVE_ULTIMO_AVVIO)
    except Exception:
        ultimo = None
    if ultimo is None:
        return RITARDO_SECONDI
    # Bounded by the interval: a worker's clock ahead of this process's must not delay a recount more.
    restano = min(INTERVALLO_MINIMO_SECONDI, INTERVALLO_MINIMO_SECONDI - (time.time() - ultimo))
    return round(max(RITARDO_SECONDI, restano), 2)


def segna_avvio() -> None:
    """A queued recount starts: noted before its queue key is cleared, so that a save arriving in
    between already spaces the next one (attesa_del_ricalcolo)."""
    with contextlib.suppress(Exception):
        cache.set(CHIAVE_ULTIMO_AVVIO, time.time(), timeout=INTERVALLO_MINIMO_SECONDI * 10)


def _seguito_in_coda() -> bool:
    """A recount is queued for the changes still to count (its task clears the key when it starts)."""
    try:
        return cache.get(CHIAVE_IN_CODA) is not None
    except Exception:
        return False


def ricalcola_se_modificati() -> None:
    """Without a worker, counter pages recount before reading if data changed since the last recount.

    This keeps the cost of a recount out of every save at scale 100 (a burst of saves pays one
    recount, on the next read) without a thread or a process of its own. With a worker it does nothing.
    """
    if not in_processo():
        return
    try:
        if DatiModificati.attuale().da_ricalcolare:
            ricalcola(origine="lettura")
    except Exception:
        # The page still shows the last snapshot (and says how old it is); the run log has the error.
        logger.exception("Ricalcolo dei contatori alla lettura non riuscito")


@dataclass(frozen=True)
class Esito:
    eseguito: bool
    messaggio: str
    n_valori: int = 0
    durata: float = 0.0
    log_id: int | None = None


class _Lock:
    """Single flight: a Redis lock kept alive by a heartbeat when there is Redis, else an atomic
    cache.add (one process, where a dead process takes its lock with it)."""

    def __init__(self) -> None:
        self._redis_lock: Any = None
        self._token: str | None = None
        self._fermo = threading.Event()
        self._battito: threading.Thread | None = None

    def acquire(self) -> bool:
        if settings.REDIS_URL:
            from programma.connections import client_redis

            # thread_local=False: the heartbeat thread renews the token the main thread acquired.
            self._redis_lock = client_redis().lock(CHIAVE_LOCK, timeout=LOCK_TIMEOUT, blocking=False, thread_local=False)
            if not self._redis_lock.acquire(blocking=False):
                return False
            self._battito = threading.Thread(target=self._rinnova, name="contatori-lock", daemon=True)
            self._battito.start()
            return True
        self._token = f"{threading.get_ident()}-{time.monotonic_ns()}"
        return cache.add(CHIAVE_LOCK, self._token, timeout=LOCK_TIMEOUT)

    def _rinnova(self) -> None:
        while not self._fermo.wait(LOCK_TIMEOUT / 3):
            try:
                self._redis_lock.reacquire()
            except Exception:
                # Lost (Redis down or the lock expired): the recount goes on, it is one transaction.
                logger.warning("Lock del ricalcolo non rinnovato", exc_info=True)

    def release(self) -> None:
        self._fermo.set()
        if self._battito is not None:
            self._battito.join(timeout=LOCK_TIMEOUT)
        if self._redis_lock is not None:
            with contextlib.suppress(Exception):  # expired meanwhile: nothing to release
                self._redis_lock.release()
        elif self._token is not None and cache.get(CHIAVE_LOCK) == self._token:
            cache.delete(CHIAVE_LOCK)


def ricalcola(*, origine: str, task_id: str = "") -> Esito:
    """Recompute every counter and rewrite today's snapshot rows; one run at a time.

    Changes committed while it ran are counted by the recount they queued; when none is queued (it
    started already and found the lock taken, or the broker did not answer), by up to
    RIPETIZIONI_MASSIME more runs of this one.
    """
    esito = _ricalcola_una_volta(origine=origine, task_id=task_id)
    ripetizioni = 0
    while (
        esito.eseguito
        and ripetizioni < RIPETIZIONI_MASSIME
        and DatiModificati.attuale().da_ricalcolare
        and not _seguito_in_coda()
    ):
        ripetizioni += 1
        esito = _ricalcola_una_volta(origine=origine, task_id=task_id)
    return esito


def _ricalcola_una_volta(*, origine: str, task_id: str) -> Esito:
    lock = _Lock()
    if not lock.acquire():
        RicalcoloLog.objects.create(
            avviato_il=timezone.now(),
            terminato_il=timezone.now(),
            durata=timedelta(0),
            esito=RicalcoloLog.Esito.SALTATO,
            origine=origine,
            task_id=task_id,
        )
        return Esito(eseguito=False, messaggio="già in corso")
    try:
        # Holding the lock, no other recount runs: a run still "in corso" died with its worker.
        RicalcoloLog.objects.filter(esito=RicalcoloLog.Esito.IN_CORSO).update(
            esito=RicalcoloLog.Esito.ERRORE,
            terminato_il=timezone.now(),
            errore=gettext("Interrotto: il processo che lo eseguiva si è fermato; i valori precedenti sono rimasti."),
        )
        return _ricalcola_sotto_lock(origine=origine, task_id=task_id)
    finally:
        lock.release()


def _ricalcola_sotto_lock(*, origine: str, task_id: str) -> Esito:
    avvio = timezone.now()
    inizio = time.perf_counter()
    # Read before counting: a change committed after this is not taken as counted.
    versione = DatiModificati.attuale().versione
    # Written before the work, so the dashboard can show that a recount is running.
    log = RicalcoloLog.objects.create(avviato_il=avvio, origine=origine, task_id=task_id)
    try:
        n_valori = scrivi_snapshot(calcolato_il=avvio, versione=versione)
    except Exception:
        durata = time.perf_counter() - inizio
        RicalcoloLog.objects.filter(pk=log.pk).update(
            terminato_il=timezone.now(),
            durata=timedelta(seconds=durata),
            esito=RicalcoloLog.Esito.ERRORE,
            errore=traceback.format_exc()[-Limite.ERRORE :],
        )
        raise
    # What the new generation's pages share, kept before they can ask for it (it logs its own failures).
    prepara(generazione_del_ricalcolo(log.pk, avvio))
    durata = time.perf_counter() - inizio
    RicalcoloLog.objects.filter(pk=log.pk).update(
        terminato_il=timezone.now(),
        durata=timedelta(seconds=durata),
        esito=RicalcoloLog.Esito.COMPLETATO,
        n_valori=n_valori,
    )
    with contextlib.suppress(Exception):  # the live pages then find it within GENERAZIONE_SECONDI
        ricorda_generazione()
    if n_valori:
        messaggio = f"{n_valori} valori ricalcolati in {durata:.2f} s"
    else:
        messaggio = "nessuna edizione attiva: nessun valore calcolato"
    return Esito(eseguito=True, messaggio=messaggio, n_valori=n_valori, durata=durata, log_id=log.pk)


@transaction.atomic
def scrivi_snapshot(*, calcolato_il: Any, versione: int | None = None) -> int:
    """Today's rows of the active edition, rebuilt from scratch (idempotent), in one transaction:
    a recount killed mid-way leaves the previous rows whole.

    `versione` is the data version read before counting; it is marked counted in the same transaction.
    """
    programma = Programma.objects.attivo()
    righe: list[Snapshot] = []
    if programma is not None:
        righe = _righe_snapshot(programma, calcolato_il)
        Snapshot.objects.filter(programma=programma, giorno=timezone.localdate(calcolato_il)).delete()
        Snapshot.objects.bulk_create(righe)
    if versione is not None:
        # The last statement before the commit: its row lock would otherwise make every save's
        # DatiModificati.segna() wait for the whole recount.
        DatiModificati.segna_contati(versione=versione, avvio=calcolato_il)
    return len(righe)


def _righe_snapshot(programma: Programma, calcolato_il: Any) -> list[Snapshot]:
    from contatori.registry import calcola_tutti

    giorno = timezone.localdate(calcolato_il)
    valori = calcola_tutti(programma)
    return [
        Snapshot(
            contatore=chiave,
            regione_id=regione_id,
            programma=programma,
            giorno=giorno,
            valore=Decimal(valore).quantize(Decimal("0.01")),
            calcolato_il=calcolato_il,
        )
        for chiave, per_ambito in valori.items()
        for regione_id, valore in per_ambito.items()
    ]
