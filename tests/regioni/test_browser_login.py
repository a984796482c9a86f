"""A new user's first minute: the Italian login page, then their region in the header."""

import pytest

from tests import factories
from tests.conftest import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operatore_logs_in_and_sees_lombardia(pagina):
    factories.operatore("lombardia")
    # A visitor lands on the programme's public home, and its "Accedi" leads to the login page.
    pagina.goto("/")
    pagina.get_by_test_id("accedi").click()
    pagina.wait_for_url("**/accounts/login/")
    assert pagina.locator("html").get_attribute("lang") == "it"
    # Bootstrap Italia's stylesheet is applied and its Titillium Web font really loaded.
    assert "Titillium" in pagina.evaluate("getComputedStyle(document.body).fontFamily")
    assert pagina.evaluate(
        "document.fonts.ready.then(() => [...document.fonts]"
        ".some(f => f.family.includes('Titillium') && f.status === 'loaded'))"
    )
    accedi(pagina, "operatore-lombardia")
    assert pagina.get_by_test_id("regione").inner_text() == "Lombardia"
    assert pagina.get_by_test_id("ruolo").inner_text() == "Operatore regionale"


def test_on_a_phone_the_menu_opens_and_the_page_stays_usable(pagina):
    factories.operatore("lombardia")
    pagina.set_viewport_size({"width": 390, "height": 800})
    accedi(pagina, "operatore-lombardia")
    # Nothing wider than the screen, and the closed menu does not cover the page.
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390
    assert pagina.evaluate("document.elementFromPoint(60, 400).closest('#nav-principale')") is None
    assert pagina.get_by_test_id("regione").inner_text() == "Lombardia"
    pagina.get_by_role("button", name="Mostra o nascondi il menu").click()
    pagina.locator("#nav-principale").get_by_role("link", name="Tavoli").click()
    pagina.wait_for_url("**/tavoli/")


def test_the_user_menu_leads_to_password_change(pagina):
    factories.operatore("lombardia")
    accedi(pagina, "operatore-lombardia")
    pagina.get_by_test_id("menu-utente").click()
    pagina.get_by_role("link", name="Cambia password").click()
    pagina.wait_for_url("**/accounts/password/")
    assert pagina.get_by_role("heading", name="Cambia password").is_visible()
