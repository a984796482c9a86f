"""A request body declared larger than the largest upload is refused with 413 before it is read."""

import io

import pytest
from django.test import RequestFactory
from django.urls import reverse

from programma.models import Report
from programma.security import LimiteCorpoRichiestaMiddleware

pytestmark = pytest.mark.django_db


class CorpoIntoccabile(io.RawIOBase):
    """A body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("il corpo della richiesta è stato letto")

    readline = readinto = read


def test_it_refuses_an_oversized_body_without_reading_it(settings):
    settings.MAX_CORPO_RICHIESTA = 1024 * 1024
    richiesta = RequestFactory().post("/programma/report/nuovo/")
    richiesta.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)
    richiesta.META["wsgi.input"] = CorpoIntoccabile()
    richiesta._stream = CorpoIntoccabile()

    def vista(request):
        request.POST  # noqa: B018 - what a view does: this would read the body
        raise AssertionError("la vista non doveva essere raggiunta")

    response = LimiteCorpoRichiestaMiddleware(vista)(richiesta)
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "File troppo grande" in response.content.decode()
    assert "1 MB" in response.content.decode()


def test_through_the_stack_nothing_is_saved(client_operatore, progetto, settings):
    settings.MAX_CORPO_RICHIESTA = 1024 * 1024
    response = client_operatore.post(
        reverse("programma:report_nuovo"),
        {"tipo": "report_analisi", "titolo": "Analisi", "data": "2025-06-30"},
        CONTENT_LENGTH=str(2 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert not Report.objects.exists()


def test_a_body_within_the_limit_goes_through(client_operatore, progetto):
    response = client_operatore.post(
        reverse("programma:report_nuovo"), {"tipo": "report_analisi", "titolo": "Analisi", "data": "2025-06-30"}
    )
    assert response.status_code == 302


def test_the_limit_covers_the_largest_upload(settings):
    from django.conf import settings as attuali

    assert attuali.MAX_CORPO_RICHIESTA > attuali.IMPORT_MAX_MB * 1024 * 1024
    assert attuali.MAX_CORPO_RICHIESTA > attuali.MAX_UPLOAD_SIZE
