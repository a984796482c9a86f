"""New indications are added without a save (issue #20): the strategic project's page adds an empty
indication at a click of «Aggiungi un'indicazione» (frontend/moduli.js `aggiungiAlFormset`), and one
save keeps every indication written, the added ones included."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programma.models import Indicazione
from tests import factories
from tests.conftest import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def progetto_lombardo(db):
    factories.operatore("lombardia")
    return factories.ProgettoRegionaleFactory(programma=factories.ProgrammaFactory(), regione=factories.regione("lombardia"))


def test_an_indication_is_added_at_a_click_and_saved_with_the_project(pagina, progetto_lombardo):
    accedi(pagina, "operatore-lombardia")
    pagina.goto(reverse("programma:strategico_modifica", args=[progetto_lombardo.pk]))
    indicazioni = pagina.get_by_test_id("indicazione")
    vuote = indicazioni.count()  # the formset's extra forms
    pagina.get_by_label("Titolo").fill("Libro Bianco della Lombardia")
    aggiungi = pagina.get_by_role("button", name="Aggiungi un'indicazione")
    for _ in range(2):
        aggiungi.click()
    expect(indicazioni).to_have_count(vuote + 2)
    # The new form has the next index, its label is its own, and the focus is in it.
    ultima = vuote + 1
    expect(pagina.locator(f"#id_indicazioni-{ultima}-tema")).to_be_focused()
    assert pagina.locator("#id_indicazioni-TOTAL_FORMS").input_value() == str(vuote + 2)
    for indice in range(vuote + 2):
        pagina.locator(f"#id_indicazioni-{indice}-tema").select_option("energia")
        pagina.locator(f"#id_indicazioni-{indice}-testo").fill(f"Indicazione numero {indice + 1}")
        pagina.locator(f"#id_indicazioni-{indice}-destinatario").fill("Regione")
    # The count of characters is there under the added ones too.
    expect(pagina.locator(f"#id_indicazioni-{ultima}-testo-conteggio")).to_contain_text(f"{len(f'Indicazione numero {ultima + 1}')} / ")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Salva").click()
    testi = set(Indicazione.objects.filter(progetto_strategico__progetto=progetto_lombardo).values_list("testo", flat=True))
    assert testi == {f"Indicazione numero {i + 1}" for i in range(vuote + 2)}
