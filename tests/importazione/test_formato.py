import datetime as dt
from decimal import Decimal

import pytest

from programma import spreadsheets
from programma.importazione import fileformat
from programma.importazione.fileformat import ValoreNonValido


@pytest.mark.parametrize(
    "testo, atteso",
    [
        ("1.234.567,89", "1234567.89"),
        ("1234567,89", "1234567.89"),
        ("1234567.89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("€ 1.234,56", "1234.56"),
        ("1.234,56 €", "1234.56"),
        ("1.234,56\u00a0€", "1234.56"),
        ("1.234", "1234"),
        ("0,5", "0.5"),
        ("12", "12"),
        # A binary float written out whole (real registers have them): the cents it stands for.
        ("6600898.1200000001", "6600898.12"),
        ("939319.36999999988", "939319.37"),
        ("0.30000000000000004", "0.30"),
    ],
)
def test_it_reads_italian_amounts(testo, atteso):
    assert fileformat.leggi_importo(testo) == Decimal(atteso)


@pytest.mark.parametrize(
    "testo",
    # "1234.5678" and "1.2345001": more than cents, and not a float's noise about cents.
    ["abc", "-5", "1.23.4", "1,234.567", "12,345", "1.234,567", "99999999999999", "1234.5678", "1.2345001", "99999999999999.1200000001"],
)
def test_it_rejects_bad_amounts(testo):
    with pytest.raises(ValoreNonValido):
        fileformat.leggi_importo(testo)


@pytest.mark.parametrize(
    "testo, atteso",
    [
        ("31/12/2027", dt.date(2027, 12, 31)),
        ("1/2/2027", dt.date(2027, 2, 1)),
        ("31/12/27", dt.date(2027, 12, 31)),
        ("31.12.2027", dt.date(2027, 12, 31)),
        ("2027-12-31", dt.date(2027, 12, 31)),
        ("2027-12-31 00:00:00", dt.date(2027, 12, 31)),
    ],
)
def test_it_reads_dates(testo, atteso):
    assert fileformat.leggi_data(testo) == atteso


@pytest.mark.parametrize("testo", ["31/02/2027", "12/31/2027", "domani", "2027/12/31"])
def test_it_rejects_bad_dates(testo):
    with pytest.raises(ValoreNonValido):
        fileformat.leggi_data(testo)


@pytest.mark.parametrize("testo", ["sì", "SÌ", "si", "x", "X", "1", "true", "VERO", "Yes"])
def test_it_reads_true(testo):
    assert fileformat.leggi_booleano(testo) is True


@pytest.mark.parametrize("testo", ["", "no", "NO", "0", "false", "Falso"])
def test_it_reads_false(testo):
    assert fileformat.leggi_booleano(testo) is False


def test_it_rejects_other_booleans():
    with pytest.raises(ValoreNonValido):
        fileformat.leggi_booleano("forse")


@pytest.mark.parametrize(
    "intestazione, colonna",
    [
        ("Livello priorità", "livello_priorita"),
        ("LIVELLO_PRIORITA", "livello_priorita"),
        ("Modalità", "modalita"),
        (" Costo stimato (€) ", "costo_stimato"),
        ("Data completamento prevista", "data_completamento_prevista"),
        ("CUP", "cup"),
        ("colore", None),
    ],
)
def test_it_matches_headers(intestazione, colonna):
    assert fileformat.colonna_di(intestazione) == colonna


@pytest.mark.parametrize("valore", ["=SUM(A1)", "+39 02", "-1", "@cmd", "\tx", "\rx", "'=già", "''+x", "normale", "'quote", ""])
def test_it_neutralises_and_restores_exactly(valore):
    neutro = spreadsheets.neutralizza(valore)
    assert neutro[:1] not in spreadsheets.INIZI_PERICOLOSI
    assert spreadsheets.ripristina(neutro) == valore


def test_it_writes_italian_values():
    assert fileformat.scrivi_importo(Decimal("1234567.8")) == "1.234.567,80"
    assert fileformat.scrivi_importo(Decimal("0")) == "0,00"
    assert fileformat.scrivi_data(dt.date(2027, 12, 31)) == "31/12/2027"
    assert fileformat.scrivi_booleano(True) == "sì"


# --- column-level fast paths: the per-value parser's result, or None (then each value is parsed) ---

IMPORTI = ["1.234.567,89", "1234567,89", "0,5", "12", "", "1.234", "007", "9.999.999.999.999,99", "٣٤,٥"]
IMPORTI_LENTI = ["€ 1.234,56", "1234567.89", "abc", "-5", "1.23.4", "99999999999999", "10.000.000.000.000", "0000000000000001", "٣" * 14]


def test_a_clean_column_of_amounts_reads_as_each_amount_would():
    valori = fileformat.importi_semplici(IMPORTI)
    assert valori == [fileformat.leggi_importo(t) if t else None for t in IMPORTI]
    assert fileformat.importi_semplici([t for t in IMPORTI if t]) == [fileformat.leggi_importo(t) for t in IMPORTI if t]


@pytest.mark.parametrize("lento", IMPORTI_LENTI + ["1,5\n2"])
def test_a_column_with_an_unusual_amount_is_left_to_the_parser(lento):
    assert fileformat.importi_semplici([*IMPORTI, lento]) is None


def test_a_clean_column_of_cups_reads_as_each_cup_would():
    from programma.importazione.valori import _cup_semplici

    assert _cup_semplici(["J51B21000050001", "", " j51b 2100 0050001 "]) == ["J51B21000050001", "", "J51B21000050001"]
    for lento in ["J51B2100005000", "J51B210000500011", "151B21000050001", "J5ÌB21000050001", "J51B21000050001\nJ51B21000050001"]:
        assert _cup_semplici(["J51B21000050001", lento]) is None
