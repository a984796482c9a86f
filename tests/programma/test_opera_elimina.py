import pytest
from django.urls import reverse

from programma.models import OperaPrioritaria

pytestmark = pytest.mark.django_db


def url(opera) -> str:
    return reverse("programma:opera_elimina", args=[opera.pk])


def test_it_works(client_operatore, opera):
    assert "Stai per eliminare «" in client_operatore.get(url(opera)).content.decode()
    response = client_operatore.post(url(opera))
    assert response.url == reverse("programma:opere")
    assert not OperaPrioritaria.objects.filter(pk=opera.pk).exists()


def test_it_checks_owner(client_operatore, altra_opera):
    assert client_operatore.get(url(altra_opera)).status_code == 404
    assert client_operatore.post(url(altra_opera)).status_code == 404
    assert OperaPrioritaria.objects.filter(pk=altra_opera.pk).exists()


def test_it_requires_rw_access(client_coordinatore, opera):
    assert client_coordinatore.post(url(opera)).status_code == 403
    assert OperaPrioritaria.objects.filter(pk=opera.pk).exists()


def test_admins_may_delete(client_amministratore, altra_opera):
    assert client_amministratore.post(url(altra_opera)).status_code == 302


def test_it_enforces_csrf(csrf_client, opera):
    assert csrf_client.post(url(opera)).status_code == 403
    assert OperaPrioritaria.objects.filter(pk=opera.pk).exists()


def test_it_requires_login(client, opera, login_url):
    assert client.post(url(opera)).url == login_url(url(opera))
