import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from contatori import registry, services
from contatori.models import RicalcoloLog, Snapshot
from contatori.services import accoda_ricalcolo, ricalcola
from contatori.tasks import ricalcola_contatori
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def nuova_transazione():
    """The test runs in one transaction that never commits: forget the recount its fixtures already queued."""
    connection.run_on_commit[:] = []


@pytest.fixture(autouse=True)
def _senza_lock_residuo(senza_lock):
    cache.delete(services.CHIAVE_IN_CODA)
    yield
    cache.delete(services.CHIAVE_IN_CODA)


def valore(chiave, regione=None):
    return Snapshot.objects.get(contatore=chiave, regione=regione).valore


def test_it_writes_one_row_per_counter_and_scope(dati):
    esito = ricalcola(origine="test")
    assert esito.eseguito
    assert Snapshot.objects.count() == len(registry.CONTATORI) * 21
    assert valore("stakeholder_distinti") == 5
    log = RicalcoloLog.objects.get()
    assert log.esito == "completato" and log.origine == "test" and log.durata is not None


def test_it_is_idempotent(dati):
    ricalcola(origine="test")
    ricalcola(origine="test")
    assert Snapshot.objects.count() == len(registry.CONTATORI) * 21
    assert valore("tavoli_svolti") == 3


def test_it_overwrites_the_days_row(dati, progetto):
    ricalcola(origine="test")
    factories.TavoloConfrontoFactory(progetto=progetto)
    ricalcola(origine="test")
    assert valore("tavoli_svolti") == 4
    assert Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).count() == 1


def test_it_does_not_run_while_another_recount_holds_the_lock(dati):
    altro = services._Lock()
    assert altro.acquire()
    esito = ricalcola(origine="test")
    assert not esito.eseguito and esito.messaggio == "già in corso"
    assert not Snapshot.objects.exists()
    assert RicalcoloLog.objects.get().esito == "saltato"
    altro.release()
    assert ricalcola(origine="test").eseguito


def test_the_task_wraps_the_service(dati):
    risultato = ricalcola_contatori.apply(kwargs={"origine": "pianificato"})
    assert "valori ricalcolati" in risultato.get()
    assert RicalcoloLog.objects.get().origine == "pianificato"
    assert ricalcola_contatori.time_limit < services.LOCK_TIMEOUT


def test_the_command_prints_a_summary(dati, capsys):
    call_command("ricalcola_contatori")
    assert "Contatori ricalcolati" in capsys.readouterr().out
    assert RicalcoloLog.objects.get().origine == "comando"


def test_it_queues_once_per_transaction(monkeypatch, django_capture_on_commit_callbacks, progetto, nuova_transazione):
    chiamate = []
    monkeypatch.setattr(ricalcola_contatori, "apply_async", lambda **kw: chiamate.append(kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(5):
            factories.TavoloConfrontoFactory(progetto=progetto)
    assert len(callbacks) == 1
    assert chiamate == [{"kwargs": {"origine": "modifica"}, "countdown": services.RITARDO_SECONDI}]


def test_it_debounces_across_transactions(monkeypatch, django_capture_on_commit_callbacks):
    chiamate = []
    monkeypatch.setattr(ricalcola_contatori, "apply_async", lambda **kw: chiamate.append(kw))

    def salva_e_committa():
        connection.run_on_commit[:] = []
        with django_capture_on_commit_callbacks(execute=True):
            accoda_ricalcolo(origine="modifica")

    for _ in range(3):
        salva_e_committa()
    assert len(chiamate) == 1
    cache.delete(services.CHIAVE_IN_CODA)  # what the task does when it starts
    salva_e_committa()
    assert len(chiamate) == 2


@pytest.mark.parametrize("modifica", ["tavolo", "evento", "report", "opera", "fase", "organizzazioni", "temi"])
def test_every_counted_change_queues_a_recount(modifica, progetto, django_capture_on_commit_callbacks):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    evento = factories.EventoFactory(progetto=progetto)
    azioni = {
        "tavolo": lambda: factories.TavoloConfrontoFactory(progetto=progetto),
        "evento": lambda: evento.delete(),
        "report": lambda: factories.ReportFactory(progetto=progetto),
        "opera": lambda: factories.OperaPrioritariaFactory(),
        "fase": lambda: progetto.fasi.first().save(),
        "organizzazioni": lambda: tavolo.organizzazioni.add(factories.OrganizzazioneFactory()),
        "temi": lambda: evento.temi.clear(),
    }
    connection.run_on_commit[:] = []
    with django_capture_on_commit_callbacks() as callbacks:
        azioni[modifica]()
    assert len(callbacks) == 1


def test_it_does_not_queue_when_suspended(progetto, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, services.ricalcolo_sospeso():
        factories.TavoloConfrontoFactory(progetto=progetto)
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_two_recounts_started_together_make_one_run(monkeypatch):
    progetto = factories.ProgettoRegionaleFactory()
    for _ in range(3):
        factories.TavoloConfrontoFactory(progetto=progetto)
    calcola = registry.calcola_tutti
    partenza = threading.Barrier(2)

    def lento(programma):
        time.sleep(0.5)  # long enough for the other thread to find the lock taken
        return calcola(programma)

    monkeypatch.setattr(registry, "calcola_tutti", lento)
    esiti = []

    def avvia():
        partenza.wait()
        try:
            esiti.append(ricalcola(origine="test"))
        finally:
            connection.close()

    threads = [threading.Thread(target=avvia) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(e.eseguito for e in esiti) == [False, True]
    # (The factories' own saves recounted eagerly, origine "modifica".)
    assert RicalcoloLog.objects.filter(origine="test", esito="completato").count() == 1
    assert RicalcoloLog.objects.filter(origine="test", esito="saltato").count() == 1
    assert valore("tavoli_svolti") == 3
    assert Snapshot.objects.filter(contatore="tavoli_svolti").count() == 21


def test_a_change_skipped_by_a_running_recount_is_counted_again_later(dati, monkeypatch):
    """The run holding the lock may have read the data before the change: the worker retries."""
    riprovati = []

    class Riprova(Exception):
        pass

    def retry(**kwargs):
        riprovati.append(kwargs)
        return Riprova()

    monkeypatch.setattr(ricalcola_contatori, "retry", retry)
    altro = services._Lock()
    assert altro.acquire()
    ricalcola_contatori.push_request(id="lavoro-1", is_eager=False)
    try:
        with pytest.raises(Riprova):
            ricalcola_contatori.run(origine="modifica")
        # The 10-minute schedule does not pile up retries: the next beat comes anyway.
        assert ricalcola_contatori.run(origine="pianificato") == "già in corso"
    finally:
        ricalcola_contatori.pop_request()
        altro.release()
    assert riprovati == [{"countdown": services.RITARDO_SECONDI, "max_retries": 20}]
