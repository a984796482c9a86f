"""The queue of recounts: a committed change marks the data changed and queues one debounced
recount (the task in `contatori/tasks.py`), a bulk load suspends it, the "Ricalcola ora" button
queues one at once.

Above `services.py` and `tasks.py` (the task runs `services.ricalcola`), so neither imports this:
the debounce's figures and keys stay in `services.py`, which the task reads too.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

from contatori import services
from contatori.models import DatiModificati
from contatori.services import CHIAVE_IN_CODA, INTERVALLO_MINIMO_SECONDI, attesa_del_ricalcolo
from contatori.tasks import ricalcola_contatori

logger = logging.getLogger(__name__)

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
    if services.in_processo():
        # No worker: the save does not pay a recount; the next page that shows counters does
        # (ricalcola_se_modificati), once for a whole burst of saves.
        return
    try:
        _accoda_se_non_in_coda(origine)
    except Exception:
        # Logged without the traceback's noise on every save of an outage.
        logger.warning("Ricalcolo dei contatori non accodato (Redis non risponde): verrà recuperato", exc_info=True)


def _accoda_se_non_in_coda(origine: str) -> None:
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


def avvia_ricalcolo_manuale(*, utente: Any) -> str:
    """Queue a recount now (no debounce) for the "Ricalcola ora" button; returns the task id.

    Raises when the broker does not answer; the view says so.
    """
    risultato = ricalcola_contatori.apply_async(kwargs={"origine": f"manuale:{utente.get_username()}"})
    return risultato.id
