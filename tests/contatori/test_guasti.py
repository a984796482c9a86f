"""Faults injected for real: a Redis that dies, a database connection killed, a worker killed mid-recount.

Each test starts the servers it breaks (a redis-server on a free port of 127.0.0.1) and stops only
them. Each checks that the user got a clear answer, that nothing was lost and nothing duplicated.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse

from contatori import services
from contatori.models import DatiModificati, RicalcoloLog, Snapshot
from contatori.services import ricalcola
from contatori.tasks import ricalcola_contatori
from programma.celery import app
from programma.connections import client_redis
from regioni.models import Provincia
from tavoli.models import TavoloConfronto
from tests import factories
from tests.conftest import database_url_di_test, manca_servizio

ATTESA_MASSIMA = 60


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisPrivato:
    """A redis-server of this test only, without persistence, on 127.0.0.1."""

    def __init__(self) -> None:
        self.porta = _porta_libera()
        self.url = f"redis://127.0.0.1:{self.porta}/0"
        self.processo: subprocess.Popen | None = None

    def avvia(self) -> None:
        self.processo = subprocess.Popen(
            ["redis-server", "--port", str(self.porta), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        scadenza = time.monotonic() + 10
        while time.monotonic() < scadenza:
            try:
                client_redis(self.url).ping()
                return
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.05)
        raise RuntimeError("redis-server non è partito")

    def uccidi(self) -> None:
        if self.processo is not None and self.processo.poll() is None:
            self.processo.kill()
            self.processo.wait()


@pytest.fixture
def redis_privato() -> Iterator[RedisPrivato]:
    if shutil.which("redis-server") is None:
        manca_servizio("redis-server non trovato: i test dei guasti di Redis sono saltati.")
    server = RedisPrivato()
    server.avvia()
    yield server
    server.uccidi()


@pytest.fixture
def servizi_su(redis_privato, monkeypatch):
    """This process uses the private Redis as cache, lock and broker, with a worker (not eager).
    (Restored before the private Redis stops, so no other fixture's teardown talks to it.)"""
    cache_redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_privato.url,
        "OPTIONS": settings.REDIS_OPZIONI,
    }
    monkeypatch.setitem(app.conf, "broker_url", redis_privato.url)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    app._after_fork()  # drop pooled broker connections: the next publish connects to the new URL
    pagine = {**cache_redis, "BACKEND": "programma.cache.RedisTollerante"}
    with override_settings(REDIS_URL=redis_privato.url, CACHES={"default": cache_redis, "pagine": pagine}):
        yield redis_privato
    app._after_fork()


def _richiede_postgresql() -> None:
    if connection.vendor != "postgresql":
        manca_servizio("Serve PostgreSQL (DATABASE_URL) per questo test dei guasti.")


def _dati_tavolo(titolo: str) -> dict[str, str]:
    return {
        "titolo": titolo,
        "data": "2025-06-10",
        "stato": "svolto",
        "modalita": "in_presenza",
        "luogo": "Sala Colonne",
        "provincia": str(Provincia.objects.get(sigla="MI").pk),
        "n_esperti": "3",
        "n_associazioni": "5",
        "n_imprese": "8",
        "n_istituzioni": "2",
        "n_gestori": "1",
        "sintesi": "",
        "elenco_organizzazioni": "",
    }


def _tavoli_svolti() -> int | None:
    riga = Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).order_by("-calcolato_il").first()
    return int(riga.valore) if riga else None


