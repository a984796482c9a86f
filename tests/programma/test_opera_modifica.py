import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def url(opera) -> str:
    return reverse("programma:opera_modifica", args=[opera.pk])


def dati(opera, **altri):
    return {
        "codice": opera.codice,
        "titolo": "Titolo aggiornato",
        "modalita": opera.modalita,
        "livello_priorita": "2",
        "stato": "in_esecuzione",
        "semaforo": "rosso",
        "costo_stimato": "2000000",
        **factories.versione(opera),
        **altri,
    }


def test_it_works(client_operatore, opera, operatore):
    assert client_operatore.get(url(opera)).status_code == 200
    response = client_operatore.post(url(opera), dati(opera))
    assert response.url == opera.get_absolute_url()
    opera.refresh_from_db()
    assert (opera.titolo, opera.semaforo, opera.livello_priorita) == ("Titolo aggiornato", "rosso", 2)
    assert opera.history.first().history_user == operatore


def test_it_checks_owner(client_operatore, altra_opera):
    assert client_operatore.get(url(altra_opera)).status_code == 404
    assert client_operatore.post(url(altra_opera), dati(altra_opera)).status_code == 404
    altra_opera.refresh_from_db()
    assert altra_opera.titolo != "Titolo aggiornato"


def test_it_requires_rw_access(client_coordinatore, opera):
    assert client_coordinatore.get(url(opera)).status_code == 403
    assert client_coordinatore.post(url(opera), dati(opera)).status_code == 403


def test_admins_may_write(client_amministratore, altra_opera):
    assert client_amministratore.post(url(altra_opera), dati(altra_opera)).status_code == 302


def test_it_keeps_tavoli_in_the_region(client_operatore, opera, altro_progetto):
    tavolo = factories.TavoloConfrontoFactory(progetto=altro_progetto)
    response = client_operatore.post(url(opera), dati(opera, tavolo=tavolo.pk))
    assert "tavolo" in response.context["form"].errors


def test_it_rejects_a_bad_cup(client_operatore, opera):
    response = client_operatore.post(url(opera), dati(opera, cup="ABC"))
    assert "Il CUP deve avere 15 caratteri" in response.content.decode()
    opera.refresh_from_db()
    assert opera.titolo != "Titolo aggiornato"


def test_it_enforces_csrf(csrf_client, opera):
    assert csrf_client.post(url(opera), dati(opera)).status_code == 403


def test_it_requires_login(client, opera, login_url):
    assert client.get(url(opera)).url == login_url(url(opera))
