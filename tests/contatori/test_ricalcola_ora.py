import pytest
from django.test import Client

from contatori.models import RicalcoloLog, Snapshot

pytestmark = pytest.mark.django_db

URL = "/cruscotto/ricalcola/"


@pytest.fixture(autouse=True)
def _in_processo(senza_lock, eager):
    pass


def test_it_works(dati, client_coordinatore):
    response = client_coordinatore.post(URL, HTTP_ACCEPT="application/json")
    assert response.status_code == 202
    body = response.json()
    # Eager (no REDIS_URL): the recount already ran inside the request.
    assert body["stato"] == "completato"
    assert RicalcoloLog.objects.get(task_id=body["task"]).origine == "manuale:coordinatore"
    assert Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).get().valore == 3


def test_it_reports_progress(dati, client_coordinatore):
    task = client_coordinatore.post(URL, HTTP_ACCEPT="application/json").json()["task"]
    assert client_coordinatore.get("/cruscotto/ricalcola/stato/", {"task": task}).json()["stato"] == "completato"
    assert client_coordinatore.get("/cruscotto/ricalcola/stato/", {"task": "sconosciuto"}).json()["stato"] == "in_coda"


def test_it_redirects_without_javascript(dati, client_coordinatore):
    response = client_coordinatore.post(URL)
    assert response.status_code == 302 and response["Location"] == "/cruscotto/"


def test_it_rejects_get(client_coordinatore):
    assert client_coordinatore.get(URL).status_code == 405


def test_it_requires_rw_access(client_operatore):
    assert client_operatore.post(URL).status_code == 403
    assert client_operatore.get("/cruscotto/ricalcola/stato/").status_code == 403
    assert not RicalcoloLog.objects.exists()


def test_it_enforces_csrf(coordinatore):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinatore)
    assert client.post(URL).status_code == 403
    assert not RicalcoloLog.objects.exists()


def test_it_says_so_when_the_broker_does_not_answer(dati, client_coordinatore, monkeypatch):
    from kombu.exceptions import OperationalError

    from contatori.tasks import ricalcola_contatori

    def broker_spento(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(ricalcola_contatori, "apply_async", broker_spento)
    response = client_coordinatore.post(URL, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["messaggio"].startswith("Impossibile avviare il ricalcolo")
    response = client_coordinatore.post(URL, follow=True)
    assert "Impossibile avviare il ricalcolo: il servizio delle code non risponde." in response.content.decode()
    assert not RicalcoloLog.objects.exists()
