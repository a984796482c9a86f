"""The journey of a strategic project, in a real browser: the Operatore drafts it, links works and
tavoli and submits it; the Coordinatore sends it back with a comment, then approves it and publishes
it (the Operatore has no button to publish); an anonymous visitor finds it under /documenti/, downloads the Libro Bianco, and cannot
download an unpublished file. The PDF's first pages are saved as PNG test artefacts."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from programma.models import ProgettoStrategico
from tests import factories
from tests.conftest import accedi
from tests.risultati.pdf import cartella_artefatti, immagini_pdf, leggi_testo_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def nuova_pagina(browser, live_server, utente: str | None = None):
    contesto = browser.new_context(base_url=live_server.url, locale="it-IT", accept_downloads=True)
    pagina = contesto.new_page()
    pagina.set_default_timeout(20_000)
    if utente:
        accedi(pagina, utente)
    return pagina


def conferma(pagina, azione: str, commento: str = "") -> None:
    pagina.get_by_role("link", name=azione, exact=True).click()
    if commento:
        pagina.get_by_label("Commento").fill(commento)
    pagina.get_by_role("button", name=azione, exact=True).click()
    pagina.wait_for_url("**/strategico/")


def test_the_strategic_project_journey(browser, live_server, tmp_path):
    programma = factories.ProgrammaFactory()
    progetto = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("lombardia"))
    factories.operatore("lombardia")
    factories.crea_utente("coordinatore", "Coordinatore nazionale")
    opera = factories.OperaPrioritariaFactory(
        codice="LOM-001", titolo="Gronda ferroviaria nord-est di Milano", progetto=progetto, modalita="ferroviaria", semaforo="giallo"
    )
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo della logistica milanese")
    segreto = factories.ReportFactory(progetto=progetto, titolo="Bozza riservata")
    segreto.file.save("bozza.pdf", ContentFile(PDF))

    # The Operatore drafts, links the work and the tavolo, and submits.
    operatore = nuova_pagina(browser, live_server, "operatore-lombardia")
    operatore.goto(f"/programma/progetti/{progetto.pk}/")
    operatore.get_by_test_id("link-strategico").click()
    operatore.get_by_role("link", name="Inizia la redazione").click()
    operatore.get_by_label("Titolo").fill("Libro Bianco delle infrastrutture lombarde 2026")
    operatore.get_by_label("Contesto e analisi territoriale").fill("Il nodo di Milano è saturo per le merci.")
    operatore.get_by_label("Obiettivi").fill("Spostare le merci dalla strada al ferro.")
    # Bootstrap Italia draws the checkbox under its label: click the label, as a user does.
    operatore.locator("label", has_text=tavolo.titolo).click()
    operatore.locator("label", has_text=progetto.ente_capofila.nome).click()
    assert operatore.get_by_label(tavolo.titolo).is_checked()
    operatore.locator("[name=indicazioni-0-tema]").select_option("logistica")
    operatore.locator("[name=indicazioni-0-testo]").fill("Completare la gronda ferroviaria entro il 2030.")
    operatore.locator("[name=indicazioni-0-destinatario]").fill("RFI e Regione Lombardia")
    # The work is searched, not listed (a region may have thousands): type part of its title, pick it.
    operatore.locator("#id_opere-0-opera-ts-control").press_sequentially("gronda")
    operatore.get_by_role("option", name=re.compile("Gronda ferroviaria")).click()
    operatore.locator("[name=opere-0-livello]").select_option("1")
    operatore.get_by_role("button", name="Salva").click()
    operatore.wait_for_url("**/strategico/")
    assert operatore.get_by_text("Progetto strategico salvato.").is_visible()
    assert operatore.get_by_role("link", name=str(opera)).is_visible()
    conferma(operatore, "Invia in revisione")
    assert operatore.get_by_test_id("stato-pubblicazione").inner_text() == "In revisione"

    # The Coordinatore sends it back with a comment...
    coordinatore = nuova_pagina(browser, live_server, "coordinatore")
    coordinatore.goto(f"/programma/progetti/{progetto.pk}/strategico/")
    conferma(coordinatore, "Rimanda in bozza", "Indicare il costo delle opere ferroviarie.")
    assert coordinatore.get_by_test_id("stato-pubblicazione").inner_text() == "Bozza"

    # ...the Operatore reads it and submits again...
    operatore.goto(f"/programma/progetti/{progetto.pk}/strategico/")
    assert "Indicare il costo delle opere ferroviarie." in operatore.get_by_test_id("commento").inner_text()
    conferma(operatore, "Invia in revisione")

    # ...the Coordinatore approves...
    coordinatore.goto(f"/programma/progetti/{progetto.pk}/strategico/")
    conferma(coordinatore, "Approva")
    assert coordinatore.get_by_test_id("stato-pubblicazione").inner_text() == "Approvato"

    # ...the Operatore may not publish it: publishing is a national act...
    operatore.goto(f"/programma/progetti/{progetto.pk}/strategico/")
    assert operatore.get_by_role("link", name="Pubblica", exact=True).count() == 0

    # ...and the Coordinatore publishes it.
    conferma(coordinatore, "Pubblica")
    assert coordinatore.get_by_test_id("stato-pubblicazione").inner_text() == "Pubblicato"
    strategico = ProgettoStrategico.objects.get()
    assert strategico.stato == "pubblicato" and strategico.approvato_da.username == "coordinatore"

    # An anonymous visitor finds it from the public counters page and downloads the Libro Bianco.
    visitatore = nuova_pagina(browser, live_server)
    visitatore.goto("/contatori/")
    visitatore.get_by_test_id("link-documenti").get_by_role("link").click()
    visitatore.wait_for_url("**/documenti/")
    visitatore.get_by_role("link", name="Libro Bianco delle infrastrutture lombarde 2026").click()
    visitatore.wait_for_url("**/documenti/progetti-strategici/*/")
    with visitatore.expect_download() as download:
        # The PDF link is an inline response; ask the browser for it as a download to keep its bytes.
        visitatore.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'lb.pdf'; document.body.appendChild(a); a.click(); }",
            visitatore.get_by_role("link", name="Scarica il Libro Bianco (PDF)").get_attribute("href"),
        )
    contenuto = Path(download.value.path()).read_bytes()
    assert contenuto.startswith(b"%PDF")
    testo = " ".join(leggi_testo_pdf(contenuto, tmp_path).split())
    assert "LOM-001" in testo and "Gronda" in testo and "Tavolo della logistica milanese" in testo
    immagini = immagini_pdf(contenuto, cartella_artefatti(), "libro-bianco-lombardia", pagine=3)
    assert len(immagini) == 3 and all(p.stat().st_size > 1000 for p in immagini)
    visitatore.screenshot(path=str(cartella_artefatti() / "documenti-pubblici.png"), full_page=True)

    # An unpublished file stays a 404 for the public, and the staff download asks for a login.
    assert visitatore.request.get(f"/documenti/report/{segreto.pk}/file/").status == 404
    risposta = visitatore.request.get(f"/programma/report/{segreto.pk}/file/", max_redirects=0)
    assert risposta.status == 302 and "/accounts/login/" in risposta.headers["location"]
