"""A real Celery worker over Redis (not eager mode) recounts after a change, with no button pressed."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from contatori import services
from contatori.models import DatiModificati, RicalcoloLog, Snapshot
from contatori.services import ricalcola
from tests import factories
from tests.conftest import database_url_di_test, manca_servizio

ATTESA_MASSIMA = 60


def _tavoli_svolti() -> int | None:
    riga = Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).order_by("-calcolato_il").first()
    return int(riga.valore) if riga else None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_recounts_after_a_saved_tavolo(client):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        manca_servizio("Serve PostgreSQL e REDIS_URL per il test con un worker Celery reale.")
    from programma.celery import app

    assert not app.conf.task_always_eager
    progetto = factories.ProgettoRegionaleFactory()
    ricalcola(origine="test")
    assert _tavoli_svolti() == 0
    # Nothing left over from earlier tests: no queued messages, no debounce key.
    app.control.purge()
    cache.delete(services.CHIAVE_IN_CODA)
    # The live pages' poll (contatori/views/vivo.py) before the change: its generation, then a 304.
    etag = client.get("/contatori/generazione/")["ETag"]
    assert client.get("/contatori/generazione/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    env = {**os.environ, "DATABASE_URL": database_url_di_test(), "REDIS_URL": settings.REDIS_URL}
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    # `python -m celery` runs in this interpreter's environment whatever the `celery` script's shebang says.
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "programma", "worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        # An Operatore's save, committed: the signal queues the debounced recount.
        factories.TavoloConfrontoFactory(progetto=progetto)
        scadenza = time.monotonic() + ATTESA_MASSIMA
        while time.monotonic() < scadenza and _tavoli_svolti() != 1:
            assert worker.poll() is None, Path(log.name).read_text()[-3000:]
            time.sleep(1)
        assert _tavoli_svolti() == 1, Path(log.name).read_text()[-3000:]
        # The worker's recount wrote its generation where the poll reads it, once it has prepared the
        # generation's pages (contatori.dati.prepara), just after its rows: a poll then sees it.
        while time.monotonic() < scadenza and client.get("/contatori/generazione/", HTTP_IF_NONE_MATCH=etag).status_code == 304:
            time.sleep(0.1)
        nuova = client.get("/contatori/generazione/", HTTP_IF_NONE_MATCH=etag)
        assert nuova.status_code == 200 and nuova["ETag"] != etag
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        os.unlink(log.name)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_saves_queues_one_recount():
    """300 saves in a row, each committed on its own, as from many users, queue one recount: the
    worker starts after the burst, so the count does not depend on the machine's speed."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        manca_servizio("Serve PostgreSQL e REDIS_URL per il test con un worker Celery reale.")
    from programma.celery import app

    progetto = factories.ProgettoRegionaleFactory()
    ricalcola(origine="test")
    app.control.purge()
    cache.delete(services.CHIAVE_IN_CODA)
    RicalcoloLog.objects.all().delete()

    n = 300
    for _ in range(n):
        factories.TavoloConfrontoFactory(progetto=progetto)
    assert RicalcoloLog.objects.count() == 0  # the saves themselves recount nothing
    from programma.connections import client_redis

    assert client_redis().llen(app.conf.task_default_queue) == 1  # one message for the whole burst

    env = {**os.environ, "DATABASE_URL": database_url_di_test(), "REDIS_URL": settings.REDIS_URL}
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    celery = str(Path(sys.executable).with_name("celery"))
    worker = subprocess.Popen(
        [celery, "-A", "programma", "worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        scadenza = time.monotonic() + ATTESA_MASSIMA
        while time.monotonic() < scadenza and (_tavoli_svolti() != n or DatiModificati.attuale().da_ricalcolare):
            assert worker.poll() is None, Path(log.name).read_text()[-3000:]
            time.sleep(1)
        assert _tavoli_svolti() == n, Path(log.name).read_text()[-3000:]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        os.unlink(log.name)
    assert RicalcoloLog.objects.filter(esito="completato").count() == 1
    assert not RicalcoloLog.objects.filter(esito="errore").exists()
    assert not DatiModificati.attuale().da_ricalcolare
