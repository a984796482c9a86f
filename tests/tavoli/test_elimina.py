import pytest
from django.test import Client
from django.urls import reverse

from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db


def url(tavolo):
    return reverse("tavoli:elimina", args=[tavolo.pk])


def test_it_asks_for_confirmation(client_operatore, tavolo):
    response = client_operatore.get(url(tavolo))
    assert response.status_code == 200
    assert "Stai per eliminare «Tavolo sulla logistica»" in response.content.decode()
    assert TavoloConfronto.objects.filter(pk=tavolo.pk).exists()


def test_it_works(client_operatore, tavolo):
    response = client_operatore.post(url(tavolo), follow=True)
    assert response.redirect_chain[-1][0] == reverse("tavoli:lista")
    assert "Tavolo «Tavolo sulla logistica» eliminato." in response.content.decode()
    assert not TavoloConfronto.objects.filter(pk=tavolo.pk).exists()


def test_amministratore_can_delete(client, amministratore, tavolo_sicilia):
    client.force_login(amministratore)
    assert client.post(url(tavolo_sicilia)).status_code == 302
    assert not TavoloConfronto.objects.filter(pk=tavolo_sicilia.pk).exists()


def test_it_checks_owner(client, altro_operatore, tavolo):
    client.force_login(altro_operatore)
    assert client.get(url(tavolo)).status_code == 404
    assert client.post(url(tavolo)).status_code == 404
    assert TavoloConfronto.objects.filter(pk=tavolo.pk).exists()


def test_it_requires_rw_access(client_coordinatore, tavolo):
    assert client_coordinatore.get(url(tavolo)).status_code == 403
    assert client_coordinatore.post(url(tavolo)).status_code == 403
    assert TavoloConfronto.objects.filter(pk=tavolo.pk).exists()


def test_it_requires_login(client, tavolo):
    response = client.post(url(tavolo))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert TavoloConfronto.objects.filter(pk=tavolo.pk).exists()


def test_it_enforces_csrf(operatore, tavolo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    assert client.post(url(tavolo)).status_code == 403
    assert TavoloConfronto.objects.filter(pk=tavolo.pk).exists()


def test_it_says_what_else_changes(client_operatore, progetto, tavolo):
    # A held tavolo feeds the counters; the works that emerged at it keep existing, unlinked.
    tavolo.stato = "svolto"
    tavolo.save()
    factories.OperaPrioritariaFactory(regione=progetto.regione, titolo="Terzo valico", tavolo=tavolo)
    response = client_operatore.get(url(tavolo))
    body = response.content.decode()
    assert response.context["conseguenze"]["scollegati"][0]["n"] == 1
    assert "Terzo valico" in body and "i contatori che la includono diminuiranno" in body
