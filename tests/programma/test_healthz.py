import datetime as dt
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from contatori.models import Snapshot
from tests import factories
from tests.conftest import manca_servizio

pytestmark = pytest.mark.django_db

EAGER = {"stato": "eager", "dettaglio": "REDIS_URL non impostata: i task girano nel processo web."}


@pytest.fixture
def senza_broker(settings):
    """No REDIS_URL: the broker is reported as eager, whatever the environment running the tests."""
    settings.REDIS_URL = ""


@pytest.fixture
def redis_proprio() -> Iterator[str]:
    """A redis-server of this test's own on a free port (never the shared one), stopped afterwards."""
    if shutil.which("redis-server") is None:
        manca_servizio("redis-server non installato")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        porta = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(porta), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", porta), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{porta}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def calcolati(minuti_fa: int) -> dt.datetime:
    """One snapshot row computed `minuti_fa` minutes ago; returns its time."""
    quando = (timezone.now() - dt.timedelta(minutes=minuti_fa)).replace(microsecond=0)
    Snapshot.objects.create(
        contatore="tavoli_svolti", programma=factories.ProgrammaFactory(), giorno=quando.date(), valore=3, calcolato_il=quando
    )
    return quando


def test_it_works(client, senza_broker):
    quando = calcolati(minuti_fa=10)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"database", "broker", "contatori"}
    assert body["database"] == {"stato": "ok"}
    assert body["broker"] == EAGER
    contatori = body["contatori"]
    assert set(contatori) == {"stato", "eta_secondi", "calcolati_il", "modificati_dal"}
    assert contatori["stato"] == "ok" and contatori["modificati_dal"] is None  # nothing left uncounted
    assert contatori["calcolati_il"] == quando.isoformat()
    assert 600 <= contatori["eta_secondi"] < 660  # ten minutes, give or take the test's own run


def test_it_says_when_the_counters_are_stale(client, senza_broker):
    calcolati(minuti_fa=30)  # beat recounts every 10 minutes: 25 without one means it is down
    contatori = client.get("/healthz").json()["contatori"]
    assert contatori["stato"] == "vecchi" and 1800 <= contatori["eta_secondi"] < 1860


def test_it_reports_the_broker_up(client, settings, redis_proprio):
    settings.REDIS_URL = redis_proprio
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == {"stato": "ok"}


def test_it_reports_the_broker_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200  # the broker is reported, not required
    assert response.json()["broker"] == {"stato": "errore", "dettaglio": "ConnectionError"}


def test_it_is_503_when_the_database_is_down(client, monkeypatch, senza_broker):
    from django.db.backends.utils import CursorWrapper

    def guasto(*args, **kwargs):
        raise OperationalError("database irraggiungibile")

    monkeypatch.setattr(CursorWrapper, "execute", guasto)
    response = client.get("/healthz")
    assert response.status_code == 503
    # No counters: their age is read from the database that is down.
    assert response.json() == {"database": {"stato": "errore", "dettaglio": "OperationalError"}, "broker": EAGER}


def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405
