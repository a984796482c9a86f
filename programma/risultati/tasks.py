"""Celery tasks of the books: thin wrappers around programma.risultati.pubblicazioni.

programma/celery.py names this package for the worker's task discovery (which otherwise only
looks for `<app>.tasks`).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from programma.risultati import pubblicazioni

# The typesetting child is killed at PDF_MAX_SECONDI; the task's own limits are a backstop above it.
LIMITI = {"soft_time_limit": settings.PDF_MAX_SECONDI + 60, "time_limit": settings.PDF_MAX_SECONDI + 90}


@shared_task(name="programma.risultati.tasks.prepara_stampa", **LIMITI)
def prepara_stampa(stampa_id: int) -> str:
    stampa = pubblicazioni.esegui(stampa_id)
    return stampa.stato if stampa else "assente"


@shared_task(name="programma.risultati.tasks.ripara_stampe")
def ripara_stampe() -> int:
    """Queue the prints that should exist and do not (scheduled by Celery beat)."""
    return pubblicazioni.ripara()
