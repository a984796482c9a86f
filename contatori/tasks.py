"""Celery tasks of the counters: thin wrappers around contatori.services."""

from __future__ import annotations

import contextlib
from typing import Any

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from contatori import services
from contatori.models import SOFT_TIME_LIMIT, TIME_LIMIT, DatiModificati


@shared_task(
    bind=True,
    name="contatori.tasks.ricalcola_contatori",
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    # The recount is idempotent (a rebuild in one transaction), the case for which Celery's docs
    # advise acks_late (docs.celeryq.dev, userguide/tasks.html, "acks_late"): a worker killed
    # mid-run leaves the message to be delivered again instead of losing it, and with
    # reject_on_worker_lost the same holds when only the pool process dies.
    acks_late=True,
    reject_on_worker_lost=True,
    # A database restart or a killed connection: try again a few times, backing off.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
    # Progress is in RicalcoloLog; no result is read back, so a save never touches the result backend.
    ignore_result=True,
)
def ricalcola_contatori(self: Any, origine: str = "pianificato", solo_se_modificati: bool = False) -> str:
    # Cleared first: a change committed while this run computes queues the next run, no sooner than
    # the interval after this start (noted before the key is cleared, so no save falls in between).
    services.segna_avvio()
    with contextlib.suppress(Exception):
        cache.delete(services.CHIAVE_IN_CODA)
    if solo_se_modificati and not DatiModificati.attuale().da_ricalcolare:
        return "nessuna modifica da contare"
    # When another run holds the lock this one ends at once: that run counts again after itself
    # if data changed meanwhile (services.ricalcola), so there are no retries to pile up.
    return services.ricalcola(origine=origine, task_id=self.request.id or "").messaggio
