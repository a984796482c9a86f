"""The targets' grid (#20 part 8): each cell beside today's value and the previous edition's target,
folded by counter, and one action that copies the previous edition's targets."""

import datetime as dt
import re

import pytest

from contatori.models import Obiettivo
from contatori.services import ricalcola
from programma.models import Programma
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_edizioni():
    vecchia = Programma.objects.create(nome="Edizione 2023", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    nuova = factories.ProgrammaFactory()  # 2025-2026, the active one
    progetto = factories.ProgettoRegionaleFactory(programma=nuova, regione=factories.regione("lombardia"))
    for _ in range(3):
        factories.TavoloConfrontoFactory(progetto=progetto)
    ricalcola(origine="test")
    lombardia = progetto.regione
    Obiettivo.objects.create(programma=vecchia, contatore="tavoli_svolti", regione=lombardia, valore=12)
    Obiettivo.objects.create(programma=vecchia, contatore="eventi_svolti", regione=lombardia, valore=7)
    Obiettivo.objects.create(programma=vecchia, contatore="eventi_svolti", regione=None, valore=70)
    Obiettivo.objects.create(programma=nuova, contatore="eventi_svolti", regione=lombardia, valore=9)  # already set
    return vecchia, nuova, lombardia


def _riga(html: str, campo: str) -> str:
    """The grid's row of one input, by the input's name."""
    inizio = html.rindex("<tr>", 0, html.index(f'name="{campo}"'))
    return re.sub(r"\s+", " ", html[inizio : html.index("</tr>", inizio)])


def test_each_cell_shows_todays_value_and_the_previous_target(client_coordinatore, due_edizioni):
    html = client_coordinatore.get("/cruscotto/obiettivi/").content.decode()
    riga = _riga(html, "tavoli_svolti__03")
    assert '<td class="text-end" data-testid="attuale">3</td>' in riga
    assert 'data-testid="precedente">12</td>' in riga
    assert "Obiettivo «Edizione 2023»" in html


def test_the_grid_is_folded_by_counter_not_a_wall_of_boxes(client_coordinatore, due_edizioni):
    html = client_coordinatore.get("/cruscotto/obiettivi/").content.decode()
    gruppi = re.findall(r'<details class="border rounded mb-2 gruppo-obiettivi"( open)?>', html)
    assert len(gruppi) == 25 and not any(gruppi)  # one folded box per counter, none open
    # A count of regions has only Italy's cell.
    assert 'name="regioni_coperte__IT"' in html and 'name="regioni_coperte__03"' not in html
    assert "1 obiettivo su 21" in html  # eventi_svolti: Lombardia's


def test_copying_fills_only_the_empty_cells(client_coordinatore, due_edizioni):
    vecchia, nuova, lombardia = due_edizioni
    risposta = client_coordinatore.post("/cruscotto/obiettivi/copia/", follow=True)
    # Singular and plural as Italian wants them (quantita): the old message said "1 celle avevano".
    assert "2 obiettivi copiati. 1 cella che aveva già un obiettivo è rimasta" in risposta.content.decode()
    valori = {(o.contatore, o.regione_id): o.valore for o in Obiettivo.objects.filter(programma=nuova)}
    assert valori == {("tavoli_svolti", lombardia.pk): 12, ("eventi_svolti", None): 70, ("eventi_svolti", lombardia.pk): 9}
    assert Obiettivo.objects.filter(programma=vecchia).count() == 3  # the old edition untouched


def test_copying_is_refused_on_a_closed_edition_and_to_an_operatore(client_coordinatore, due_edizioni, client_operatore):
    vecchia, nuova, _lombardia = due_edizioni
    assert client_coordinatore.post(f"/cruscotto/obiettivi/copia/?edizione={vecchia.pk}").status_code == 403
    assert not Obiettivo.objects.filter(programma=nuova, contatore="tavoli_svolti").exists()
    assert client_operatore.post("/cruscotto/obiettivi/copia/").status_code == 403


def test_copying_without_a_previous_edition_says_so(client_coordinatore):
    factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    risposta = client_coordinatore.post("/cruscotto/obiettivi/copia/", follow=True)
    assert "edizione precedente da cui copiare" in risposta.content.decode()
    assert not Obiettivo.objects.exists()
