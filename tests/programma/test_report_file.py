import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.programma.conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def con_file(report):
    report.file.save("analisi.pdf", ContentFile(PDF))
    return report


def url(report) -> str:
    return reverse("programma:report_file", args=[report.pk])


def test_it_works(client_operatore, con_file):
    response = client_operatore.get(url(con_file))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")


def test_it_checks_owner(client_altro_operatore, con_file):
    assert client_altro_operatore.get(url(con_file)).status_code == 404


def test_coordinators_may_download(client_coordinatore, con_file):
    assert client_coordinatore.get(url(con_file)).status_code == 200


def test_it_handles_a_report_without_file(client_operatore, report):
    assert client_operatore.get(url(report)).status_code == 404


def test_it_is_not_on_media_url(client_operatore, con_file):
    assert client_operatore.get(f"/media/{con_file.file.name}").status_code == 404


def test_it_requires_login(client, con_file, login_url):
    assert client.get(url(con_file)).url == login_url(url(con_file))
