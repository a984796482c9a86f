"""An Operatore records a tavolo end to end, in a real browser."""

import pytest

from tavoli.models import TavoloConfronto
from tests import factories
from tests.conftest import accedi
from tests.tavoli.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operatore_records_a_tavolo(pagina, tmp_path):
    factories.operatore("lombardia")
    factories.ProgettoRegionaleFactory(programma=factories.ProgrammaFactory(), regione=factories.regione("lombardia"))
    verbale = tmp_path / "verbale-tavolo.pdf"
    verbale.write_bytes(PDF)

    accedi(pagina, "operatore-lombardia")
    pagina.get_by_role("link", name="Tavoli", exact=True).click()
    pagina.get_by_role("link", name="Nuovo tavolo").click()
    pagina.get_by_label("Titolo").fill("Tavolo sul nodo ferroviario di Milano")
    pagina.get_by_label("Data").fill("2025-06-10")
    pagina.get_by_label("Luogo").fill("Palazzo Turati")
    pagina.get_by_label("Provincia").select_option(label="Milano (MI)")
    pagina.get_by_label("Esperti").fill("3")
    pagina.get_by_label("Rappresentanti di associazioni").fill("5")
    pagina.get_by_label("Imprese").fill("8")
    pagina.get_by_label("Organizzazioni partecipanti").fill("Confindustria Lombardia; associazioni\nRFI; gestori")
    pagina.get_by_label("Verbale").set_input_files(str(verbale))
    pagina.get_by_role("button", name="Salva").click()

    pagina.wait_for_url("**/tavoli/*/")
    assert pagina.get_by_role("heading", name="Tavolo sul nodo ferroviario di Milano").is_visible()
    assert pagina.get_by_text("registrato").is_visible()
    organizzazioni = pagina.get_by_test_id("organizzazioni").inner_text()
    assert "Confindustria Lombardia" in organizzazioni and "RFI" in organizzazioni
    assert pagina.get_by_test_id("totale-partecipanti").inner_text() == "16"

    # The link streams the uploaded file through the scoped view.
    risposta = pagina.request.get(pagina.get_by_test_id("verbale").get_attribute("href"))
    assert risposta.status == 200
    assert risposta.body() == PDF

    tavolo = TavoloConfronto.objects.get()
    assert tavolo.organizzazioni.count() == 2
    assert tavolo.verbale.read() == PDF
    assert tavolo.provincia.sigla == "MI"
