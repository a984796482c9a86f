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
from django.utils.translation import gettext

from contatori.generation import dimentica_generazione, ricorda_generazione
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
# The task's limits (a recount takes about 0.5 s at scale 100).
SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150
# The lock lives this long unless its holder renews it (every third of it, from a heartbeat thread):
# a worker killed mid-recount blocks the next recount for at most these seconds, while a slow
# recount keeps its lock however long it runs. (A timeout sized on the time limit instead would
# block recounts for minutes after a crash.)
LOCK_TIMEOUT = 15
# Changes committed while a recount ran are counted by at most this many more runs of the same
# task (instead of retries that pile up); anything later is left to the next save or to beat.
RIPETIZIONI_MASSIME = 2

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


def in_processo() -> bool:
    """True without a worker (no REDIS_URL, `make run`): tasks run eagerly in the web process."""
    from programma.celery import app

    return bool(app.conf.task_always_eager)


def accoda_ricalcolo(*, origine: str) -> None:
    """Mark the data changed and queue one debounced recount after the current transaction commits."""
    if getattr(_locale, "sospeso", False):
        return
    # One callback per transaction is enough, however many rows it saves.
    if any(getattr(entry[1], "_ricalcolo_contatori", False) for entry in connection.run_on_commit):
        return

    def dopo_il_commit() -> None:
        dopo_una_modifica(origine=origine)

    dopo_il_commit._ricalcolo_contatori = True  # type: ignore[attr-defined]
    transaction.on_commit(dopo_il_commit)


def dopo_una_modifica(*, origine: str) -> None:
    """Runs after the commit, inside the request that saved: it never raises, the save is done.

    The durable mark comes first, so a recount that cannot be queued now (Redis down or slow) is
    caught up by beat's catch-up run or by the next recount.
    """
    try:
        DatiModificati.segna()
    except Exception:
        logger.exception("Impossibile segnare i dati dei contatori come modificati")
    if in_processo():
        # No worker: the save does not pay a recount; the next page that shows counters does
        # (ricalcola_se_modificati), once for a whole burst of saves, or the live pages' next poll.
        dimentica_generazione()
        return
    try:
        _accoda_se_non_in_coda(origine)
    except Exception:
        # Logged without the traceback's noise on every save of an outage.
        logger.warning("Ricalcolo dei contatori non accodato (Redis non risponde): verrà recuperato", exc_info=True)


def _accoda_se_non_in_coda(origine: str) -> None:
    from contatori.tasks import ricalcola_contatori

    # The key is cleared by the task when it starts, so changes made during a recount queue the next one.
    # Its timeout only guards against a queued task that was lost: short, since a task queued twice
    # costs one query (it skips when a recount already counted the change).
    if not cache.add(CHIAVE_IN_CODA, origine, timeout=INTERVALLO_MINIMO_SECONDI + 60):
        return
    try:
        ricalcola_contatori.apply_async(kwargs={"origine": origine, "solo_se_modificati": True}, countdown=attesa_del_ricalcolo())
    except Exception:
        with contextlib.suppress(Exception):
            cache.delete(CHIAVE_IN_CODA)
        raise


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


def avvia_ricalcolo_manuale(*, utente: Any) -> str:
    """Queue a recount now (no debounce) for the "Ricalcola ora" button; returns the task id.

    Raises when the broker does not answer; the view says so.
    """
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


# The counters the Libro Bianco draws over time (a week a point, from the edition's start).
CONTATORI_NEL_LIBRO = ("tavoli_svolti", "partecipanti_tavoli", "eventi_svolti", "imprese_bul_5g")


def fotografie_contatori(programma: Programma, regioni: list[int]) -> dict[int, dict[str, Any]]:
    """The counters of these regions as of now, as stored on an approved strategic project:
    {region id: {"giorno", "valori": [{"chiave", "etichetta", "unita", "unita_singolare", "valore", "decimali"}, ...],
    "serie": [{"chiave", "etichetta", "punti": [[ISO day, value], ...]}, ...]}}.

    Computed from the registry rather than read from the last snapshot, which may be minutes old:
    one grouped query per counter, whatever the number of regions.
    """
    from contatori.registry import CONTATORI, PER_CHIAVE
    from contatori.selectors import serie_settimanali

    oggi = timezone.localdate()
    giorno = oggi.isoformat()
    fotografie: dict[int, dict[str, Any]] = {regione_id: {"giorno": giorno, "valori": [], "serie": []} for regione_id in regioni}
    storia = serie_settimanali(programma, list(CONTATORI_NEL_LIBRO), regioni=list(regioni), fino_al=oggi)
    for regione_id in regioni:
        for chiave in CONTATORI_NEL_LIBRO:
            fotografie[regione_id]["serie"].append(
                {
                    "chiave": chiave,
                    "etichetta": str(PER_CHIAVE[chiave].etichetta),
                    "punti": [[g.isoformat(), str(v)] for g, v in storia.get((regione_id, chiave), [])],
                }
            )
    # A count of regions is not a region's figure (its own value is always 0 or 1).
    for contatore in [c for c in CONTATORI if c.per_regione]:
        valori = contatore.calcola(programma)
        for regione_id in regioni:
            fotografie[regione_id]["valori"].append(
                {
                    "chiave": contatore.chiave,
                    "etichetta": str(contatore.etichetta),
                    "unita": str(contatore.unita),
                    "unita_singolare": str(contatore.unita_singolare),
                    "valore": str(valori.get(regione_id, Decimal(0))),
                    "decimali": contatore.decimali,
                }
            )
    # The last point is the value printed beside the chart, even before today's first recount.
    for fotografia in fotografie.values():
        attuali = {voce["chiave"]: voce["valore"] for voce in fotografia["valori"]}
        for linea in fotografia["serie"]:
            if not linea["punti"] or linea["punti"][-1][0] != giorno:
                linea["punti"].append([giorno, attuali[linea["chiave"]]])
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
