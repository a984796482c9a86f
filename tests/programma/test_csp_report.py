"""POST /csp-report/: browsers report what the Content-Security-Policy blocked; it is logged at WARNING."""

import json
import logging

import pytest
from django.urls import reverse

URL = reverse("csp_report")
RAPPORTO = {
    "csp-report": {
        "document-uri": "https://programma.example.org/tavoli/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://programma.example.org/tavoli/",
        "line-number": 12,
    }
}


def test_it_works(client, caplog):
    """Anonymous, without a CSRF token (browsers send none), as application/csp-report."""
    client = client.__class__(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="programma.csp"):
        risposta = client.post(URL, json.dumps(RAPPORTO), content_type="application/csp-report")
    assert risposta.status_code == 204
    [record] = [r for r in caplog.records if r.name == "programma.csp"]
    assert record.levelno == logging.WARNING
    assert "script-src-elem" in record.getMessage() and "/tavoli/" in record.getMessage()


def test_it_rejects_get(client):
    assert client.get(URL).status_code == 405


def test_it_refuses_an_oversized_body_without_logging_it(client, caplog):
    corpo = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    with caplog.at_level(logging.WARNING, logger="programma.csp"):
        risposta = client.post(URL, corpo, content_type="application/csp-report")
    assert risposta.status_code == 413
    assert not [r for r in caplog.records if r.name == "programma.csp"]


@pytest.mark.parametrize("corpo", ["non è json", "[]", '{"altro": 1}', '{"csp-report": "testo"}'])
def test_it_refuses_what_is_not_a_report(client, corpo, caplog):
    with caplog.at_level(logging.WARNING, logger="programma.csp"):
        risposta = client.post(URL, corpo, content_type="application/csp-report")
    assert risposta.status_code == 400
    assert not [r for r in caplog.records if r.name == "programma.csp"]


def test_a_forged_report_cannot_forge_log_lines(client, caplog):
    rapporto = {"csp-report": {**RAPPORTO["csp-report"], "blocked-uri": "x\nWARNING falso"}}
    with caplog.at_level(logging.WARNING, logger="programma.csp"):
        client.post(URL, json.dumps(rapporto), content_type="application/csp-report")
    [record] = [r for r in caplog.records if r.name == "programma.csp"]
    assert "\n" not in record.getMessage()
