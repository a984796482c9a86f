"""An open dashboard follows a colleague's change without a reload (#20 part 3)."""

import pytest
from playwright.sync_api import expect

from contatori.services import ricalcola
from tests import factories
from tests.conftest import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_open_dashboard_shows_a_change_made_elsewhere_within_20_seconds(pagina):
    factories.crea_utente("coordinatore", "Coordinatore nazionale")
    lombardia = factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    factories.TavoloConfrontoFactory(progetto=lombardia, titolo="Tavolo sulla logistica")
    ricalcola(origine="test")

    accedi(pagina, "coordinatore")
    pagina.goto("/cruscotto/")
    numero = pagina.get_by_test_id("valore-tavoli_svolti")
    assert numero.inner_text() == "1"
    # Something of the user's that a reload would lose, and the focus on a control outside the fragments.
    pagina.evaluate("() => { window.nonRicaricata = true; document.getElementById('vivo-fasi').segnato = true; }")
    tabella = pagina.locator("#vivo-tabella-regioni").get_attribute("data-impronta")
    pagina.get_by_label("Contatore mostrato su mappa e grafico").focus()

    # A colleague's save, in another session: committed, it marks the data changed (no worker here:
    # the next poll recounts in-process).
    factories.TavoloConfrontoFactory(progetto=lombardia, titolo="Tavolo sul porto secco")

    expect(numero).to_have_text("2", timeout=20_000)
    assert pagina.evaluate("() => window.nonRicaricata") is True  # swapped, not reloaded
    # Only what changed was swapped: the table's rows, not the phases' matrix.
    assert pagina.locator("#vivo-tabella-regioni").get_attribute("data-impronta") != tabella
    assert pagina.evaluate("() => document.getElementById('vivo-fasi').segnato") is True
    assert pagina.evaluate("() => document.activeElement.id") == "scelta-contatore"
    assert "Aggiornato alle" in pagina.get_by_test_id("aggiornato").inner_text()