@pytest.mark.django_db(transaction=True)
def test_a_save_succeeds_while_redis_is_down_and_is_counted_when_it_returns(servizi_su, client, coordinatore, monkeypatch):
    factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    ricalcola(origine="test")
    assert _tavoli_svolti() == 0
    operatore = factories.operatore("lombardia")
    client.force_login(operatore)

    servizi_su.uccidi()
    response = client.post(reverse("tavoli:nuovo"), _dati_tavolo("Tavolo a Redis spento"), follow=True)

    # The user was told it is saved, and it is, once: nothing to submit again.
    assert response.status_code == 200
    assert "Tavolo «Tavolo a Redis spento» registrato." in response.content.decode()
    assert TavoloConfronto.objects.filter(titolo="Tavolo a Redis spento").count() == 1
    # Not counted yet, but marked in the database, where a Redis restart cannot lose it.
    assert _tavoli_svolti() == 0
    assert DatiModificati.attuale().da_ricalcolare

    salute = client.get("/healthz")
    assert salute.status_code == 200
    assert salute.json()["database"]["stato"] == "ok"
    assert salute.json()["broker"]["stato"] == "errore"
    assert salute.json()["contatori"]["modificati_dal"]

    # Five minutes on (the freshness's clock), the dashboard says its numbers may be behind, and by how much.
    # (Not the snapshot's time moved back: the recount has kept the snapshot it wrote for its pages.)
    from django.utils import timezone

    adesso = timezone.now() + dt.timedelta(minutes=5)
    monkeypatch.setattr("contatori.selectors.timezone", SimpleNamespace(now=lambda: adesso))
    client.force_login(coordinatore)
    cruscotto = client.get(reverse("contatori:dashboard"))
    assert cruscotto.status_code == 200
    assert "I contatori potrebbero non essere aggiornati: ultimo ricalcolo 5 minuti fa." in cruscotto.content.decode()
    assert client.get("/healthz").json()["contatori"]["stato"] == "vecchi"

    # Redis is back: beat's catch-up run counts the tavolo and clears the mark.
    servizi_su.avvia()
    assert "valori ricalcolati" in ricalcola_contatori.apply(kwargs={"origine": "recupero", "solo_se_modificati": True}).get()
    assert _tavoli_svolti() == 1
    assert not DatiModificati.attuale().da_ricalcolare
    assert "potrebbero non essere aggiornati" not in client.get(reverse("contatori:dashboard")).content.decode()


class SenzaRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the 302 itself is the answer to check
        return None


APP_GUNICORN = "programma-test-guasti-gunicorn"


class Gunicorn:
    """gunicorn with one sync worker, keeping its database connection between requests
    (CONN_MAX_AGE), as in production; on the test database."""

    def __init__(self, tmp_path: Path) -> None:
        self.url = f"http://127.0.0.1:{_porta_libera()}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url_di_test(),
            "DJANGO_CONN_MAX_AGE": "60",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "PYTHONPATH": str(settings.BASE_DIR),
            # libpq names gunicorn's connections, so the test kills those and no other session's.
            "PGAPPNAME": APP_GUNICORN,
        }
        env.pop("REDIS_URL", None)
        self.log = tmp_path / "gunicorn.log"
        self.processo = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "programma.wsgi:application", "--bind", self.url[7:], "--workers", "1"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        scadenza = time.monotonic() + ATTESA_MASSIMA
        while time.monotonic() < scadenza:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=5)
                return
            except OSError:
                assert self.processo.poll() is None, self.log.read_text()[-3000:]
                time.sleep(0.2)
        raise RuntimeError("gunicorn non risponde")

    def ferma(self) -> None:
        self.processo.terminate()
        self.processo.wait(timeout=15)


@pytest.mark.django_db(transaction=True)
def test_the_next_request_succeeds_after_the_servers_database_connection_was_killed(client, tmp_path):
    _richiede_postgresql()
    factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    client.force_login(factories.operatore("lombardia"))  # a session in the database, for gunicorn too
    sessione = client.cookies[settings.SESSION_COOKIE_NAME].value
    dati = _dati_tavolo("Tavolo dopo il riavvio")
    server = Gunicorn(tmp_path)
    try:
        browser = urllib.request.build_opener(SenzaRedirect())
        browser.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={sessione}")]
        modulo = browser.open(server.url + reverse("tavoli:nuovo"), timeout=30)
        assert modulo.status == 200
        biscotto = SimpleCookie(modulo.headers["Set-Cookie"])
        csrf = biscotto[settings.CSRF_COOKIE_NAME].value

        # What a PostgreSQL restart does to every persistent connection: here gunicorn's only
        # (the live server of the browser tests shares this database).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = %s",
                [APP_GUNICORN],
            )
            assert cursor.fetchone()[0] >= 1

        # The next request finds its connection dead and opens a new one (CONN_HEALTH_CHECKS).
        corpo = urllib.parse.urlencode(dati).encode()
        browser.addheaders = [
            ("Cookie", f"{settings.SESSION_COOKIE_NAME}={sessione}; {settings.CSRF_COOKIE_NAME}={csrf}"),
            ("X-CSRFToken", csrf),
        ]
        try:
            risposta = browser.open(server.url + reverse("tavoli:nuovo"), data=corpo, timeout=30)
        except urllib.error.HTTPError as errore:  # what urllib makes of a redirect it does not follow
            risposta = errore
        assert risposta.status == 302, server.log.read_text()[-3000:]
    finally:
        server.ferma()
    # Saved once, and the user is sent to its page with the success message.
    tavolo = TavoloConfronto.objects.get(titolo="Tavolo dopo il riavvio")
    assert risposta.headers["Location"] == tavolo.get_absolute_url()
    messaggi = CookieStorage(HttpRequest())._decode(SimpleCookie(risposta.headers["Set-Cookie"])["messages"].value)
    assert [str(m) for m in messaggi] == ["Tavolo «Tavolo dopo il riavvio» registrato."]


