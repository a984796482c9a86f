"""Writes of the counters: queueing a recount, and the recount itself.

`accoda_ricalcolo` is what the rest of the project calls after a change;
`ricalcola` is the whole recount, run by the Celery task and the command.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from contatori.models import RicalcoloLog, Snapshot
from programma.models import Programma

logger = logging.getLogger(__name__)

# A burst of saves within this many seconds makes one recount.
RITARDO_SECONDI = 20
CHIAVE_IN_CODA = "contatori:ricalcolo-in-coda"
CHIAVE_LOCK = "contatori:ricalcolo-lock"
# The task's limits; the lock must outlive the hard limit, or a killed task could leave
# the lock to expire while a second recount starts (and vice versa a dead worker frees it).
SOFT_TIME_LIMIT = 240
TIME_LIMIT = 300
LOCK_TIMEOUT = TIME_LIMIT + 60

_locale = threading.local()


@contextlib.contextmanager
def ricalcolo_sospeso() -> Iterator[None]:
    """Do not queue recounts for changes made inside this block (bulk loads: recount once at the end)."""
    precedente = getattr(_locale, "sospeso", False)
    _locale.sospeso = True
    try:
        yield
    finally:
        _locale.sospeso = precedente


def accoda_ricalcolo(*, origine: str) -> None:
    """Queue one debounced recount after the current transaction commits (nothing if it rolls back)."""
    if getattr(_locale, "sospeso", False):
        return
    # One callback per transaction is enough, however many rows it saves.
    if any(getattr(entry[1], "_ricalcolo_contatori", False) for entry in connection.run_on_commit):
        return

    def dopo_il_commit() -> None:
        _accoda_se_non_in_coda(origine)

    dopo_il_commit._ricalcolo_contatori = True  # type: ignore[attr-defined]
    transaction.on_commit(dopo_il_commit)


def _accoda_se_non_in_coda(origine: str) -> None:
    from contatori.tasks import ricalcola_contatori

    # The key is cleared by the task when it starts, so changes made during a recount queue the next one;
    # its timeout only guards against a queued task that was lost.
    if not cache.add(CHIAVE_IN_CODA, origine, timeout=RITARDO_SECONDI + TIME_LIMIT):
        return
    try:
        ricalcola_contatori.apply_async(kwargs={"origine": origine}, countdown=RITARDO_SECONDI)
    except Exception:
        cache.delete(CHIAVE_IN_CODA)
        # A broker outage must not break the save that triggered it; beat catches up.
        logger.exception("Impossibile accodare il ricalcolo dei contatori")


def avvia_ricalcolo_manuale(*, utente: Any) -> str:
    """Queue a recount now (no debounce) for the "Ricalcola ora" button; returns the task id."""
    from contatori.tasks import ricalcola_contatori

    risultato = ricalcola_contatori.apply_async(kwargs={"origine": f"manuale:{utente.get_username()}"})
    return risultato.id


@dataclass(frozen=True)
class Esito:
    eseguito: bool
    messaggio: str
    n_valori: int = 0
    durata: float = 0.0
    log_id: int | None = None


class _Lock:
    """Single flight: a Redis lock when there is Redis, else an atomic cache.add (one process)."""

    def __init__(self) -> None:
        self._redis_lock = None
        self._token = None

    def acquire(self) -> bool:
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL)
            self._redis_lock = client.lock(CHIAVE_LOCK, timeout=LOCK_TIMEOUT, blocking=False)
            return bool(self._redis_lock.acquire(blocking=False))
        self._token = f"{threading.get_ident()}-{time.monotonic_ns()}"
        return cache.add(CHIAVE_LOCK, self._token, timeout=LOCK_TIMEOUT)

    def release(self) -> None:
        if self._redis_lock is not None:
            with contextlib.suppress(Exception):  # expired meanwhile: nothing to release
                self._redis_lock.release()
        elif self._token is not None and cache.get(CHIAVE_LOCK) == self._token:
            cache.delete(CHIAVE_LOCK)


def ricalcola(*, origine: str, task_id: str = "") -> Esito:
    """Recompute every counter and rewrite today's snapshot rows; one run at a time."""
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
        return _ricalcola_sotto_lock(origine=origine, task_id=task_id)
    finally:
        lock.release()


