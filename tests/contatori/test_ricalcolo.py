import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from contatori import registry, services
from contatori.coda import accoda_ricalcolo, ricalcolo_sospeso
from contatori.models import DatiModificati, RicalcoloLog, Snapshot
from contatori.services import ricalcola
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
    # Idempotent, so delivered again if its worker dies (Celery's advice for such tasks).
    assert ricalcola_contatori.acks_late and ricalcola_contatori.reject_on_worker_lost


def test_the_command_prints_a_summary(dati, capsys):
    call_command("ricalcola_contatori")
    assert "Contatori ricalcolati" in capsys.readouterr().out
    assert RicalcoloLog.objects.get().origine == "comando"


@pytest.fixture
def con_worker(monkeypatch):
    """As with REDIS_URL and a worker: saves queue a task (here captured, not sent)."""
    from programma.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    cache.delete_many([services.CHIAVE_IN_CODA, services.CHIAVE_ULTIMO_AVVIO])  # no recount started just now


def test_it_queues_once_per_transaction(monkeypatch, django_capture_on_commit_callbacks, progetto, nuova_transazione, con_worker):
    chiamate = []
    monkeypatch.setattr(ricalcola_contatori, "apply_async", lambda **kw: chiamate.append(kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(5):
            factories.TavoloConfrontoFactory(progetto=progetto)
    assert len(callbacks) == 1
    assert chiamate == [{"kwargs": {"origine": "modifica", "solo_se_modificati": True}, "countdown": services.RITARDO_SECONDI}]


def test_it_debounces_across_transactions(monkeypatch, django_capture_on_commit_callbacks, con_worker):
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
    with django_capture_on_commit_callbacks() as callbacks, ricalcolo_sospeso():
        factories.TavoloConfrontoFactory(progetto=progetto)
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_a_recount_started_while_another_runs_is_skipped(monkeypatch):
    progetto = factories.ProgettoRegionaleFactory()
    for _ in range(3):
        factories.TavoloConfrontoFactory(progetto=progetto)
    calcola = registry.calcola_tutti
    dentro = threading.Event()

    def lento(programma):
        dentro.set()
        time.sleep(0.5)  # long enough for the other thread to find the lock taken
        return calcola(programma)

    monkeypatch.setattr(registry, "calcola_tutti", lento)
    esiti = []

    def avvia():
        try:
            esiti.append(ricalcola(origine="test"))
        finally:
            connection.close()

    # The second starts once the first counts (SQLite's in-memory test database has no busy
    # timeout, so two writes to the run log at the same instant would fail there).
    primo, secondo = threading.Thread(target=avvia), threading.Thread(target=avvia)
    primo.start()
    assert dentro.wait(10)
    secondo.start()
    for t in (primo, secondo):
        t.join()
    assert sorted(e.eseguito for e in esiti) == [False, True]
    # (The factories' saves only marked the data changed: no recount ran inside them.)
    assert RicalcoloLog.objects.filter(origine="test", esito="completato").count() == 1
    assert RicalcoloLog.objects.filter(origine="test", esito="saltato").count() == 1
    assert valore("tavoli_svolti") == 3
    assert Snapshot.objects.filter(contatore="tavoli_svolti").count() == 21


def test_a_change_committed_during_a_recount_is_counted_by_a_second_run(dati, progetto, monkeypatch):
    """The run holding the lock may have read the data before the change: it runs once more."""
    calcola = registry.calcola_tutti
    chiamate = []

    def con_una_modifica_a_meta(programma):
        valori = calcola(programma)
        if not chiamate:  # another user's save commits while the first run counts
            factories.TavoloConfrontoFactory(progetto=progetto)
            DatiModificati.segna()
        chiamate.append(1)
        return valori

    monkeypatch.setattr(registry, "calcola_tutti", con_una_modifica_a_meta)
    DatiModificati.segna()
    assert ricalcola(origine="test").eseguito
    assert len(chiamate) == 2
    assert valore("tavoli_svolti") == 4
    assert not DatiModificati.attuale().da_ricalcolare
    assert RicalcoloLog.objects.filter(esito="completato").count() == 2


def test_a_recount_that_finds_the_lock_taken_does_not_retry(dati, monkeypatch):
    """No retry storm: the run holding the lock counts again after itself if data changed."""
    monkeypatch.setattr(ricalcola_contatori, "retry", lambda **kw: pytest.fail("retry chiamato"))
    altro = services._Lock()
    assert altro.acquire()
    ricalcola_contatori.push_request(id="lavoro-1", is_eager=False)
    try:
        assert ricalcola_contatori.run(origine="modifica") == "già in corso"
    finally:
        ricalcola_contatori.pop_request()
        altro.release()
    assert RicalcoloLog.objects.get().esito == "saltato"


def test_a_recount_clears_the_dirty_mark_only_up_to_where_it_read(dati):
    DatiModificati.segna()
    DatiModificati.segna()
    assert DatiModificati.attuale().da_ricalcolare
    ricalcola(origine="test")
    stato = DatiModificati.attuale()
    assert not stato.da_ricalcolare and stato.modificati_dal is None
    # A recount that read an older version leaves the newer change marked.
    DatiModificati.segna()
    DatiModificati.segna_contati(versione=stato.versione, avvio=timezone.now())
    assert DatiModificati.attuale().da_ricalcolare


def test_the_catch_up_run_does_nothing_when_nothing_changed(dati):
    ricalcola(origine="test")
    assert ricalcola_contatori.apply(kwargs={"origine": "recupero", "solo_se_modificati": True}).get() == "nessuna modifica da contare"
    DatiModificati.segna()
    assert "valori ricalcolati" in ricalcola_contatori.apply(kwargs={"origine": "recupero", "solo_se_modificati": True}).get()
    assert RicalcoloLog.objects.filter(origine="recupero").count() == 1


def test_a_run_left_in_corso_by_a_dead_worker_is_closed_by_the_next(dati):
    morto = RicalcoloLog.objects.create(avviato_il=timezone.now(), origine="modifica")
    ricalcola(origine="test")
    morto.refresh_from_db()
    assert morto.esito == "errore" and "Interrotto" in morto.errore


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_saves_do_not_recount_and_the_next_read_recounts_once(client):
    """Eager mode (`make run`): 30 committed saves pay no recount; the first page read pays one."""
    progetto = factories.ProgettoRegionaleFactory()
    RicalcoloLog.objects.all().delete()
    for _ in range(30):
        factories.TavoloConfrontoFactory(progetto=progetto)
    assert not RicalcoloLog.objects.exists()
    assert DatiModificati.attuale().da_ricalcolare

    assert client.get("/api/contatori/").json()["nazionale"]["tavoli_svolti"] == 30
    assert client.get("/api/contatori/").json()["nazionale"]["tavoli_svolti"] == 30
    assert client.get("/contatori/").status_code == 200
    assert RicalcoloLog.objects.filter(esito="completato").count() == 1
    assert RicalcoloLog.objects.get().origine == "lettura"


def test_a_recount_that_fails_on_read_still_shows_the_last_counters(dati, client, monkeypatch):
    ricalcola(origine="test")
    DatiModificati.segna()

    def guasto(programma):
        raise RuntimeError("database lento")

    monkeypatch.setattr(registry, "calcola_tutti", guasto)
    response = client.get("/api/contatori/")
    assert response.status_code == 200
    assert response.json()["nazionale"]["tavoli_svolti"] == 3
    assert DatiModificati.attuale().da_ricalcolare  # still to count: nothing was lost


def test_a_burst_spaces_its_recounts(monkeypatch, django_capture_on_commit_callbacks, con_worker, dati):
    """A recount starts no sooner than INTERVALLO_MINIMO_SECONDI after the last one started: a save
    right after a recount started is queued for the rest of the interval, one long after it with the
    plain debounce. This is what keeps a burst of 1,000 saves to a handful of recounts."""
    chiamate = []
    monkeypatch.setattr(ricalcola_contatori, "apply_async", lambda **kw: chiamate.append(kw["countdown"]))

    def salva_e_committa():
        cache.delete(services.CHIAVE_IN_CODA)  # the previous task has started
        connection.run_on_commit[:] = []
        with django_capture_on_commit_callbacks(execute=True):
            accoda_ricalcolo(origine="modifica")

    assert "valori ricalcolati" in ricalcola_contatori.apply(kwargs={"origine": "test"}).get()  # a recount starts now
    salva_e_committa()
    assert services.INTERVALLO_MINIMO_SECONDI - 0.5 < chiamate[-1] <= services.INTERVALLO_MINIMO_SECONDI
    adesso = time.time()
    monkeypatch.setattr(services.time, "time", lambda: adesso + services.INTERVALLO_MINIMO_SECONDI)
    salva_e_committa()
    assert chiamate[-1] == services.RITARDO_SECONDI
    # A start noted by a worker whose clock runs ahead: never more than the interval.
    cache.set(services.CHIAVE_ULTIMO_AVVIO, adesso + 60)
    salva_e_committa()
    assert chiamate[-1] == services.INTERVALLO_MINIMO_SECONDI


def test_a_run_leaves_later_changes_to_the_recount_they_queued(dati, progetto, monkeypatch):
    """A change committed during a run that queued its own recount is not counted again by this run
    (which would be one more recount in a burst); without one queued, the run counts it itself."""
    calcola = registry.calcola_tutti
    chiamate = []

    def con_una_modifica_a_meta(programma):
        valori = calcola(programma)
        if not chiamate:
            factories.TavoloConfrontoFactory(progetto=progetto)
            DatiModificati.segna()
            cache.set(services.CHIAVE_IN_CODA, "modifica")  # what its save does with a worker
        chiamate.append(1)
        return valori

    monkeypatch.setattr(registry, "calcola_tutti", con_una_modifica_a_meta)
    DatiModificati.segna()
    try:
        assert ricalcola(origine="test").eseguito
    finally:
        cache.delete(services.CHIAVE_IN_CODA)
    assert len(chiamate) == 1
    assert DatiModificati.attuale().da_ricalcolare  # left to the queued recount
