import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.eventi.conftest import PDF

pytestmark = pytest.mark.django_db


def url(evento):
    return reverse("eventi:modifica", args=[evento.pk])


def test_it_works(client_operatore, evento, dati_evento):
    assert client_operatore.get(url(evento)).status_code == 200
    dati_evento["titolo"] = "Titolo corretto"
    response = client_operatore.post(url(evento), {**dati_evento, **factories.versione(evento)}, follow=True)
    assert response.redirect_chain[-1][0] == evento.get_absolute_url()
    assert "Evento «Titolo corretto» aggiornato." in response.content.decode()
    evento.refresh_from_db()
    assert evento.titolo == "Titolo corretto"
    assert evento.materiali.read() == PDF


def test_amministratore_can_edit_any_region(client, amministratore, evento_sicilia, altro_progetto, dati_evento):
    client.force_login(amministratore)
    dati_evento.update(
        # A roadshow stop belongs to phase 4 (Evento.fase_attesa).
        tipo="tappa_roadshow",
        temi=[],
        fase=altro_progetto.fasi.get(numero=4).pk,
        provincia=factories.regione("sicilia").province.get(sigla="CT").pk,
        titolo="Roadshow corretto",
    )
    assert client.post(url(evento_sicilia), {**dati_evento, **factories.versione(evento_sicilia)}).status_code == 302
    evento_sicilia.refresh_from_db()
    assert evento_sicilia.titolo == "Roadshow corretto"


def test_it_checks_owner(client, altro_operatore, evento, dati_evento):
    client.force_login(altro_operatore)
    assert client.get(url(evento)).status_code == 404
    assert client.post(url(evento), dati_evento).status_code == 404


def test_it_requires_rw_access(client_coordinatore, evento, dati_evento):
    assert client_coordinatore.get(url(evento)).status_code == 403
    assert client_coordinatore.post(url(evento), dati_evento).status_code == 403
    evento.refresh_from_db()
    assert evento.titolo == "Banda ultralarga a Bergamo"


def test_it_requires_login(client, evento):
    response = client.get(url(evento))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_enforces_csrf(operatore, evento, dati_evento):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    assert client.post(url(evento), dati_evento).status_code == 403


def test_it_writes_nothing_when_invalid(client_operatore, evento, dati_evento):
    dati_evento.update(titolo="Non salvato", n_partecipanti="5", n_imprese="6")
    response = client_operatore.post(url(evento), dati_evento)
    assert response.context["form"].errors["n_imprese"]
    evento.refresh_from_db()
    assert evento.titolo == "Banda ultralarga a Bergamo"
