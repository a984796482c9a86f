import pytest
from django.urls import reverse

from programma.models import Report

pytestmark = pytest.mark.django_db


def url(report) -> str:
    return reverse("programma:report_elimina", args=[report.pk])


def test_it_works(client_operatore, report):
    response = client_operatore.get(url(report))
    assert response.status_code == 200
    assert "Stai per eliminare «" in response.content.decode()
    assert Report.objects.filter(pk=report.pk).exists()
    response = client_operatore.post(url(report))
    assert response.url == reverse("programma:report_lista")
    assert not Report.objects.filter(pk=report.pk).exists()


def test_it_checks_owner(client_operatore, altro_report):
    assert client_operatore.get(url(altro_report)).status_code == 404
    assert client_operatore.post(url(altro_report)).status_code == 404
    assert Report.objects.filter(pk=altro_report.pk).exists()


def test_it_requires_rw_access(client_coordinatore, report):
    assert client_coordinatore.get(url(report)).status_code == 403
    assert client_coordinatore.post(url(report)).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


def test_admins_may_delete(client_amministratore, altro_report):
    assert client_amministratore.post(url(altro_report)).status_code == 302
    assert not Report.objects.filter(pk=altro_report.pk).exists()


def test_it_enforces_csrf(csrf_client, report):
    assert csrf_client.post(url(report)).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


def test_it_requires_login(client, report, login_url):
    assert client.post(url(report)).url == login_url(url(report))
    assert Report.objects.filter(pk=report.pk).exists()
