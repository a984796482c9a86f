"""Celery tasks of the import: thin wrappers around programma.importazione.services, and the way
a check or a run starts (`avvia_anteprima`, `avvia`: now for a small file, queued for a large one).

programma/celery.py names this package for the worker's task discovery (which otherwise only
looks for `<app>.tasks`).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programma.importazione import services
from programma.importazione.mappatura import Mappatura
from programma.importazione.models import DURATA_MASSIMA, Importazione

logger = logging.getLogger(__name__)
LIMITI = {"soft_time_limit": DURATA_MASSIMA - 100, "time_limit": DURATA_MASSIMA}


@shared_task(name="programma.importazione.tasks.esegui_importazione", **LIMITI)
def esegui_importazione(importazione_id: int) -> str:
    importazione = Importazione.objects.get(pk=importazione_id)
    if importazione.stato not in Importazione.IN_ESECUZIONE:
        # Delivered again after it was closed (e.g. marked interrupted): the user was told, leave it.
        return importazione.stato
    services.esegui(importazione)
    importazione.refresh_from_db(fields=["stato"])
    return importazione.stato


@shared_task(name="programma.importazione.tasks.annulla_importazione", **LIMITI)
def annulla_importazione(importazione_id: int, utente_id: int | None = None) -> str:
    from django.contrib.auth import get_user_model

    utente = get_user_model().objects.filter(pk=utente_id).first() if utente_id else None
    importazione = Importazione.objects.get(pk=importazione_id)
    services.annulla(importazione, utente=utente)
    return Importazione.Stato.ANNULLATA


@shared_task(name="programma.importazione.tasks.scarta_anteprime_scadute")
def scarta_anteprime_scadute() -> int:
    """Celery beat's hourly clean-up of uploads left unconfirmed (IMPORT_ANTEPRIMA_ORE)."""
    return services.scarta_scadute()


def avvia_anteprima(importazione: Importazione, *, mappatura: Mappatura | None = None) -> None:
    """Check the file again for its preview (through `mappatura`, when given): what a previous
    check found (counts, errors, rows) goes, now or in the background for a large file."""
    if mappatura is not None:
        importazione.mappatura = mappatura.come_dict()
    importazione.errori.all().delete()
    importazione.stato = Importazione.Stato.IN_CODA
    importazione.fase = ""
    importazione.righe_elaborate = importazione.righe_errate = importazione.righe_non_elencate = 0
    importazione.anteprima, importazione.avvisi = [], []
    importazione.ultimo_segnale = timezone.now()
    importazione.save()
    avvia(importazione, dati_grandi=services.in_background(services.leggi_file(importazione)))


def avvia(importazione: Importazione, *, dati_grandi: bool) -> None:
    """Run now (small file, in this request) or queue after commit (large file: background, progress bar)."""
    if dati_grandi:
        pk = importazione.pk
        transaction.on_commit(lambda: _accoda(pk))
    else:
        services.esegui(importazione)


def _accoda(pk: int) -> None:
    try:
        esegui_importazione.delay(pk)
    except Exception:  # noqa: BLE001 - any broker failure: the import must not wait "in coda" for ever
        logger.exception("Importazione %s: impossibile accodarla", pk)
        services.segna_fallita(
            pk,
            messaggio=_(
                "Importazione non riuscita: il servizio che esegue i lavori in background non risponde. "
                "Nessuna modifica è stata salvata: riprovare più tardi."
            ),
        )
