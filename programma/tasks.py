"""Periodic upkeep of the programme app (scheduled by Celery beat, see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from programma.activities.models import AllegatoSospeso
from programma.selectors import attivita_senza_esito, fasi_da_seguire, regioni_indietro
from regioni.scoping import Ruolo, ambito_di


@shared_task
def pulisci_allegati_sospesi() -> int:
    """Delete the files of rejected forms nobody came back for; returns how many."""
    scaduti = list(AllegatoSospeso.objects.scaduti())
    for allegato in scaduti:
        allegato.elimina()
    return len(scaduti)


@shared_task
def invia_riepilogo_settimanale() -> int:
    """The weekly e-mail: each Operatore's late phases and past activities still planned, each
    national user's regions behind. Nothing is sent to a user with nothing to act on; returns how
    many were sent."""
    inviati = 0
    for utente in get_user_model().objects.filter(is_active=True).exclude(email="").prefetch_related("groups"):
        ambito = ambito_di(utente)
        if ambito.nazionale:
            contesto = {"regioni_indietro": regioni_indietro(utente)}
            da_dire = contesto["regioni_indietro"]
            modello = "email/riepilogo_nazionale.txt"
        elif ambito.ruolo == Ruolo.OPERATORE and ambito.regione is not None:
            contesto = {"fasi": fasi_da_seguire(utente), "senza_esito": attivita_senza_esito(utente), "regione": ambito.regione}
            da_dire = contesto["fasi"]["in_ritardo"] or contesto["fasi"]["in_scadenza"] or contesto["senza_esito"]
            modello = "email/riepilogo_operatore.txt"
        else:
            continue
        if not da_dire:
            continue
        contesto.update(utente=utente, sito=settings.SITE_URL)
        send_mail(
            _("Programma Infrastrutture: il riepilogo della settimana"),
            render_to_string(modello, contesto),
            None,
            [utente.email],
        )
        inviati += 1
    return inviati
