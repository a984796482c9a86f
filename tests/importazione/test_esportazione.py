import pytest

from programma.importazione.export import esporta
from programma.importazione.services import importa_opere
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db

PERICOLOSI = ["=HYPERLINK(\"http://x\")", "+39 02 1234", "-5", "@SUM(A1)", "\tinizio", "'=già neutralizzato"]


@pytest.fixture
def opere():
    righe = [
        riga("OP-1", regione="VALLE D'AOSTA/VALLÉE D'AOSTE", province="AO", descrizione="su due\nrighe; con ; e \"virgolette\""),
        riga("OP-2", regione="Trentino Alto Adige", province="BZ TN", costo_stimato="", data_completamento_prevista="", cup=""),
        *[riga(f"OP-X{i}", titolo="'" + p if p[0] in "=+-@\t" else p, fonte_finanziamento=p) for i, p in enumerate(PERICOLOSI)],
    ]
    esito = importa_opere(csv_bytes(righe, codifica="utf-8"), nome_file="opere.csv")
    assert esito.errori == []
    return esito


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(opere, formato):
    prima = list(OperaPrioritaria.objects.order_by("codice").values())
    esito = importa_opere(esporta(formato=formato), nome_file=f"export.{formato}", anteprima=True)
    assert esito.errori == []
    assert (esito.create, esito.aggiornate, esito.invariate) == (0, 0, 8)
    assert list(OperaPrioritaria.objects.order_by("codice").values()) == prima


def test_it_neutralises_formulas_in_csv(opere):
    testo = esporta(formato="csv").decode("utf-8-sig")
    for cella in [c for linea in testo.split("\r\n") for c in linea.split(";")]:
        assert cella.strip('"')[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert "'=HYPERLINK" in testo and "'+39 02 1234" in testo and "'@SUM(A1)" in testo


def test_it_neutralises_formulas_in_xlsx(opere):
    import io

    from openpyxl import load_workbook

    foglio = load_workbook(io.BytesIO(esporta(formato="xlsx"))).worksheets[0]
    celle = [c for r in foglio.iter_rows() for c in r if c.value is not None]
    assert all(c.data_type == "s" for c in celle)
    assert all(str(c.value)[:1] not in ("=", "+", "-", "@", "\t", "\r") for c in celle)


def test_it_keeps_the_stored_values_exact(opere):
    assert OperaPrioritaria.objects.get(codice="OP-X0").fonte_finanziamento == PERICOLOSI[0]
    assert OperaPrioritaria.objects.get(codice="OP-X0").titolo == PERICOLOSI[0]
    # A quote before a formula character in the file is the neutralisation of an export: removed.
    assert OperaPrioritaria.objects.get(codice="OP-X5").fonte_finanziamento == "=già neutralizzato"
