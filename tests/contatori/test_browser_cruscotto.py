"""The coordinator opens the dashboard and its map, a region page, and follows a number to its records."""

import pytest

from contatori.services import ricalcola
from tests import factories
from tests.conftest import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinatore_follows_a_number_to_its_records(pagina, tmp_path):
    factories.crea_utente("coordinatore", "Coordinatore nazionale")
    lombardia = factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    sicilia = factories.ProgettoRegionaleFactory(regione=factories.regione("sicilia"), programma=lombardia.programma)
    factories.TavoloConfrontoFactory(progetto=sicilia, titolo="Tavolo di Palermo")
    for titolo in ("Tavolo sulla logistica", "Tavolo sul porto secco"):
        factories.TavoloConfrontoFactory(progetto=lombardia, titolo=titolo)
    factories.TavoloConfrontoFactory(progetto=lombardia, titolo="Tavolo rinviato", stato="annullato")
    ricalcola(origine="test")

    accedi(pagina, "coordinatore")
    pagina.goto("/cruscotto/")
    assert "Aggiornato alle" in pagina.get_by_test_id("aggiornato").inner_text()
    mappa = pagina.get_by_test_id("mappa")
    assert mappa.locator("use[data-regione]").count() == 20
    assert "Mappa: @svg-maps/italy, CC BY 4.0" in mappa.inner_text()
    # The map is coloured by the chosen counter; hovering tells the value.
    lombardia_mappa = mappa.locator('use[data-regione="lombardia"]')
    assert lombardia_mappa.get_attribute("fill") != mappa.locator('use[data-regione="sardegna"]').get_attribute("fill")
    assert lombardia_mappa.locator("title").text_content() == "Lombardia: 2"
    pagina.get_by_label("Contatore mostrato su mappa e grafico").select_option("regioni_coperte")
    assert mappa.locator('use[data-regione="sicilia"] title').text_content() == "Sicilia: 1"
    pagina.screenshot(path=str(tmp_path / "cruscotto.png"), full_page=True)

    # Click on the region in the map: its page.
    lombardia_mappa.click()
    pagina.wait_for_url("**/cruscotto/regioni/lombardia/")
    assert "Lombardia" in pagina.locator("h1").inner_text()
    numero = pagina.get_by_test_id("valore-tavoli_svolti")
    assert numero.inner_text() == "2"

    # The number opens the tavoli held in Lombardia.
    numero.click()
    pagina.wait_for_url("**/tavoli/?**")
    assert f"regione={lombardia.regione_id}" in pagina.url and "stato=svolto" in pagina.url
    testo = pagina.locator("main").inner_text()
    assert "Tavolo sulla logistica" in testo and "Tavolo sul porto secco" in testo
    assert "Tavolo rinviato" not in testo and "Tavolo di Palermo" not in testo
