"""The coordinator opens the dashboard and its map, a region page, and follows a number to its records."""

import re

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
    sicilia_mappa = mappa.locator('use[data-regione="sicilia"]')
    assert sicilia_mappa.get_attribute("fill") != lombardia_mappa.get_attribute("fill")  # 1 tavolo against 2
    pagina.get_by_label("Contatore mostrato su mappa e grafico").select_option("regioni_coperte")
    assert mappa.locator('use[data-regione="sicilia"] title').text_content() == "Sicilia: 1"
    # Recoloured in the browser: both regions covered (1 each, the highest: the darkest step),
    # Sardegna not (the lightest).
    assert sicilia_mappa.get_attribute("fill") == lombardia_mappa.get_attribute("fill") == "#004c99"
    assert mappa.locator('use[data-regione="sardegna"]').get_attribute("fill") == "#e6eef7"
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


def _con_storia(giorni: int) -> None:
    """Today's snapshot copied onto the past days, a little lower each day back."""
    import datetime as dt

    from contatori.models import Snapshot

    oggi = list(Snapshot.objects.all())
    Snapshot.objects.bulk_create(
        Snapshot(contatore=s.contatore, regione_id=s.regione_id, programma_id=s.programma_id, giorno=s.giorno - dt.timedelta(days=n),
                 valore=max(s.valore - n // 30, 0), calcolato_il=s.calcolato_il - dt.timedelta(days=n))
        for n in range(1, giorni) for s in oggi
    )  # fmt: skip


def test_coordinatore_compares_regions_over_a_period_and_picks_columns(pagina):
    factories.crea_utente("coordinatore", "Coordinatore nazionale")
    programma = factories.ProgrammaFactory()
    programma.data_inizio = programma.data_inizio.replace(year=programma.data_inizio.year - 2)
    programma.save()
    for slug, tavoli in (("lombardia", 3), ("sicilia", 2), ("piemonte", 1)):
        progetto = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione(slug))
        for n in range(tavoli):
            factories.TavoloConfrontoFactory(progetto=progetto, titolo=f"Tavolo {n}")
    ricalcola(origine="test")
    _con_storia(200)
    ricalcola(origine="test")  # the days before today are earlier recounts': the page reads a later one

    accedi(pagina, "coordinatore")
    pagina.goto("/cruscotto/")
    punti = "id => Chart.getChart(id).data.labels.length"
    linee = "() => Chart.getChart('grafico-confronto').data.datasets.map(d => d.label)"
    # 90 days by default: a point a day.
    assert pagina.evaluate(punti, "grafico-serie") == 91
    # Bootstrap Italia draws radios and checkboxes on their labels: a user clicks the label.
    pagina.locator("label[for=periodo-30]").click()
    assert pagina.evaluate(punti, "grafico-serie") == pagina.evaluate(punti, "grafico-confronto") == 31
    pagina.locator("label[for=periodo-365]").click()
    assert pagina.evaluate(punti, "grafico-serie") == 29  # a point a week over 200 days of history
    # The largest five regions by default, largest first; the user's choice is remembered.
    assert pagina.evaluate(linee)[:3] == ["Lombardia", "Sicilia", "Piemonte"]
    assert len(pagina.evaluate(linee)) == 5
    pagina.locator("label[for=confronto-sicilia]").click()
    assert "Sicilia" not in pagina.evaluate(linee)

    # Hide a group of columns of the region table.
    tabella = pagina.get_by_test_id("tabella-regioni")
    opere = tabella.get_by_role("button", name="Opere prioritarie individuate")
    assert opere.is_visible()
    pagina.locator("label[for=gruppo-opere]").click()
    assert not opere.is_visible()

    pagina.reload()
    assert pagina.get_by_label("1 anno").is_checked()
    assert "Sicilia" not in pagina.evaluate(linee) and "Lombardia" in pagina.evaluate(linee)
    assert not opere.is_visible()
    pagina.get_by_role("button", name="Le 5 più grandi").click()
    assert "Sicilia" in pagina.evaluate(linee)

    # The region column stays in view while the counters scroll past it.
    contenitore = tabella.locator("xpath=..")
    regione = tabella.locator("tbody th").first
    x = regione.bounding_box()["x"]
    contenitore.evaluate("el => el.scrollLeft = 600")
    assert regione.bounding_box()["x"] == x
    assert tabella.locator("tbody td").first.bounding_box()["x"] < x

    # Another counter to compare: its page, at the comparison.
    pagina.get_by_label("Contatore da confrontare").select_option("partecipanti_tavoli")
    pagina.wait_for_url("**confronto=partecipanti_tavoli**")
    assert pagina.evaluate("() => Chart.getChart('grafico-confronto').data.datasets.length") == 5


def _ricalcolo_con_risposte(pagina, risposte: list[dict]) -> list[str]:
    """The coordinator on the dashboard, about to click "Ricalcola ora". The queue and the worker are
    the server's; here the browser gets set answers: a queued recount, then `risposte` to the status
    requests in turn (the last one again for any later request). The status requests made, as they come."""
    factories.crea_utente("coordinatore", "Coordinatore nazionale")
    factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    ricalcola(origine="test")
    accedi(pagina, "coordinatore")
    pagina.goto("/cruscotto/")
    pagina.route(re.compile(r"/cruscotto/ricalcola/$"), lambda route: route.fulfill(json={"stato": "in_coda", "task": "t-1"}))
    chiamate: list[str] = []

    def stato(route):
        chiamate.append(route.request.url)
        route.fulfill(**risposte[min(len(chiamate), len(risposte)) - 1])

    pagina.route(re.compile(r"/cruscotto/ricalcola/stato/\?task=t-1$"), stato)
    return chiamate


def test_the_recount_button_waits_through_a_failed_status_request_and_reloads_when_done(pagina):
    """frontend/ricalcola.js follows the recount with the shared polling (ripeti): a status request
    that fails is tried again. The hand-written loop it replaced stopped there for good, the message
    stuck at "in corso" and the button disabled until a reload."""
    risposte = [{"status": 500, "body": "errore"}, {"json": {"stato": "in_corso"}}, {"json": {"stato": "completato"}}]
    chiamate = _ricalcolo_con_risposte(pagina, risposte)
    with pagina.expect_navigation(timeout=30_000):
        pagina.get_by_role("button", name="Ricalcola ora").click()
        assert "Ricalcolo in coda" in pagina.get_by_test_id("stato-ricalcolo").inner_text()
    assert len(chiamate) == 3


def test_the_recount_button_gives_up_after_three_failed_status_requests(pagina):
    """A status request that keeps failing (a server down, an expired session sent to the login page)
    ends the wait with the error message and the button back, rather than spinning on. The first
    answer is a redirect to the login page: fetch must not follow it into a page to read."""
    risposte = [{"status": 302, "headers": {"Location": "/accounts/login/"}}, {"status": 500, "body": "errore"}]
    chiamate = _ricalcolo_con_risposte(pagina, risposte)
    pagina.get_by_role("button", name="Ricalcola ora").click()
    avviso = pagina.get_by_test_id("stato-ricalcolo")
    avviso.get_by_text("Il ricalcolo non è riuscito").wait_for(timeout=20_000)
    assert len(chiamate) == 3 and "alert-danger" in avviso.get_attribute("class")
    assert pagina.get_by_role("button", name="Ricalcola ora").is_enabled()
