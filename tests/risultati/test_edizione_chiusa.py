"""A closed edition is read-only on every path (issue #21): the strategic project, national documents
and the regional project, which the review found still writable once a newer edition was active.

The permission matrix walks every write URL on a closed edition (tests/test_matrice_permessi.py);
these tests check that nothing changes, that the pages offer no way to change it, and the reasons.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from programma.models import DocumentoNazionale, ProgettoRegionale, ProgettoStrategico, Programma
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def chiudi(programma: Programma) -> Programma:
    """A newer edition starts: `programma` becomes history."""
    nuova = Programma.objects.create(nome="Edizione 2027-2028", data_inizio=dt.date(2027, 1, 1), data_fine=dt.date(2028, 12, 31), attivo=True)
    programma.refresh_from_db()
    assert not programma.attivo
    return nuova


def come(utente) -> Client:
    client = Client()
    client.force_login(utente)
    return client


PASSI = [
    # (step, the state it starts from, who takes it)
    ("invia", ProgettoStrategico.Stato.BOZZA, "operatore"),
    ("rimanda", ProgettoStrategico.Stato.IN_REVISIONE, "coordinatore"),
    ("approva", ProgettoStrategico.Stato.IN_REVISIONE, "coordinatore"),
    ("pubblica", ProgettoStrategico.Stato.APPROVATO, "coordinatore"),
]


@pytest.mark.parametrize(("azione", "da", "chi"), PASSI)
def test_a_closed_editions_strategic_project_is_not_moved(request, strategico, progetto, azione, da, chi):
    ProgettoStrategico.objects.filter(pk=strategico.pk).update(stato=da)
    chiudi(progetto.programma)
    client = come(request.getfixturevalue(chi))
    url = reverse(f"programma:strategico_{azione}", args=[progetto.pk])

    for risposta in (client.get(url), client.post(url, {"commento": "Da rivedere."})):
        assert risposta.status_code == 403
        assert "edizione chiusa" in risposta.content.decode()
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == da


def test_a_closed_editions_strategic_project_is_not_edited(client_operatore, strategico, progetto):
    chiudi(progetto.programma)
    url = reverse("programma:strategico_modifica", args=[progetto.pk])
    assert client_operatore.get(url).status_code == 403
    risposta = client_operatore.post(url, {"titolo": "Cambiato", "contesto": "", "obiettivi": ""})
    assert risposta.status_code == 403 and "sola lettura" in risposta.content.decode()
    assert ProgettoStrategico.objects.get(pk=strategico.pk).titolo == "Libro Bianco delle infrastrutture lombarde"


def test_nor_started_in_a_closed_edition(client_operatore, progetto):
    chiudi(progetto.programma)
    assert client_operatore.post(reverse("programma:strategico_modifica", args=[progetto.pk]), {"titolo": "Nuovo"}).status_code == 403
    assert not ProgettoStrategico.objects.exists()


def test_its_page_offers_no_edit_nor_step(strategico, progetto, operatore, coordinatore):
    url = reverse("programma:strategico", args=[progetto.pk])
    modifica = reverse("programma:strategico_modifica", args=[progetto.pk])
    invia = reverse("programma:strategico_invia", args=[progetto.pk])
    assert modifica in come(operatore).get(url).content.decode()  # the open edition offers them: the test can fail
    chiudi(progetto.programma)
    for utente in (operatore, coordinatore):
        pagina = come(utente).get(url).content.decode()
        assert modifica not in pagina and invia not in pagina and "/strategico/approva/" not in pagina


def test_an_open_editions_strategic_project_still_moves(client_operatore, strategico, progetto):
    """The guard is about the edition: the same step in the active edition goes through."""
    assert client_operatore.post(reverse("programma:strategico_invia", args=[progetto.pk])).status_code == 302
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == ProgettoStrategico.Stato.IN_REVISIONE


# --- national documents ------------------------------------------------------------------------


def documento(programma: Programma, stato: str = "bozza") -> DocumentoNazionale:
    return DocumentoNazionale.objects.create(
        programma=programma, tipo="report_analisi", titolo="Report nazionale", data=dt.date(2025, 4, 1), stato=stato,
        file="documenti_nazionali/report.pdf",
    )


def test_a_closed_editions_national_document_is_not_edited_nor_published(client_coordinatore, programma):
    bozza, proposto = documento(programma), documento(programma, "in_revisione")
    chiudi(programma)
    modifica = reverse("programma:documento_nazionale_modifica", args=[bozza.pk])
    risposta = client_coordinatore.post(modifica, {"tipo": "presentazione", "titolo": "Cambiato", "data": "2025-04-02"})
    assert risposta.status_code == 403 and "sola lettura" in risposta.content.decode()
    assert client_coordinatore.post(reverse("programma:documento_nazionale_pubblica", args=[proposto.pk])).status_code == 403
    assert client_coordinatore.post(reverse("programma:documento_nazionale_elimina", args=[bozza.pk])).status_code == 403
    assert list(DocumentoNazionale.objects.order_by("pk").values_list("titolo", "stato")) == [
        ("Report nazionale", "bozza"), ("Report nazionale", "in_revisione"),
    ]


def test_a_national_document_is_not_created_in_a_closed_edition(client_coordinatore, programma):
    chiudi(programma)
    dati = {"programma": programma.pk, "tipo": "presentazione", "titolo": "Nel passato", "data": "2025-04-02"}
    risposta = client_coordinatore.post(reverse("programma:documento_nazionale_nuovo"), dati)
    # The closed edition is not among the choices: refused with the reason, the input kept.
    assert risposta.status_code == 200
    assert "le edizioni passate sono in sola lettura" in risposta.content.decode()
    assert 'value="Nel passato"' in risposta.content.decode()
    assert not DocumentoNazionale.objects.exists()


def test_the_national_document_form_offers_only_the_active_edition(client_coordinatore, programma):
    nuova = chiudi(programma)
    campo = client_coordinatore.get(reverse("programma:documento_nazionale_nuovo")).context["form"].fields["programma"]
    assert list(campo.queryset) == [nuova] and campo.initial == nuova


def test_a_published_national_document_is_not_edited(client_coordinatore, programma):
    """What was published is what stays published: like every publishable record, edits only in draft."""
    pubblicato = documento(programma, "pubblicato")
    risposta = client_coordinatore.post(
        reverse("programma:documento_nazionale_modifica", args=[pubblicato.pk]), {"tipo": "presentazione", "titolo": "Cambiato"}
    )
    assert risposta.status_code == 302
    assert DocumentoNazionale.objects.get(pk=pubblicato.pk).titolo == "Report nazionale"


# --- the regional project ----------------------------------------------------------------------


def test_a_closed_editions_regional_project_is_not_edited(client_coordinatore, progetto):
    chiudi(progetto.programma)
    url = reverse("programma:progetto_modifica", args=[progetto.pk])
    assert client_coordinatore.get(url).status_code == 403
    risposta = client_coordinatore.post(url, {"titolo": "Cambiato", "ente_capofila": progetto.ente_capofila_id, "budget": "1"})
    assert risposta.status_code == 403
    assert ProgettoRegionale.objects.get(pk=progetto.pk).titolo == progetto.titolo
    # Its page offers no edit button.
    assert url not in client_coordinatore.get(progetto.get_absolute_url()).content.decode()


def test_a_regional_project_is_not_created_in_a_closed_edition(client_coordinatore, programma):
    chiudi(programma)
    dati = {"programma": programma.pk, "regione": 3, "titolo": "Nel passato", "budget": "1"}
    risposta = client_coordinatore.post(reverse("programma:progetto_nuovo"), dati)
    assert risposta.status_code == 200 and "le edizioni passate sono in sola lettura" in risposta.content.decode()
    assert not ProgettoRegionale.objects.filter(titolo="Nel passato").exists()


def test_a_closed_editions_pages_say_why_they_offer_no_edit(client_operatore, strategico, progetto):
    report = factories.ReportFactory(progetto=progetto)
    assert 'data-testid="edizione-chiusa-record"' not in client_operatore.get(report.get_absolute_url()).content.decode()
    chiudi(progetto.programma)
    for url in (report.get_absolute_url(), reverse("programma:strategico", args=[progetto.pk]), progetto.get_absolute_url()):
        pagina = client_operatore.get(url).content.decode()
        assert 'data-testid="edizione-chiusa-record"' in pagina and "che è chiusa" in pagina, url