@pytest.mark.django_db
def test_the_recount_task_retries_after_a_database_error(monkeypatch):
    from django.db import OperationalError

    factories.TavoloConfrontoFactory(progetto=factories.ProgettoRegionaleFactory())
    scrivi = services.scrivi_snapshot
    tentativi = []

    def cade_la_prima_volta(**kwargs):
        tentativi.append(1)
        if len(tentativi) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return scrivi(**kwargs)

    monkeypatch.setattr(services, "scrivi_snapshot", cade_la_prima_volta)
    # throw=False: in eager mode Celery re-applies a retried task only when it does not propagate.
    assert "valori ricalcolati" in ricalcola_contatori.apply(kwargs={"origine": "pianificato"}, throw=False).get()
    assert len(tentativi) == 2
    assert _tavoli_svolti() == 1
    # The failed attempt says so in the run log; it wrote nothing (one transaction).
    assert sorted(RicalcoloLog.objects.values_list("esito", flat=True)) == ["completato", "errore"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_recount_leaves_the_previous_counters_whole(servizi_su, tmp_path):
    _richiede_postgresql()
    progetto = factories.ProgettoRegionaleFactory()
    factories.TavoloConfrontoFactory(progetto=progetto)
    ricalcola(origine="test")
    prima = set(Snapshot.objects.values_list("contatore", "regione_id", "valore"))
    assert _tavoli_svolti() == 1

    segnale = tmp_path / "a-meta"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_di_test(),
        "REDIS_URL": servizi_su.url,
        "SEGNALE_RICALCOLO": str(segnale),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.contatori.worker_lento"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        # A save queues the recount; the worker stops it after deleting today's rows.
        factories.TavoloConfrontoFactory(progetto=progetto)
        scadenza = time.monotonic() + ATTESA_MASSIMA
        while time.monotonic() < scadenza and not segnale.exists():
            assert worker.poll() is None, Path(log.name).read_text()[-3000:]
            time.sleep(0.2)
        assert segnale.exists(), Path(log.name).read_text()[-3000:]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

        # The previous snapshot is whole: the killed run's delete was never committed.
        assert set(Snapshot.objects.values_list("contatore", "regione_id", "valore")) == prima
        assert RicalcoloLog.objects.filter(esito="in_corso").count() == 1
        assert DatiModificati.attuale().da_ricalcolare
        # The dead worker's lock expires on its own, within its short timeout (no heartbeat renews it).
        assert 0 < client_redis(servizi_su.url).pttl(services.CHIAVE_LOCK) <= services.LOCK_TIMEOUT * 1000

        scadenza = time.monotonic() + services.LOCK_TIMEOUT + 10
        esito = ricalcola(origine="test")
        while not esito.eseguito and time.monotonic() < scadenza:
            time.sleep(1)
            esito = ricalcola(origine="test")
        assert esito.eseguito
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        log.close()
        os.unlink(log.name)

    # The new run counted both tavoli, once; the killed run's log says it was interrupted.
    assert _tavoli_svolti() == 2
    assert Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).count() == 1
    assert not DatiModificati.attuale().da_ricalcolare
    interrotto = RicalcoloLog.objects.exclude(origine="test").get(esito="errore")
    assert "Interrotto" in interrotto.errore
    assert not RicalcoloLog.objects.filter(esito="in_corso").exists()


def test_the_lock_outlives_its_timeout_while_its_holder_runs(redis_privato, monkeypatch):
    """The heartbeat renews the short lock: a recount slower than LOCK_TIMEOUT keeps it to the end."""
    monkeypatch.setattr(services, "LOCK_TIMEOUT", 0.6)
    with override_settings(REDIS_URL=redis_privato.url):
        lock = services._Lock()
        assert lock.acquire()
        time.sleep(2)  # more than three timeouts
        assert not services._Lock().acquire()
        lock.release()
        assert client_redis(redis_privato.url).exists(services.CHIAVE_LOCK) == 0
        seguente = services._Lock()
        assert seguente.acquire()
        seguente.release()