def _ricalcola_sotto_lock(*, origine: str, task_id: str) -> Esito:
    avvio = timezone.now()
    inizio = time.perf_counter()
    # Written before the work, so the dashboard can show that a recount is running.
    log = RicalcoloLog.objects.create(avviato_il=avvio, origine=origine, task_id=task_id)
    try:
        n_valori = scrivi_snapshot(calcolato_il=avvio)
    except Exception:
        durata = time.perf_counter() - inizio
        RicalcoloLog.objects.filter(pk=log.pk).update(
            terminato_il=timezone.now(),
            durata=timedelta(seconds=durata),
            esito=RicalcoloLog.Esito.ERRORE,
            errore=traceback.format_exc()[-4000:],
        )
        raise
    durata = time.perf_counter() - inizio
    RicalcoloLog.objects.filter(pk=log.pk).update(
        terminato_il=timezone.now(),
        durata=timedelta(seconds=durata),
        esito=RicalcoloLog.Esito.COMPLETATO,
        n_valori=n_valori,
    )
    if n_valori:
        messaggio = f"{n_valori} valori ricalcolati in {durata:.2f} s"
    else:
        messaggio = "nessuna edizione attiva: nessun valore calcolato"
    return Esito(eseguito=True, messaggio=messaggio, n_valori=n_valori, durata=durata, log_id=log.pk)


@transaction.atomic
def scrivi_snapshot(*, calcolato_il: Any) -> int:
    """Today's rows of the active edition, rebuilt from scratch (idempotent)."""
    from contatori.registry import calcola_tutti

    programma = Programma.objects.attivo()
    if programma is None:
        return 0
    giorno = timezone.localdate(calcolato_il)
    valori = calcola_tutti(programma)
    righe = [
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
    Snapshot.objects.filter(programma=programma, giorno=giorno).delete()
    Snapshot.objects.bulk_create(righe)
    return len(righe)



def fotografie_contatori(programma: Programma, regioni: list[int]) -> dict[int, dict[str, Any]]:
    """The counters of these regions as of now, as stored on an approved strategic project:
    {region id: {"giorno", "valori": [{"chiave", "etichetta", "unita", "valore", "decimali"}, ...]}}.

    Computed from the registry rather than read from the last snapshot, which may be minutes old:
    one grouped query per counter, whatever the number of regions.
    """
    from contatori.registry import CONTATORI

    giorno = timezone.localdate().isoformat()
    fotografie: dict[int, dict[str, Any]] = {regione_id: {"giorno": giorno, "valori": []} for regione_id in regioni}
    for contatore in CONTATORI:
        valori = contatore.calcola(programma)
        for regione_id in regioni:
            fotografie[regione_id]["valori"].append(
                {
                    "chiave": contatore.chiave,
                    "etichetta": str(contatore.etichetta),
                    "unita": str(contatore.unita),
                    "valore": str(valori.get(regione_id, Decimal(0))),
                    "decimali": contatore.decimali,
                }
            )
    return fotografie


def fotografa_contatori(strategico: Any) -> None:
    """Store a strategic project's region counters as of its approval (the Libro Bianco prints them).

    Written with update(): this is a record of the approval, not an edit of the project, so it makes
    no history row and queues no recount.
    """
    progetto = strategico.progetto
    fotografia = fotografie_contatori(progetto.programma, [progetto.regione_id])[progetto.regione_id]
    type(strategico).objects.filter(pk=strategico.pk).update(contatori_approvazione=fotografia)
    strategico.contatori_approvazione = fotografia
