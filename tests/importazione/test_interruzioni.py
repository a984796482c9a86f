"""An import that dies ends "non riuscita" with a reason, never "in corso", and writes nothing."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from programma.importazione import services, tasks, writing
from programma.importazione.models import DURATA_MASSIMA, Importazione
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db


@pytest.fixture
def da_confermare(amministratore):
    importazione = Importazione.objects.create(
        nome_file="opere.csv", utente=amministratore, conferma=True, ultimo_segnale=timezone.now()
    )
    importazione.file.save("opere.csv", ContentFile(csv_bytes([riga("OP-1"), riga("OP-2")])))
    return importazione


def test_an_error_while_writing_ends_failed_and_writes_nothing(da_confermare, monkeypatch):
    scrivi = writing.scrivi

    def guasto(*args, **kwargs):
        scrivi(*args, **kwargs)  # every work written...
        raise RuntimeError("disco pieno")  # ...then a failure before the commit

    monkeypatch.setattr(writing, "scrivi", guasto)
    assert services.esegui(da_confermare) is None
    da_confermare.refresh_from_db()
    assert da_confermare.stato == Importazione.Stato.FALLITA
    assert da_confermare.messaggio == "Importazione non riuscita: errore imprevisto (RuntimeError). Nessuna modifica è stata salvata."
    assert not OperaPrioritaria.objects.exists()


def test_an_error_while_recording_the_outcome_ends_failed(amministratore, monkeypatch):
    """The preview's own bookkeeping failing (PostgreSQL refusing a value, say) used to leave it "in corso"."""
    importazione = Importazione.objects.create(nome_file="opere.csv", utente=amministratore)
    importazione.file.save("opere.csv", ContentFile(csv_bytes([riga("OP-1")])))

    def rifiuta(*args, **kwargs):
        raise DataError("unsupported Unicode escape sequence")

    monkeypatch.setattr(services, "_registra", rifiuta)
    services.esegui(importazione)
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.FALLITA
    assert "errore del database (DataError)" in importazione.messaggio


def test_the_task_time_limit_ends_failed_with_its_reason(da_confermare, monkeypatch):
    def lento(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(writing, "scrivi", lento)
    services.esegui(da_confermare)
    da_confermare.refresh_from_db()
    assert da_confermare.stato == Importazione.Stato.FALLITA
    assert f"tempo massimo di {DURATA_MASSIMA // 60} minuti" in da_confermare.messaggio


def test_a_completed_import_is_never_marked_failed(da_confermare):
    services.esegui(da_confermare)
    services.segna_fallita(da_confermare.pk, messaggio="no")
    da_confermare.refresh_from_db()
    assert da_confermare.stato == Importazione.Stato.COMPLETATA and da_confermare.messaggio == ""


def silenzio(secondi: int) -> timezone.datetime:
    return timezone.now() - timedelta(seconds=secondi)


@pytest.mark.parametrize("stato", [Importazione.Stato.IN_CORSO, Importazione.Stato.IN_CODA])
def test_an_import_whose_process_died_is_closed_on_the_next_look(client_admin, stato):
    morta = Importazione.objects.create(nome_file="morta.csv", stato=stato, ultimo_segnale=silenzio(DURATA_MASSIMA + 60))
    viva = Importazione.objects.create(nome_file="viva.csv", stato=stato, ultimo_segnale=silenzio(60))
    stato_json = client_admin.get(reverse("importazione:stato", args=[morta.pk])).json()
    assert stato_json["stato"] == "fallita" and stato_json["terminata"]
    morta.refresh_from_db()
    assert morta.messaggio.startswith("Importazione interrotta: il processo che la eseguiva si è fermato")
    assert "Nessuna opera è stata scritta" in morta.messaggio
    pagina = client_admin.get(reverse("importazione:dettaglio", args=[morta.pk])).content.decode()
    assert "Non riuscita" in pagina and "Importazione interrotta" in pagina
    viva.refresh_from_db()
    assert viva.stato == stato


@pytest.mark.parametrize(
    "url",
    [
        lambda pk: reverse("importazione:storico"),
        lambda pk: reverse("importazione:dettaglio", args=[pk]),
        lambda pk: reverse("importazione:nuova"),
        lambda pk: reverse("importazione:anteprima", args=[pk]),
        lambda pk: reverse("admin:programma_importazione_changelist"),
    ],
)
def test_every_page_of_imports_closes_dead_ones(client_admin, url):
    morta = Importazione.objects.create(nome_file="morta.csv", stato="in_corso", ultimo_segnale=silenzio(DURATA_MASSIMA + 1))
    client_admin.get(url(morta.pk))
    morta.refresh_from_db()
    assert morta.stato == Importazione.Stato.FALLITA


def test_an_undo_whose_process_died_stops_showing_progress(client_admin):
    importazione = Importazione.objects.create(
        nome_file="opere.csv", stato="completata", fase="annullamento", ultimo_segnale=silenzio(DURATA_MASSIMA + 1)
    )
    client_admin.get(reverse("importazione:dettaglio", args=[importazione.pk]))
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.fase) == ("completata", "")
    assert importazione.messaggio.startswith("Annullamento interrotto")


def test_a_broker_that_refuses_the_task_ends_the_import_failed(client_admin, monkeypatch, django_capture_on_commit_callbacks):
    def giu(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.esegui_importazione, "delay", giu)
    monkeypatch.setattr(services, "SINCRONO_MAX_RIGHE", 1)
    dati = csv_bytes([riga("OP-1"), riga("OP-2")])
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client_admin.post(reverse("importazione:nuova"), {"file": SimpleUploadedFile("opere.csv", dati)})
    assert risposta.status_code == 302
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.FALLITA
    assert "non risponde" in importazione.messaggio


def test_the_task_leaves_a_closed_import_alone(da_confermare):
    Importazione.objects.filter(pk=da_confermare.pk).update(stato=Importazione.Stato.FALLITA)
    assert tasks.esegui_importazione(da_confermare.pk) == Importazione.Stato.FALLITA
    assert not OperaPrioritaria.objects.exists()
