"""The publication steps of a report, through the pages: the region proposes, a Coordinatore publishes
or sends back (the one generic view, programma.activities.editing.PassaggioView)."""

import datetime as dt

import pytest
from django.urls import reverse

from programma.models import Report
from tests import factories

pytestmark = pytest.mark.django_db

Stato = Report.Stato


def url(report, azione: str) -> str:
    return reverse(f"programma:report_{azione}", args=[report.pk])


@pytest.fixture
def con_file(progetto):
    return factories.ReportFactory(progetto=progetto, titolo="Analisi dei valichi alpini", file="report/valichi.pdf")


@pytest.fixture
def proposto(con_file, operatore):
    con_file.proponi(operatore)
    return con_file


def test_it_works(client_operatore, con_file):
    pagina = client_operatore.get(url(con_file, "proponi"))
    assert pagina.status_code == 200 and "Il documento passa al coordinamento nazionale" in pagina.content.decode()
    risposta = client_operatore.post(url(con_file, "proponi"), follow=True)
    assert risposta.redirect_chain == [(con_file.get_absolute_url(), 302)]
    assert "Documento proposto per la pubblicazione" in risposta.content.decode()
    con_file.refresh_from_db()
    assert con_file.stato == Stato.IN_REVISIONE


def test_it_refuses_to_propose_without_file(client_operatore, report):
    pagina = client_operatore.get(url(report, "proponi")).content.decode()
    # Said before the user confirms, and no button to confirm.
    assert "Allega il file del documento prima di proporlo o pubblicarlo" in pagina and 'name="conferma"' not in pagina
    risposta = client_operatore.post(url(report, "proponi"))
    assert risposta.status_code == 200 and "Allega il file del documento" in risposta.content.decode()
    report.refresh_from_db()
    assert report.stato == Stato.BOZZA


def test_it_refuses_to_publish_without_file(client_coordinatore, proposto):
    Report.objects.filter(pk=proposto.pk).update(file="")
    risposta = client_coordinatore.post(url(proposto, "pubblica"))
    assert risposta.status_code == 200 and "Allega il file del documento" in risposta.content.decode()
    assert Report.objects.get(pk=proposto.pk).stato == Stato.IN_REVISIONE


def test_it_checks_owner(client_operatore, altro_report):
    assert client_operatore.get(url(altro_report, "proponi")).status_code == 404
    assert client_operatore.post(url(altro_report, "proponi")).status_code == 404


def test_it_requires_the_role(client, operatore, coordinatore, proposto, con_file):
    """The region does not publish nor send back; a Coordinatore does not propose a region's report."""
    client.force_login(operatore)
    assert client.get(url(proposto, "pubblica")).status_code == 403
    assert client.post(url(proposto, "pubblica")).status_code == 403
    assert client.post(url(proposto, "rimanda"), {"commento": "No."}).status_code == 403
    client.force_login(coordinatore)
    bozza = factories.ReportFactory(progetto=con_file.progetto, file="report/altro.pdf")
    assert client.post(url(bozza, "proponi")).status_code == 403
    assert Report.objects.get(pk=proposto.pk).stato == Stato.IN_REVISIONE
    assert Report.objects.get(pk=bozza.pk).stato == Stato.BOZZA


def test_it_requires_login(client, proposto, login_url):
    assert client.get(url(proposto, "pubblica")).url == login_url(url(proposto, "pubblica"))


def test_a_coordinatore_publishes_it_to_the_public_section(client_coordinatore, proposto, client):
    risposta = client_coordinatore.post(url(proposto, "pubblica"), {"commento": ""}, follow=True)
    assert "Documento pubblicato: ora è nella sezione pubblica Documenti." in risposta.content.decode()
    proposto.refresh_from_db()
    assert proposto.stato == Stato.PUBBLICATO and proposto.pubblicato_il
    client.logout()
    assert proposto.titolo in client.get(reverse("documenti:lista")).content.decode()


def test_sending_back_needs_a_comment_and_the_region_reads_it(client, operatore, coordinatore, proposto):
    client.force_login(coordinatore)
    risposta = client.post(url(proposto, "rimanda"), {"commento": ""})
    assert risposta.status_code == 200 and "Scrivi nel commento che cosa va rivisto." in risposta.content.decode()
    assert Report.objects.get(pk=proposto.pk).stato == Stato.IN_REVISIONE
    client.post(url(proposto, "rimanda"), {"commento": "Citare la fonte dei dati sui transiti."})
    client.force_login(operatore)
    pagina = client.get(proposto.get_absolute_url()).content.decode()
    assert "Citare la fonte dei dati sui transiti." in pagina and "Rimandato in bozza" in pagina


def test_a_step_out_of_order_goes_back_with_the_reason(client_coordinatore, con_file):
    risposta = client_coordinatore.post(url(con_file, "pubblica"), follow=True)
    assert "Si pubblica solo un documento proposto per la pubblicazione; ora è «Bozza»." in risposta.content.decode()
    assert Report.objects.get(pk=con_file.pk).stato == Stato.BOZZA


def test_the_page_offers_each_role_its_steps(client, operatore, coordinatore, con_file):
    client.force_login(operatore)
    pagina = client.get(con_file.get_absolute_url()).content.decode()
    assert url(con_file, "proponi") in pagina and url(con_file, "pubblica") not in pagina
    client.post(url(con_file, "proponi"))
    pagina = client.get(con_file.get_absolute_url()).content.decode()
    # Proposed: nothing more for the region to do, and its content is frozen.
    assert url(con_file, "proponi") not in pagina and reverse("programma:report_modifica", args=[con_file.pk]) not in pagina
    assert "Proposto per la pubblicazione" in pagina
    client.force_login(coordinatore)
    pagina = client.get(con_file.get_absolute_url()).content.decode()
    assert url(con_file, "pubblica") in pagina and url(con_file, "rimanda") in pagina


def test_a_proposed_report_is_neither_edited_nor_deleted(client_operatore, proposto):
    for nome in ("report_modifica", "report_elimina"):
        risposta = client_operatore.post(reverse(f"programma:{nome}", args=[proposto.pk]), {"titolo": "Cambiato"}, follow=True)
        assert risposta.redirect_chain == [(proposto.get_absolute_url(), 302)], nome
        assert "Il documento si modifica solo in bozza; ora è «Proposto per la pubblicazione»." in risposta.content.decode()
    assert Report.objects.get(pk=proposto.pk).titolo == "Analisi dei valichi alpini"


def test_a_closed_editions_report_takes_no_step(client_operatore, progetto):
    vecchia = factories.ProgrammaFactory(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31), attivo=False)
    vecchio = factories.ReportFactory(
        progetto=factories.ProgettoRegionaleFactory(programma=vecchia, regione=progetto.regione), file="report/vecchio.pdf"
    )
    assert client_operatore.post(url(vecchio, "proponi")).status_code == 403
    assert Report.objects.get(pk=vecchio.pk).stato == Stato.BOZZA
