import pytest
from django.urls import reverse

from tests.factories import versione
from tests.programma.conftest import pdf

pytestmark = pytest.mark.django_db


def url(report) -> str:
    return reverse("programma:report_modifica", args=[report.pk])


def dati(report, **altri):
    return {"tipo": report.tipo, "titolo": "Titolo aggiornato", "data": "2025-07-01", "abstract": "Sintesi", **versione(report), **altri}


def test_it_works(client_operatore, report, operatore):
    assert client_operatore.get(url(report)).status_code == 200
    response = client_operatore.post(url(report), dati(report, file=pdf()))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.titolo == "Titolo aggiornato" and report.file
    assert report.history.first().history_user == operatore


def test_it_checks_owner(client_operatore, altro_report):
    assert client_operatore.get(url(altro_report)).status_code == 404
    assert client_operatore.post(url(altro_report), dati(altro_report)).status_code == 404
    altro_report.refresh_from_db()
    assert altro_report.titolo != "Titolo aggiornato"


def test_it_requires_rw_access(client_coordinatore, report):
    assert client_coordinatore.get(url(report)).status_code == 403
    assert client_coordinatore.post(url(report), dati(report)).status_code == 403
    report.refresh_from_db()
    assert report.titolo != "Titolo aggiornato"


def test_admins_may_write(client_amministratore, altro_report):
    assert client_amministratore.post(url(altro_report), dati(altro_report)).status_code == 302


def test_it_limits_phases_to_the_project(client_operatore, report, altro_progetto):
    response = client_operatore.post(url(report), dati(report, fase=altro_progetto.fasi.get(numero=1).pk))
    assert response.status_code == 200
    assert "La scelta effettuata non compare tra quelle disponibili" in response.content.decode()


def test_it_rejects_files_of_other_types(client_operatore, report):
    response = client_operatore.post(url(report), dati(report, file=pdf("nota.pdf", b"just some plain text, not a PDF")))
    assert "Il contenuto del file non è di un tipo ammesso" in response.content.decode()
    report.refresh_from_db()
    assert not report.file and report.titolo != "Titolo aggiornato"


def test_it_enforces_csrf(csrf_client, report):
    assert csrf_client.post(url(report), dati(report)).status_code == 403


def test_it_requires_login(client, report, login_url):
    assert client.get(url(report)).url == login_url(url(report))
