"""Celery tasks of the import: thin wrappers around programma.importazione.servizi.

The module is imported by programma/importazione/admin.py, so a worker (which runs the
admin autodiscovery at startup) registers these tasks although celery.py only looks for
`<app>.tasks`.
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from programma.importazione import servizi
from programma.importazione.models import Importazione


@shared_task(name="programma.importazione.tasks.esegui_importazione", soft_time_limit=1800, time_limit=1900)
def esegui_importazione(importazione_id: int) -> str:
    importazione = Importazione.objects.get(pk=importazione_id)
    servizi.esegui(importazione)
    importazione.refresh_from_db(fields=["stato"])
    return importazione.stato


@shared_task(name="programma.importazione.tasks.annulla_importazione", soft_time_limit=1800, time_limit=1900)
def annulla_importazione(importazione_id: int, utente_id: int | None = None) -> str:
    from django.contrib.auth import get_user_model

    utente = get_user_model().objects.filter(pk=utente_id).first() if utente_id else None
    importazione = Importazione.objects.get(pk=importazione_id)
    servizi.annulla(importazione, utente=utente)
    return Importazione.Stato.ANNULLATA


def avvia(importazione: Importazione, *, dati_grandi: bool) -> None:
    """Run now (small file, in this request) or queue after commit (large file: background, progress bar)."""
    if dati_grandi:
        pk = importazione.pk
        transaction.on_commit(lambda: esegui_importazione.delay(pk))
    else:
        servizi.esegui(importazione)
