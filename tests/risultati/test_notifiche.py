"""Notifications of the publication workflow (issue #20 part 7): each step tells the people it hands
the record to, by e-mail after the commit and in their "Da fare", as the flows' tables say
(`Passaggio.avvisa`, programma/activities/notifiche.py)."""

import datetime as dt
import logging
import smtplib

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse
from kombu.exceptions import OperationalError

from programma.activities import notifiche
from programma.activities.workflow import FLUSSO_DOCUMENTO
from programma.demo import crea_utenti_demo
from programma.models import DocumentoNazionale, ProgettoStrategico
from programma.risultati.models import FLUSSO_STRATEGICO
from regioni.models import Ente, Profilo
from regioni.scoping import Ruolo
from tests import factories

pytestmark = pytest.mark.django_db


def con_indirizzo(*utenti):
    for utente in utenti:
        utente.email = f"{utente.username}@example.it"
        utente.save()


def passa(oggetto, azione, utente, commento="", *, capture):
    """Take a step and run what it queued for after the commit (the e-mails among it)."""
    with capture(execute=True):
        getattr(oggetto, azione)(utente, commento=commento)


def destinatari():
    return sorted(indirizzo for messaggio in mail.outbox for indirizzo in messaggio.to)


class PostaRotta(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def camera_lombardia(db):
    return factories.operatore_camera("lombardia")


# --- the judged path: the demo coordinator, a draft sent for review --------------------------------


def test_the_demo_coordinator_gets_a_mail_when_a_draft_is_sent_for_review(client, strategico, django_capture_on_commit_callbacks):
    crea_utenti_demo()
    operatore = factories.UserFactory._meta.model.objects.get(username="operatore-lombardia")
    coordinatore = factories.UserFactory._meta.model.objects.get(username="coordinatore")
    assert coordinatore.email == "coordinatore@example.it"
    client.force_login(operatore)
    url = reverse("programma:strategico_invia", args=[strategico.progetto_id])
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(url)
    assert risposta.status_code == 302
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == ProgettoStrategico.Stato.IN_REVISIONE
    # The Coordinatore is told; the Amministratore (who may act but is nobody's next step) and the author are not.
    assert destinatari() == ["coordinatore@example.it"]
    messaggio = mail.outbox[0]
    assert messaggio.subject == "Progetto territoriale strategico «Libro Bianco delle infrastrutture lombarde»: inviato in revisione"
    assert "«Libro Bianco delle infrastrutture lombarde» (Lombardia): inviato in revisione da Operatore Lombardia." in messaggio.body
    assert "Ora tocca a te: «Rimanda in bozza» oppure «Approva»." in messaggio.body
    assert f"Apri la scheda: http://127.0.0.1:8000{strategico.get_absolute_url()}" in messaggio.body
    assert messaggio.alternatives and messaggio.alternatives[0][1] == "text/html"


def test_sent_back_carries_the_comment_to_the_regions_writers_only(
    strategico, operatore, altro_operatore, camera_lombardia, coordinatore, django_capture_on_commit_callbacks
):
    con_indirizzo(operatore, altro_operatore, camera_lombardia, coordinatore)
    passa(strategico, "invia", operatore, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    passa(strategico, "rimanda", coordinatore, "Manca il cronoprogramma delle opere.", capture=django_capture_on_commit_callbacks)
    # The Unione's Operatore drafts the strategic project; a Camera's does not, nor another region's.
    assert destinatari() == ["operatore-lombardia@example.it"]
    corpo = mail.outbox[0].body
    assert "rimandato in bozza" in corpo and "Manca il cronoprogramma delle opere." in corpo
    assert "Ora tocca a te: «Invia in revisione»." in corpo
    assert "Manca il cronoprogramma delle opere." in mail.outbox[0].alternatives[0][0]


def test_approval_tells_the_region_and_the_other_coordinators_who_publish(
    strategico, operatore, coordinatore, django_capture_on_commit_callbacks
):
    altro = factories.crea_utente("coordinatrice-2", Ruolo.COORDINATORE)
    con_indirizzo(operatore, coordinatore, altro)
    passa(strategico, "invia", operatore, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    passa(strategico, "approva", coordinatore, capture=django_capture_on_commit_callbacks)
    per_destinatario = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(per_destinatario) == ["coordinatrice-2@example.it", "operatore-lombardia@example.it"]
    assert "Ora tocca a te: «Pubblica»." in per_destinatario["coordinatrice-2@example.it"]
    assert "Ora tocca a te" not in per_destinatario["operatore-lombardia@example.it"]
    mail.outbox.clear()
    passa(strategico, "pubblica", altro, capture=django_capture_on_commit_callbacks)
    assert destinatari() == ["operatore-lombardia@example.it"]
    assert mail.outbox[0].subject.endswith(": pubblicato")


def test_a_weekly_user_gets_no_immediate_mail_but_the_digest_lists_the_review_queue(
    strategico, operatore, coordinatore, django_capture_on_commit_callbacks
):
    con_indirizzo(operatore, coordinatore)
    Profilo.objects.create(utente=coordinatore, avvisi=Profilo.Avvisi.SETTIMANALE)
    passa(strategico, "invia", operatore, capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    call_command("invia_riepilogo", utente=["coordinatore"], stdout=open("/dev/null", "w"))
    assert destinatari() == ["coordinatore@example.it"]
    corpo = mail.outbox[0].body
    assert "Da fare" in corpo and "«Libro Bianco delle infrastrutture lombarde» (Lombardia): inviato in revisione" in corpo
    assert "«Rimanda in bozza» oppure «Approva»" in corpo


def test_a_user_without_an_address_gets_nothing_and_the_step_is_taken(
    client, monkeypatch, strategico, operatore, coordinatore, django_capture_on_commit_callbacks
):
    con_indirizzo(operatore)
    spediti = []
    monkeypatch.setattr(notifiche, "spedisci", spediti.append)  # nothing is even handed to the worker
    client.force_login(operatore)
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(reverse("programma:strategico_invia", args=[strategico.progetto_id]))
    assert risposta.status_code == 302
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == ProgettoStrategico.Stato.IN_REVISIONE
    assert mail.outbox == [] and spediti == []


def test_a_broken_mail_server_does_not_fail_the_step(
    client, settings, strategico, operatore, coordinatore, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.PostaRotta"
    con_indirizzo(operatore, coordinatore)
    client.force_login(operatore)
    with caplog.at_level(logging.ERROR, logger="programma.activities.notifiche"), django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(reverse("programma:strategico_invia", args=[strategico.progetto_id]), follow=True)
    assert "Progetto strategico inviato in revisione." in risposta.content.decode()
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == ProgettoStrategico.Stato.IN_REVISIONE
    assert "Avviso non inviato a coordinatore@example.it" in caplog.text


def test_the_worker_retries_a_failing_mail_server(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.PostaRotta"
    ritentati = []

    def retry(**opzioni):
        ritentati.append(opzioni["exc"])
        raise Retry()

    monkeypatch.setattr(notifiche.invia_avviso, "retry", retry)
    messaggio = {"a": "coordinatore@example.it", "oggetto": "Prova", "testo": "Prova", "html": ""}
    with pytest.raises(Retry):
        notifiche.invia_avviso.run(messaggio)
    assert isinstance(ritentati[0], smtplib.SMTPServerDisconnected)


def test_with_a_worker_the_mail_is_queued_and_without_a_broker_sent_from_here(
    monkeypatch, strategico, operatore, coordinatore, django_capture_on_commit_callbacks
):
    from celery import current_app

    con_indirizzo(operatore, coordinatore)
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    accodati = []
    monkeypatch.setattr(notifiche.invia_avviso, "delay", lambda messaggio: accodati.append(messaggio))
    passa(strategico, "invia", operatore, capture=django_capture_on_commit_callbacks)
    assert [m["a"] for m in accodati] == ["coordinatore@example.it"] and mail.outbox == []

    def broker_giu(messaggio):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(notifiche.invia_avviso, "delay", broker_giu)
    passa(strategico, "rimanda", coordinatore, "Rivedere gli obiettivi.", capture=django_capture_on_commit_callbacks)
    assert destinatari() == ["operatore-lombardia@example.it"]


# --- reports: the same table, a Camera's lane -------------------------------------------------------


def test_a_cameras_report_is_sent_back_to_the_camera_and_the_unione(
    progetto, operatore, camera_lombardia, coordinatore, django_capture_on_commit_callbacks
):
    con_indirizzo(operatore, camera_lombardia, coordinatore)
    camera = factories.camera("lombardia")
    report = factories.ReportFactory(progetto=progetto, titolo="Analisi dei valichi", file="report/valichi.pdf", ente=camera)
    passa(report, "proponi", camera_lombardia, capture=django_capture_on_commit_callbacks)
    assert destinatari() == ["coordinatore@example.it"]
    assert mail.outbox[0].subject == "Report «Analisi dei valichi»: proposto per la pubblicazione"
    mail.outbox.clear()
    passa(report, "rimanda", coordinatore, "Manca la fonte dei dati.", capture=django_capture_on_commit_callbacks)
    assert destinatari() == ["camera-lombardia@example.it", "operatore-lombardia@example.it"]
    # The Unione's own report is not the Camera's to fix.
    ente_unione = Ente.objects.get(regione=progetto.regione, tipo=Ente.Tipo.UNIONE_REGIONALE)
    unione = factories.ReportFactory(progetto=progetto, titolo="Sintesi", file="report/sintesi.pdf", ente=ente_unione)
    passa(unione, "proponi", operatore, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    passa(unione, "rimanda", coordinatore, "Da rivedere.", capture=django_capture_on_commit_callbacks)
    assert destinatari() == ["operatore-lombardia@example.it"]


# --- "Da fare" ------------------------------------------------------------------------------------


def test_da_fare_follows_the_table_and_the_states(strategico, operatore, camera_lombardia, coordinatore, altro_operatore):
    assert notifiche.da_fare(operatore) == []  # a fresh draft waits for nobody
    strategico.invia(operatore)
    (voce,) = notifiche.da_fare(coordinatore)
    assert voce.oggetto == strategico and voce.passaggio.azione == "invia"
    assert [a.azione for a in voce.azioni] == ["rimanda", "approva"]
    assert notifiche.da_fare(operatore) == []
    strategico.rimanda(coordinatore, commento="Manca il cronoprogramma.")
    assert notifiche.da_fare(coordinatore) == []
    (voce,) = notifiche.da_fare(operatore)
    assert voce.commento == "Manca il cronoprogramma." and [a.azione for a in voce.azioni] == ["invia"]
    # Another region's Operatore, and a Camera's (who does not draft the strategic project), wait for nothing.
    assert notifiche.da_fare(altro_operatore) == [] and notifiche.da_fare(camera_lombardia) == []
    # Edited after the send-back, it still waits for its resubmission.
    strategico.obiettivi = "Obiettivi rivisti."
    strategico.save()
    assert len(notifiche.da_fare(operatore)) == 1
    strategico.invia(operatore)
    strategico.approva(coordinatore)
    assert notifiche.da_fare(operatore) == []  # approved: told, but nothing for the region to do
    assert [v.azioni[0].azione for v in notifiche.da_fare(coordinatore)] == ["pubblica"]


def test_the_home_shows_da_fare(client, strategico, operatore, coordinatore):
    strategico.invia(operatore)
    client.force_login(coordinatore)
    pagina = client.get(reverse("home")).content.decode()
    assert 'data-testid="da-fare"' in pagina and "Libro Bianco delle infrastrutture lombarde" in pagina
    assert strategico.get_absolute_url() in pagina
    client.force_login(operatore)
    pagina = client.get(reverse("home")).content.decode()
    assert "Nessun documento attende una tua azione." in pagina


@pytest.mark.parametrize("flusso", [FLUSSO_STRATEGICO, FLUSSO_DOCUMENTO], ids=["strategico", "documento"])
def test_every_step_tells_whoever_acts_next(flusso):
    """The table's invariant: a step that leaves a record where some side may take a step tells that side."""
    for passaggio in flusso.passaggi:
        chi_agisce = {p.chi for p in flusso.passaggi if passaggio.a in p.da}
        assert chi_agisce <= set(passaggio.avvisa), passaggio.azione
        assert passaggio.avvisa, passaggio.azione  # and every step tells someone


# --- the profile page -----------------------------------------------------------------------------


def test_a_user_sets_their_address_and_frequency(client, operatore):
    client.force_login(operatore)
    url = reverse("notifiche")
    pagina = client.get(url).content.decode()
    assert "Avvisi via e-mail" in pagina and 'name="avvisi"' in pagina
    risposta = client.post(url, {"email": "non-un-indirizzo", "avvisi": "settimanale"})
    assert risposta.status_code == 200 and "Inserisci un indirizzo email valido." in risposta.content.decode()
    # The field is the user's own (User.email): its limit of 254 characters with it.
    risposta = client.post(url, {"email": "a" * 250 + "@example.it", "avvisi": "settimanale"})
    assert "non contenga più di 254 caratteri" in risposta.content.decode()
    risposta = client.post(url, {"email": "mario.rossi@example.it", "avvisi": "settimanale"}, follow=True)
    assert "Preferenze degli avvisi salvate." in risposta.content.decode()
    operatore.refresh_from_db()
    assert operatore.email == "mario.rossi@example.it" and operatore.profilo.avvisi == Profilo.Avvisi.SETTIMANALE
    client.post(url, {"email": "", "avvisi": "subito"})
    operatore.refresh_from_db()
    assert operatore.email == "" and Profilo.objects.get(utente=operatore).avvisi == Profilo.Avvisi.SUBITO


def test_the_digest_command_names_an_unknown_user(coordinatore):
    with pytest.raises(CommandError, match="Utenti inesistenti: nessuno."):
        call_command("invia_riepilogo", utente=["coordinatore", "nessuno"])
    assert mail.outbox == []


def test_a_national_document_goes_between_coordinators(programma, coordinatore, django_capture_on_commit_callbacks):
    """National documents are written by the national roles: the same table tells the other Coordinatori."""
    collega = factories.crea_utente("coordinatrice-2", Ruolo.COORDINATORE)
    con_indirizzo(coordinatore, collega)
    documento = DocumentoNazionale.objects.create(
        programma=programma, tipo="report_analisi", titolo="Report nazionale", data=dt.date(2025, 4, 1), file="nazionali/r.pdf"
    )
    passa(documento, "proponi", coordinatore, capture=django_capture_on_commit_callbacks)
    assert destinatari() == ["coordinatrice-2@example.it"]
    assert [v.oggetto for v in notifiche.da_fare(collega)] == [documento]
