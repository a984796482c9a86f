"""Fixtures of the programme's staff pages: one object of each kind in Lombardia and in Sicilia."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories

# Enough of a PDF for content sniffing (filetype looks at the magic number).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(nome: str = "analisi.pdf", contenuto: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(nome, contenuto, content_type="application/pdf")


def conta_query(client: Client, url: str) -> int:
    """Queries run by one GET (the page must answer 200), in a warm session: a national user's
    session refreshes its expiry and 2FA check once a minute, not on every page."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def client_altro_operatore(client, altro_operatore):
    client.force_login(altro_operatore)
    return client


@pytest.fixture
def client_amministratore(client, amministratore):
    client.force_login(amministratore)
    return client


@pytest.fixture
def csrf_client(operatore) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    return client


@pytest.fixture
def report(progetto):
    return factories.ReportFactory(progetto=progetto, titolo="Analisi dei nodi logistici lombardi")


@pytest.fixture
def altro_report(altro_progetto):
    return factories.ReportFactory(progetto=altro_progetto, titolo="Analisi dei porti siciliani")


@pytest.fixture
def opera(progetto):
    return factories.OperaPrioritariaFactory(
        regione=progetto.regione, progetto=progetto, titolo="Potenziamento linea Milano-Genova", costo_stimato="1234567.89"
    )


@pytest.fixture
def altra_opera(altro_progetto):
    return factories.OperaPrioritariaFactory(regione=altro_progetto.regione, progetto=altro_progetto, titolo="Porto di Augusta")


@pytest.fixture
def login_url() -> Callable[[str], str]:
    return lambda url: f"/accounts/login/?next={url}"
