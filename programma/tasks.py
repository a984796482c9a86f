"""Periodic upkeep of the programme app (scheduled by Celery beat, see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from programma.activities import notifiche
from programma.activities.models import AllegatoSospeso


@shared_task
def pulisci_allegati_sospesi() -> int:
    """Delete the files of rejected forms nobody came back for; returns how many."""
    scaduti = list(AllegatoSospeso.objects.scaduti())
    for allegato in scaduti:
        allegato.elimina()
    return len(scaduti)


@shared_task
def invia_riepilogo_settimanale() -> int:
    """The weekly e-mail (`notifiche.invia_riepiloghi`): each user's "Da fare", an Operatore's late
    phases and past activities still planned, each national user's regions behind; returns how
    many were sent."""
    return notifiche.invia_riepiloghi()
