"""National documents: written by the national roles, read (with their files) by every role."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programma.fields import Limite
from programma.models import DocumentoNazionale
from tests.conftest import controlla_testo_rifiutato, righe_brevi
from tests.factories import versione

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def documento(programma):
    return DocumentoNazionale.objects.create(
        programma=programma, tipo="report_analisi", titolo="Report nazionale di analisi", data=dt.date(2025, 4, 1)
    )


def dati(programma, **extra):
    return {
        "programma": programma.pk,
        "tipo": "analisi_domanda_offerta",
        "titolo": "Analisi della domanda e dell'offerta",
        "data": "2025-02-10",
        "abstract": "Il quadro nazionale.",
        **extra,
    }


def test_a_coordinatore_creates_one_with_its_file(client_coordinatore, programma):
    file = SimpleUploadedFile("analisi.pdf", PDF, content_type="application/pdf")
    response = client_coordinatore.post(reverse("programma:documento_nazionale_nuovo"), dati(programma, file=file))
    assert response.status_code == 302
    documento = DocumentoNazionale.objects.get()
    assert documento.titolo == "Analisi della domanda e dell'offerta" and documento.file


def test_a_hostile_file_is_refused(client_coordinatore, programma):
    file = SimpleUploadedFile("analisi.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_coordinatore.post(reverse("programma:documento_nazionale_nuovo"), dati(programma, file=file))
    assert response.status_code == 200 and "Il contenuto del file non è di un tipo ammesso" in response.content.decode()
    assert not DocumentoNazionale.objects.exists()


@pytest.mark.parametrize("utente", ["operatore", "altro_operatore"])
def test_an_operatore_reads_but_does_not_write(client, request, utente, documento, programma):
    client.force_login(request.getfixturevalue(utente))
    assert client.get(reverse("programma:documenti_nazionali")).status_code == 200
    pagina = client.get(reverse("programma:documento_nazionale", args=[documento.pk]))
    assert pagina.status_code == 200
    assert reverse("programma:documento_nazionale_modifica", args=[documento.pk]) not in pagina.content.decode()
    assert client.get(reverse("programma:documento_nazionale_nuovo")).status_code == 403
    assert client.post(reverse("programma:documento_nazionale_nuovo"), dati(programma)).status_code == 403
    assert client.post(reverse("programma:documento_nazionale_modifica", args=[documento.pk]), dati(programma)).status_code == 403
    assert client.post(reverse("programma:documento_nazionale_elimina", args=[documento.pk])).status_code == 403
    assert DocumentoNazionale.objects.filter(pk=documento.pk, titolo="Report nazionale di analisi").exists()


def test_the_coordinatore_edits_and_deletes(client_coordinatore, documento, programma):
    modifica = reverse("programma:documento_nazionale_modifica", args=[documento.pk])
    assert client_coordinatore.post(modifica, {**dati(programma), **versione(documento)}).status_code == 302
    documento.refresh_from_db()
    assert documento.tipo == "analisi_domanda_offerta"
    assert client_coordinatore.post(reverse("programma:documento_nazionale_elimina", args=[documento.pk])).status_code == 302
    assert not DocumentoNazionale.objects.exists()


def test_anonymous_goes_to_login(client, documento):
    for nome, args in [("documenti_nazionali", []), ("documento_nazionale", [documento.pk]), ("documento_nazionale_file", [documento.pk])]:
        response = client.get(reverse(f"programma:{nome}", args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_abstract_over_the_limit_is_refused_and_kept(client_coordinatore, programma):
    abstract = righe_brevi(Limite.ABSTRACT + 1)
    response = client_coordinatore.post(reverse("programma:documento_nazionale_nuovo"), dati(programma, abstract=abstract))
    controlla_testo_rifiutato(response, abstract, Limite.ABSTRACT)
    assert not DocumentoNazionale.objects.exists()


def test_the_form_has_no_published_box(client_coordinatore, programma):
    """A document reaches the public section through its workflow, never by a checkbox."""
    assert "pubblicato" not in client_coordinatore.get(reverse("programma:documento_nazionale_nuovo")).context["form"].fields
    file = SimpleUploadedFile("analisi.pdf", PDF, content_type="application/pdf")
    client_coordinatore.post(reverse("programma:documento_nazionale_nuovo"), dati(programma, file=file, pubblicato="on", stato="pubblicato"))
    assert DocumentoNazionale.objects.get().stato == DocumentoNazionale.Stato.BOZZA


def test_the_coordinatore_proposes_then_publishes_it(client_coordinatore, documento, client):
    documento.file = "documenti_nazionali/report.pdf"
    documento.save()
    for azione in ("proponi", "pubblica"):
        risposta = client_coordinatore.post(reverse(f"programma:documento_nazionale_{azione}", args=[documento.pk]))
        assert risposta.status_code == 302, azione
    documento.refresh_from_db()
    assert documento.stato == DocumentoNazionale.Stato.PUBBLICATO
    pagina = client_coordinatore.get(documento.get_absolute_url()).content.decode()
    assert "Pubblicato" in pagina and documento.get_public_url() in pagina and "Proposto per la pubblicazione" in pagina
    client.logout()
    assert client.get(documento.get_public_url()).status_code == 200


def test_it_refuses_to_propose_without_file(client_coordinatore, documento):
    risposta = client_coordinatore.post(reverse("programma:documento_nazionale_proponi", args=[documento.pk]))
    assert risposta.status_code == 200 and "Allega il file del documento" in risposta.content.decode()
    assert DocumentoNazionale.objects.get(pk=documento.pk).stato == DocumentoNazionale.Stato.BOZZA


def test_an_operatore_takes_no_step(client_operatore, documento):
    documento.file = "documenti_nazionali/report.pdf"
    documento.save()
    pagina = client_operatore.get(documento.get_absolute_url()).content.decode()
    assert "proponi/" not in pagina
    assert client_operatore.post(reverse("programma:documento_nazionale_proponi", args=[documento.pk])).status_code == 403
