import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["stato"] == "ok"
    assert body["broker"]["stato"] in {"ok", "eager"}
    assert "contatori" in body


def test_it_reports_the_broker_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    body = client.get("/healthz").json()
    assert body["broker"]["stato"] == "errore"


def test_it_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def guasto(*args, **kwargs):
        raise OperationalError("database irraggiungibile")

    monkeypatch.setattr(CursorWrapper, "execute", guasto)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["stato"] == "errore"


def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405
