import csv
import io

import pytest
from openpyxl import load_workbook

from contatori.services import ricalcola
from programma.spreadsheets import neutralizza
from regioni.models import Regione

pytestmark = pytest.mark.django_db

PERICOLOSO = "=HYPERLINK(\"http://example.com\";\"x\")"


@pytest.mark.parametrize("cella", ["=1+1", "+39", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_it_neutralises_formulas(cella):
    assert neutralizza(cella) == "'" + cella


def test_it_leaves_plain_values_alone():
    assert neutralizza("Lombardia") == "Lombardia"
    assert neutralizza(-3) == -3
    assert neutralizza(2.5) == 2.5


@pytest.fixture
def regione_pericolosa(dati):
    Regione.objects.filter(slug="molise").update(nome=PERICOLOSO)
    ricalcola(origine="test")


def test_it_exports_csv_without_formulas(regione_pericolosa, client_coordinatore):
    response = client_coordinatore.get("/cruscotto/esporta.csv")
    assert response.status_code == 200
    testo = response.content.decode("utf-8-sig")
    righe = list(csv.reader(io.StringIO(testo), delimiter=";"))
    molise = next(r for r in righe if r[0] == "14")
    assert molise[1] == "'" + PERICOLOSO
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in righe for c in r)


def test_it_exports_xlsx_without_formulas(regione_pericolosa, client_coordinatore):
    response = client_coordinatore.get("/cruscotto/esporta.xlsx")
    assert response.status_code == 200
    foglio = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    righe = list(foglio.iter_rows(values_only=True))
    molise = next(r for r in righe if r[0] == "14")
    assert molise[1] == "'" + PERICOLOSO
    assert all(c.data_type != "f" for riga in foglio.iter_rows() for c in riga)
    lombardia = next(r for r in righe if r[0] == "03")
    assert lombardia[2] == 1  # regions covered: a number, not text


def test_the_public_csv_neutralises_too(regione_pericolosa, client):
    testo = client.get("/api/contatori.csv").content.decode()
    assert "'" + PERICOLOSO.replace('"', '""') in testo


def test_it_requires_a_national_role(client_operatore):
    assert client_operatore.get("/cruscotto/esporta.csv").status_code == 403
    assert client_operatore.get("/cruscotto/esporta.xlsx").status_code == 403


def test_the_xlsx_has_number_formats_widths_and_a_frozen_bold_header(dati, programma, client_coordinatore):
    from contatori.models import Obiettivo

    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", regione=dati["lombardia"], valore=8)
    ricalcola(origine="test")
    foglio = load_workbook(io.BytesIO(b"".join(client_coordinatore.get("/cruscotto/esporta.xlsx").streaming_content))).active
    intestazioni = [c.value for c in foglio[1]]
    assert all(c.font.bold for c in foglio[1])
    assert foglio.freeze_panes == "A2"
    riga = {intestazione: cella for intestazione, cella in zip(intestazioni, foglio[4])}  # Lombardia: 03, the third region
    assert riga["regione"].value == "Lombardia"
    assert riga["Tavoli svolti (tavoli)"].number_format == "#,##0"
    assert riga["Valore delle opere (€)"].number_format == '#,##0.00 "€"'
    assert riga["Valore delle opere (€)"].value == 3500000.5
    assert riga["Copertura territoriale (%)"].number_format == '0.0 "%"'
    assert riga["Avanzamento medio delle fasi (%)"].number_format == '0.0 "%"'
    assert riga["Obiettivo: Tavoli svolti"].number_format == "#,##0"
    assert riga["% obiettivo: Tavoli svolti"].number_format == '0.0 "%"' and riga["% obiettivo: Tavoli svolti"].value == 25
    larghezze = {intestazione: foglio.column_dimensions[c.column_letter].width for intestazione, c in zip(intestazioni, foglio[1])}
    # Fitted to the longest value (header included), never wider than 50 characters.
    assert larghezze["codice_istat"] == len("codice_istat") + 2
    assert larghezze["regione"] >= len("Friuli-Venezia Giulia") + 2
    assert larghezze["Tavoli svolti (tavoli)"] == len("Tavoli svolti (tavoli)") + 2
    assert all(10 <= w <= 50 for w in larghezze.values())
    assert larghezze["Imprese raggiunte su BUL, 5G e digitale (imprese)"] == 50  # 49 characters and the margin: capped
