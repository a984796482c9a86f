import pytest

from contatori.services import ricalcola

pytestmark = pytest.mark.django_db


def test_it_says_never_computed(client):
    assert client.get("/healthz").json()["contatori"] == {"stato": "mai calcolati", "modificati_dal": None}


def test_it_reports_the_age_of_the_counters(dati, client):
    ricalcola(origine="test")
    response = client.get("/healthz")
    assert response.status_code == 200
    contatori = response.json()["contatori"]
    assert contatori["stato"] == "ok" and 0 <= contatori["eta_secondi"] < 60 and contatori["calcolati_il"]
