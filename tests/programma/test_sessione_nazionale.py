"""National roles are logged out after 30 minutes without a request (sliding); an Operatore is not."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db

# A staff page: the home "/" is the programme's public page once the session is gone.
PAGINA = "/tavoli/"


def _invecchia(client, minuti: int) -> None:
    """As if the last request had been `minuti` minutes ago."""
    dati = client.session
    for chiave in ("_rinnovo_scadenza", "_otp_controllato"):
        if chiave in dati:
            dati[chiave] -= minuti * 60
    dati.save()
    sessione = Session.objects.get(session_key=client.session.session_key)
    sessione.expire_date -= dt.timedelta(minutes=minuti)
    sessione.save()


def test_it_expires_a_coordinatore_after_30_minutes_of_inactivity(client_coordinatore):
    assert client_coordinatore.get(PAGINA).status_code == 200
    scadenza = Session.objects.get(session_key=client_coordinatore.session.session_key).expire_date
    assert dt.timedelta(minutes=29) < scadenza - timezone.now() <= dt.timedelta(minutes=30)
    _invecchia(client_coordinatore, 31)
    response = client_coordinatore.get(PAGINA)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_every_request_pushes_the_deadline_forward(client_coordinatore):
    client_coordinatore.get(PAGINA)
    _invecchia(client_coordinatore, 20)
    assert client_coordinatore.get(PAGINA).status_code == 200
    _invecchia(client_coordinatore, 20)
    # 40 minutes after login but only 20 after the last request: still in.
    assert client_coordinatore.get(PAGINA).status_code == 200


def test_it_expires_an_amministratore_too(client, amministratore):
    client.force_login(amministratore)
    client.get(PAGINA)
    _invecchia(client, 31)
    assert client.get(PAGINA).status_code == 302


def test_an_operatore_keeps_the_default_session(client_operatore):
    client_operatore.get(PAGINA)
    _invecchia(client_operatore, 31)
    response = client_operatore.get(PAGINA)
    assert not response.get("Location", "").startswith("/accounts/login/")
    assert "_auth_user_id" in client_operatore.session
