"""Periodic upkeep of the programme app (scheduled by Celery beat, see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from programma.activities.models import AllegatoSospeso


@shared_task
def pulisci_allegati_sospesi() -> int:
    """Delete the files of rejected forms nobody came back for; returns how many."""
    scaduti = list(AllegatoSospeso.objects.scaduti())
    for allegato in scaduti:
        allegato.elimina()
    return len(scaduti)
