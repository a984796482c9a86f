"""The live count of characters under a long text, in a real browser: the strategic project's context
counts as it is typed, warns and says so near the limit, and its maxlength stops the typing there."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programma.fields import Limite
from programma.models import ProgettoStrategico
from tests import factories
from tests.conftest import accedi, manca_servizio, righe_brevi
from tests.test_accessibility import AXE, ESEGUI_AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def progetto_lombardo(db):
    factories.operatore("lombardia")
    return factories.ProgettoRegionaleFactory(programma=factories.ProgrammaFactory(), regione=factories.regione("lombardia"))


def test_the_count_follows_the_typing_and_the_limit_stops_it(pagina, progetto_lombardo):
    if not AXE.exists():
        manca_servizio(f"axe-core non trovato in {AXE}: installarlo con `npm ci`.")
    pagina.context.add_init_script(path=str(AXE))  # as the accessibility sweep does, outside the page's CSP
    accedi(pagina, "operatore-lombardia")
    pagina.goto(reverse("programma:strategico_modifica", args=[progetto_lombardo.pk]))
    contesto = pagina.get_by_label("Contesto e analisi territoriale")
    conteggio = pagina.locator("#id_contesto-conteggio")
    annuncio = pagina.locator("#id_contesto-conteggio + [aria-live=polite]")
    expect(conteggio).to_have_text("0 / 20.000 caratteri")
    # The count describes the field, beside its help text.
    assert contesto.get_attribute("aria-describedby").split() == ["id_contesto_helptext", "id_contesto-conteggio"]

    contesto.press_sequentially("Il nodo di Milano")
    expect(conteggio).to_have_text("17 / 20.000 caratteri")
    expect(conteggio).not_to_have_class(re.compile("conteggio-vicino"))
    expect(annuncio).to_have_text("")  # nothing said at every keystroke

    # Near the limit (a pasted text): a warning, said once to screen readers.
    contesto.fill(righe_brevi(18_000))
    expect(conteggio).to_have_text("18.000 / 20.000 caratteri")
    expect(conteggio).to_have_class(re.compile("conteggio-vicino"))
    expect(annuncio).to_have_text("Vicino al limite: 18.000 caratteri su 20.000.")
    # The sweep sees the count in its first state; its warning passes axe too.
    assert pagina.evaluate(ESEGUI_AXE, {"include": [["#div_id_contesto"]]}) == []

    # At the limit the textarea takes no more: ten characters typed, five fit.
    contesto.fill(righe_brevi(Limite.CONTESTO - 5))
    pagina.keyboard.press("Control+End")
    pagina.keyboard.type("abcdefghij")
    assert len(contesto.input_value()) == Limite.CONTESTO
    expect(conteggio).to_have_text("20.000 / 20.000 caratteri")
    expect(annuncio).to_have_text("Limite raggiunto: 20.000 caratteri.")

    # What the page counted is what the server accepts: the browser sends each line break as
    # "\r\n", the server counts it as one character.
    pagina.get_by_label("Titolo").fill("Libro Bianco delle infrastrutture lombarde")
    pagina.get_by_role("button", name="Salva").click()
    pagina.wait_for_url("**/strategico/")
    salvato = ProgettoStrategico.objects.get().contesto
    assert len(salvato) == Limite.CONTESTO and "\n" in salvato and "\r" not in salvato
