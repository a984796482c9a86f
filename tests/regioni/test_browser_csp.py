"""The browser fixture (`pagina`) catches Content-Security-Policy violations, so every browser test
also checks the policy; the pages themselves run with it and break nothing."""

import pytest

from tests.conftest import accedi

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_fixture_sees_an_inline_script_and_an_inline_style(pagina, violazioni_csp, operatore):
    pagina.goto("/accounts/login/")
    # What an injected inline script or style attribute would do: the policy blocks both.
    pagina.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.iniettato = true";
        document.head.appendChild(script);
        document.body.setAttribute("style", "background: red");
    }""")
    pagina.evaluate("0")
    assert pagina.evaluate("window.iniettato") is None
    assert any("script-src" in v for v in violazioni_csp), violazioni_csp
    assert any("style-src" in v for v in violazioni_csp), violazioni_csp
    violazioni_csp.clear()  # expected here: the fixture would fail the test otherwise


def test_admin_and_import_pages_run_under_the_policy(pagina, amministratore, programma):
    accedi(pagina, "admin")
    for url in [
        "/admin/", "/admin/tavoli/tavoloconfronto/", "/admin/tavoli/tavoloconfronto/add/", "/importazioni/",
        "/admin/programma/operaprioritaria/", "/admin/programma/operaprioritaria/import/",
        "/admin/programma/operaprioritaria/export/", f"/admin/programma/programma/{programma.pk}/history/",
    ]:
        risposta = pagina.goto(url)
        assert risposta.status == 200, url
