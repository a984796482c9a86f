"""In production (settings.py read with DJANGO_DEBUG=false) every page carries the Content-Security-Policy,
HSTS, nosniff, Referrer-Policy and frame protection; the CSP allows no inline script or style."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

SETTINGS_PY = Path(django_settings.BASE_DIR) / "programma" / "settings.py"


@pytest.fixture
def produzione(settings, monkeypatch):
    """The security settings as production computes them, applied to this test's settings."""
    monkeypatch.setenv("DJANGO_DEBUG", "false")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k8#Zr2@vQ!m4pX9&wL7^tB3$yN6*hJ1%cF5+dG0-sE8_aR2=uI4~oP7")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    valori = runpy.run_path(str(SETTINGS_PY))
    assert valori["DEBUG"] is False
    for nome, valore in valori.items():
        if nome.startswith("SECURE_") or nome in {
            "MIDDLEWARE", "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        }:
            setattr(settings, nome, valore)
    return valori


def _pagine(progetto, altro_progetto) -> list[tuple[str | None, str]]:
    """(username or None, URL): the main pages of every role, an error page and the open data."""
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    evento = factories.EventoFactory(progetto=progetto)
    opera = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto)
    report = factories.ReportFactory(progetto=progetto)
    return [
        (None, reverse("login")),
        (None, reverse("contatori:pubblico")),
        (None, reverse("contatori:api")),
        (None, "/pagina-che-non-esiste/"),
        ("operatore", reverse("home")),
        ("operatore", reverse("tavoli:lista")),
        ("operatore", reverse("tavoli:nuovo")),
        ("operatore", reverse("tavoli:dettaglio", args=[tavolo.pk])),
        ("operatore", reverse("eventi:lista")),
        ("operatore", reverse("eventi:dettaglio", args=[evento.pk])),
        ("operatore", reverse("programma:progetto", args=[progetto.pk])),
        ("operatore", reverse("programma:opere")),
        ("operatore", reverse("programma:opera", args=[opera.pk])),
        ("operatore", reverse("programma:report_lista")),
        ("operatore", reverse("programma:report", args=[report.pk])),
        ("operatore", reverse("tavoli:dettaglio", args=[factories.TavoloConfrontoFactory(progetto=altro_progetto).pk])),
        ("coordinatore", reverse("contatori:dashboard")),
        ("coordinatore", reverse("contatori:regione", args=["lombardia"])),
        ("coordinatore", reverse("programma:progetti")),
        ("coordinatore", reverse("programma:edizioni")),
        ("coordinatore", reverse("tavoli:nuovo")),  # 403: a read-only role
        ("admin", reverse("importazione:storico")),
        ("admin", reverse("admin:index")),
        ("admin", reverse("admin:programma_operaprioritaria_changelist")),
    ]


def test_every_page_carries_the_security_headers(
    produzione, client, progetto, altro_progetto, operatore, coordinatore, amministratore
):
    utenti = {"operatore": operatore, "coordinatore": coordinatore, "admin": amministratore}
    stati = set()
    for username, url in _pagine(progetto, altro_progetto):
        client.logout()
        if username:
            client.force_login(utenti[username])
        risposta = client.get(url, secure=True)
        stati.add(risposta.status_code)
        contesto = f"{url} ({username or 'anonimo'}): {risposta.status_code}"
        csp = risposta.headers.get("Content-Security-Policy", "")
        direttive = {parti.split()[0]: parti.split()[1:] for parti in csp.split(";") if parti.strip()}
        assert direttive.get("script-src") == ["'self'"], contesto
        assert direttive.get("style-src") == ["'self'"], contesto
        assert direttive.get("frame-ancestors") == ["'none'"], contesto
        assert direttive.get("form-action") == ["'self'"], contesto
        assert direttive.get("object-src") == ["'none'"], contesto
        assert direttive.get("base-uri") == ["'self'"], contesto
        assert direttive.get("report-uri") == [reverse("csp_report")], contesto
        # The one allowance: style attributes of third-party admin templates, under /admin/ only.
        consentito = ["'unsafe-inline'"] if url.startswith(reverse("admin:index")) else None
        assert direttive.get("style-src-attr") == consentito, contesto
        assert "'unsafe-inline'" not in csp.replace("style-src-attr 'unsafe-inline'", ""), contesto
        assert risposta.headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), contesto
        assert risposta.headers.get("X-Content-Type-Options") == "nosniff", contesto
        assert risposta.headers.get("Referrer-Policy") == "same-origin", contesto
        assert risposta.headers.get("X-Frame-Options") == "DENY", contesto
    assert stati == {200, 403, 404}


def test_production_redirects_plain_http(produzione, client):
    risposta = client.get(reverse("login"))
    assert risposta.status_code == 301
    assert risposta.headers["Location"].startswith("https://")


def test_the_policy_reports_to_the_report_view():
    assert django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] == reverse("csp_report")
