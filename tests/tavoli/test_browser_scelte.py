"""The tavolo's long choices in a real browser: works searched by typing, organisations suggested,
and a whole tavolo recorded with the keyboard alone."""

import datetime as dt
import re

import pytest

from tavoli.models import TavoloConfronto
from tests import factories
from tests.conftest import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How many Tab presses may separate two fields: enough for the widest gap of the form, not a loop.
TAB_MASSIMI = 12


@pytest.fixture
def lombardia(db):
    factories.operatore("lombardia")
    progetto = factories.ProgettoRegionaleFactory(programma=factories.ProgrammaFactory(), regione=factories.regione("lombardia"))
    for n in range(30):  # more than one page of the endpoint
        factories.OperaPrioritariaFactory(codice=f"LOM-{n:03d}", titolo=f"Variante stradale numero {n}", livello_priorita=2)
    factories.OperaPrioritariaFactory(codice="LOM-NODO", titolo="Nodo ferroviario di Milano", livello_priorita=1, semaforo="rosso")
    factories.OperaPrioritariaFactory(codice="SIC-NODO", titolo="Nodo ferroviario di Palermo", regione=factories.regione("sicilia"))
    factories.OrganizzazioneFactory(nome="RFI - Rete Ferroviaria Italiana", categoria="gestori")
    return progetto


def suggerimenti(pagina):
    """The options of the open combobox (not the header's edition select)."""
    return pagina.locator(".ts-dropdown [role=option]")


def attivo(pagina) -> str:
    return pagina.evaluate("document.activeElement.id")


def tab_fino_a(pagina, id_elemento: str) -> None:
    """Tab forward until `id_elemento` has the focus (a keyboard user's way to a field)."""
    for _ in range(TAB_MASSIMI):
        pagina.keyboard.press("Tab")
        if attivo(pagina) == id_elemento:
            return
    pytest.fail(f"{id_elemento} non raggiunto con {TAB_MASSIMI} Tab (fuoco su {attivo(pagina)!r})")


def test_typing_part_of_a_title_shows_the_matching_work_and_picks_it(pagina, lombardia, dati_tavolo_browser):
    accedi(pagina, "operatore-lombardia")
    pagina.goto("/tavoli/nuovo/")
    combobox = pagina.get_by_role("combobox", name="Opere discusse")  # the field's label names the combobox
    combobox.press_sequentially("ferrov")
    opzioni = suggerimenti(pagina)
    opzioni.first.wait_for()
    testi = opzioni.all_inner_texts()
    # Only the region's work that matches, with its code, priority and light.
    assert len(testi) == 1
    assert "LOM-NODO — Nodo ferroviario di Milano" in testi[0] and "Priorità 1 — alta · semaforo rosso" in testi[0]
    opzioni.first.click()
    scelta = pagina.locator(".ts-control .item", has_text="Nodo ferroviario di Milano")
    assert scelta.is_visible()
    assert scelta.get_by_role("button", name="Rimuovi").count() == 1

    # Scrolling the suggestions loads the next page of the endpoint (20 a page).
    combobox.fill("")
    combobox.press_sequentially("variante")
    suggerimenti(pagina).filter(has_text=re.compile("Variante stradale numero 19")).wait_for()
    assert suggerimenti(pagina).filter(has_text="Variante stradale numero 29").count() == 0
    pagina.get_by_role("listbox", name="Opere discusse").evaluate("lista => lista.scrollTop = lista.scrollHeight")
    suggerimenti(pagina).filter(has_text=re.compile("Variante stradale numero 29")).wait_for()
    pagina.keyboard.press("Escape")

    dati_tavolo_browser(pagina)
    pagina.get_by_role("button", name="Salva").click()
    pagina.wait_for_url(re.compile(r"/tavoli/\d+/$"))
    assert [o.codice for o in TavoloConfronto.objects.get().opere_discusse.all()] == ["LOM-NODO"]


