"""In a real browser: a rejected form keeps its file and focuses its error summary; lists on a phone."""

import pytest

from tavoli.models import TavoloConfronto
from tests import factories
from tests.conftest import accedi
from tests.tavoli.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lombardia(db):
    factories.operatore("lombardia")
    return factories.ProgettoRegionaleFactory(programma=factories.ProgrammaFactory(), regione=factories.regione("lombardia"))


def test_a_rejected_tavolo_keeps_its_verbale(pagina, lombardia, tmp_path):
    verbale = tmp_path / "verbale-valichi.pdf"
    verbale.write_bytes(PDF)
    accedi(pagina, "operatore-lombardia")
    pagina.goto("/tavoli/nuovo/")
    pagina.get_by_label("Titolo").fill("Tavolo sui valichi")
    pagina.get_by_label("Data").fill("2025-06-10")
    pagina.get_by_label("Luogo").fill("Sondrio")
    pagina.get_by_label("Organizzazioni partecipanti").fill("Confindustria Lombardia; associazioni\nCamera; categoria-inventata")
    pagina.get_by_label("Verbale").set_input_files(str(verbale))
    pagina.get_by_role("button", name="Salva").click()

    # Rejected: the summary has the focus and names the field; the file is still attached.
    riepilogo = pagina.locator("[data-riepilogo-errori]")
    assert riepilogo.is_visible()
    assert pagina.evaluate("document.activeElement.id") == "riepilogo-errori"
    assert "categoria-inventata" in riepilogo.inner_text()
    assert "verbale-valichi.pdf" in pagina.get_by_test_id("allegato-sospeso-verbale").inner_text()

    pagina.get_by_label("Organizzazioni partecipanti").fill("Confindustria Lombardia; associazioni")
    pagina.get_by_role("button", name="Salva").click()
    pagina.wait_for_url("**/tavoli/*/")
    tavolo = TavoloConfronto.objects.get()
    assert tavolo.verbale.read() == PDF
    assert tavolo.stato == "svolto"  # a past date, the state left to the date


def test_a_list_on_a_phone_is_cards_with_filters_folded(browser, live_server, lombardia):
    factories.TavoloConfrontoFactory(progetto=lombardia, titolo="Tavolo sul porto di Cremona")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    pagina = context.new_page()
    accedi(pagina, "operatore-lombardia")
    pagina.goto("/tavoli/")
    assert not pagina.locator("#filtri-lista").is_visible()
    pagina.get_by_role("button", name="Mostra i filtri").click()
    pagina.locator("#filtri-lista").wait_for(state="visible")
    cella = pagina.locator("table.tabella-impilabile tbody td").first
    assert cella.get_attribute("data-etichetta") == "Data"
    assert cella.evaluate("element => getComputedStyle(element).display") == "block"
    context.close()
