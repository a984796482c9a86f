"""Celery tasks of the counters: thin wrappers around contatori.services."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.cache import cache

from contatori import services


@shared_task(
    bind=True,
    name="contatori.tasks.ricalcola_contatori",
    soft_time_limit=services.SOFT_TIME_LIMIT,
    time_limit=services.TIME_LIMIT,
    ignore_result=False,
)
def ricalcola_contatori(self: Any, origine: str = "pianificato") -> str:
    # Cleared first: a change committed while this run computes queues the next run.
    cache.delete(services.CHIAVE_IN_CODA)
    esito = services.ricalcola(origine=origine, task_id=self.request.id or "")
    if not esito.eseguito and origine != "pianificato" and not self.request.is_eager:
        # The run holding the lock may have read the data before this change: count again after it.
        raise self.retry(countdown=services.RITARDO_SECONDI, max_retries=20)
    return esito.messaggio