def test_a_search_with_no_match_says_so_in_italian(pagina, lombardia):
    accedi(pagina, "operatore-lombardia")
    pagina.goto("/tavoli/nuovo/")
    combobox = pagina.get_by_role("combobox", name="Opere discusse")
    assert combobox.get_attribute("placeholder") == "Scrivi per cercare…"
    combobox.press_sequentially("Palermo")  # Sicilia's work: not offered to a Lombard Operatore
    pagina.locator(".ts-dropdown .no-results", has_text="Nessun risultato").wait_for()
    assert suggerimenti(pagina).count() == 0


@pytest.fixture
def dati_tavolo_browser():
    def compila(pagina) -> None:
        pagina.get_by_label("Titolo").fill("Tavolo sul nodo di Milano")
        pagina.get_by_label("Data").fill("2025-06-10")
        pagina.get_by_label("Luogo").fill("Palazzo Turati")

    return compila


def test_a_tavolo_recorded_with_the_keyboard_alone(pagina, lombardia):
    accedi(pagina, "operatore-lombardia")
    pagina.goto("/tavoli/nuovo/")
    assert pagina.locator("#id_codici_opere").count() == 0  # the box for pages without JavaScript is gone
    pagina.get_by_label("Titolo").focus()  # the form's first field, as a skip link would leave it
    pagina.keyboard.type("Tavolo sul nodo ferroviario")
    tab_fino_a(pagina, "id_data")
    pagina.keyboard.type("06062025")  # day and month alike: whatever order the browser's date field has
    tab_fino_a(pagina, "id_luogo")
    pagina.keyboard.type("Palazzo Turati")
    tab_fino_a(pagina, "id_provincia")
    pagina.keyboard.type("Milano")  # a native select picks the option whose text is typed
    tab_fino_a(pagina, "id_n_esperti")
    pagina.keyboard.press("Control+A")
    pagina.keyboard.type("4")
    tab_fino_a(pagina, "id_elenco_organizzazioni")
    pagina.keyboard.type("Confindustria Lombardia; associazioni")

    # The organisations already known in the region are suggested; Enter adds the line.
    tab_fino_a(pagina, "id_elenco_organizzazioni-cerca-ts-control")
    pagina.keyboard.type("rete ferr")
    suggerimenti(pagina).filter(has_text=re.compile("RFI - Rete Ferroviaria Italiana")).wait_for()
    pagina.keyboard.press("Enter")
    assert pagina.get_by_label("Organizzazioni partecipanti").input_value() == (
        "Confindustria Lombardia; associazioni\nRFI - Rete Ferroviaria Italiana; gestori"
    )

    # The works: typing part of a title, arrows to the match, Enter.
    tab_fino_a(pagina, "id_opere_discusse-ts-control")
    wrapper = pagina.locator(".ts-wrapper", has=pagina.locator("#id_opere_discusse-ts-control"))
    assert "focus" in wrapper.get_attribute("class")
    # A visible focus ring (Bootstrap Italia's double ring) on the whole box.
    anello = pagina.locator("#id_opere_discusse-ts-control").evaluate(
        "input => getComputedStyle(input.closest('.ts-control')).boxShadow"
    )
    assert anello not in ("", "none")
    pagina.keyboard.type("ferroviario mil")
    suggerimenti(pagina).filter(has_text=re.compile("Nodo ferroviario di Milano")).wait_for()
    pagina.keyboard.press("ArrowDown")
    pagina.keyboard.press("ArrowUp")
    pagina.keyboard.press("Enter")
    assert pagina.locator(".ts-control .item", has_text="LOM-NODO — Nodo ferroviario di Milano").is_visible()
    pagina.keyboard.press("Escape")

    tab_fino_a(pagina, "submit-id-salva")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(re.compile(r"/tavoli/\d+/$"))

    tavolo = TavoloConfronto.objects.get()
    assert tavolo.titolo == "Tavolo sul nodo ferroviario"
    assert tavolo.data == dt.date(2025, 6, 6)
    assert tavolo.provincia.sigla == "MI" and tavolo.n_esperti == 4
    assert [o.codice for o in tavolo.opere_discusse.all()] == ["LOM-NODO"]
    assert {(o.nome, o.categoria) for o in tavolo.organizzazioni.all()} == {
        ("Confindustria Lombardia", "associazioni"),
        ("RFI - Rete Ferroviaria Italiana", "gestori"),
    }
