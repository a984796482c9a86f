import pytest
from django.test import Client
from django.urls import reverse

from eventi.models import Evento

pytestmark = pytest.mark.django_db


def url(evento):
    return reverse("eventi:elimina", args=[evento.pk])


def test_it_asks_for_confirmation(client_operatore, evento):
    response = client_operatore.get(url(evento))
    assert response.status_code == 200
    assert "Elimina definitivamente" in response.content.decode()


def test_it_works(client_operatore, evento):
    response = client_operatore.post(url(evento), follow=True)
    assert response.redirect_chain[-1][0] == reverse("eventi:lista")
    assert "Evento «Banda ultralarga a Bergamo» eliminato." in response.content.decode()
    assert not Evento.objects.filter(pk=evento.pk).exists()


def test_it_checks_owner(client, altro_operatore, evento):
    client.force_login(altro_operatore)
    assert client.get(url(evento)).status_code == 404
    assert client.post(url(evento)).status_code == 404
    assert Evento.objects.filter(pk=evento.pk).exists()


def test_it_requires_rw_access(client_coordinatore, evento):
    assert client_coordinatore.get(url(evento)).status_code == 403
    assert client_coordinatore.post(url(evento)).status_code == 403
    assert Evento.objects.filter(pk=evento.pk).exists()


def test_amministratore_can_delete(client, amministratore, evento_sicilia):
    client.force_login(amministratore)
    assert client.post(url(evento_sicilia)).status_code == 302
    assert not Evento.objects.filter(pk=evento_sicilia.pk).exists()


def test_it_requires_login(client, evento):
    response = client.post(url(evento))
    assert response.status_code == 302
    assert Evento.objects.filter(pk=evento.pk).exists()


def test_it_enforces_csrf(operatore, evento):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    assert client.post(url(evento)).status_code == 403
    assert Evento.objects.filter(pk=evento.pk).exists()
