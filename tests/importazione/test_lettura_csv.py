"""Reading a CSV: the quick split of quote-free lines gives exactly what csv.reader gives.

`leggi_tabella` splits a line without quotes at the delimiter and hands the other lines to
csv.reader; a file whose records are not one per line is read by csv.reader throughout. Whatever
the file, the header, the rows and their line numbers must be csv.reader's.
"""

from __future__ import annotations

import csv
import io
import random

import pytest

from programma.importazione.reading import BLOCCO, FileNonValido, leggi_tabella


def come_csv_reader(testo: str, delimitatore: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and numbered rows as the reading did before the quick split: csv.reader on the whole
    text (blank rows, every cell empty, keep their line number but are not rows)."""
    righe = list(enumerate(csv.reader(io.StringIO(testo, newline=""), delimiter=delimitatore), start=1))
    for k, (_numero, celle) in enumerate(righe):
        if any(c.strip() for c in celle):
            return [c.strip() for c in celle], [(n, r) for n, r in righe[k + 1 :] if any(r)]
    raise AssertionError("file vuoto")


def letto(testo: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    tabella = leggi_tabella(testo.encode("utf-8"))
    return tabella.intestazioni, list(tabella.righe)


PEZZI = ["", "a", "b c", " x ", "è—ü", "1.234,56", "'=1", 'x"y', '"', ";", ",", "\n", "\r", "\r\n", '""', "\t"]


def csv_casuale(caso: random.Random, righe: int) -> str:
    """A CSV as a spreadsheet writes it (quoted when needed), then sometimes damaged by hand."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator=caso.choice(["\r\n", "\n"]))
    writer.writerow(["codice", "titolo", "descrizione"])
    for _ in range(righe):
        writer.writerow(["".join(caso.choices(PEZZI, k=caso.randint(0, 3))) for _ in range(caso.randint(0, 4))])
    testo = buffer.getvalue()
    for _ in range(caso.choice([0, 0, 1, 3])):  # a stray quote or line break anywhere
        i = caso.randint(len(testo) // 2, len(testo))
        testo = testo[:i] + caso.choice(['"', "\r", "\n", "\r\n", ";"]) + testo[i:]
    return testo


@pytest.mark.parametrize("seme", range(300))
def test_it_reads_any_csv_as_csv_reader_does(seme):
    caso = random.Random(seme)
    testo = csv_casuale(caso, caso.choice([3, 30, BLOCCO + 5]))
    assert letto(testo) == come_csv_reader(testo, ";")


@pytest.mark.parametrize(
    "testo",
    [
        "codice;titolo\r\nA;uno\r\n\r\nB;due\r\n",  # a blank line keeps its number
        "codice;titolo\nA;uno\n\n\nB;due",  # no final line ending
        'codice;titolo\r\nA;"uno; e due"\r\nB;"con ""virgolette"""\r\n',
        'codice;titolo\r\nA;"su due\r\nrighe"\r\nB;due\r\n',  # a quoted cell running over two lines
        'codice;titolo\r\nA;"a capo\nsolo LF"\r\nB;due\r\n',  # Excel's Alt+Enter in a CRLF file
        'codice;titolo\r\nA;a"b;"c\r\nB;due\r\n',  # a quote inside a cell opens nothing... until one does
        "codice;titolo\rA;uno\rB;due\r",  # old Mac line endings
        "\r\n\r\ncodice;titolo\r\nA;uno\r\n",  # blank lines before the header
    ],
)
def test_it_reads_the_awkward_cases_as_csv_reader_does(testo):
    assert letto(testo) == come_csv_reader(testo, ";")


def test_a_quoted_cell_over_two_lines_in_a_later_block_is_read_whole():
    righe = [f"OP-{i};titolo {i}" for i in range(3 * BLOCCO)]
    righe[2 * BLOCCO + 7] = 'OP-X;"prima riga\r\nseconda riga"'
    testo = "codice;titolo\r\n" + "\r\n".join(righe) + "\r\n"
    intestazioni, lette = letto(testo)
    assert (2 * BLOCCO + 9, ["OP-X", "prima riga\r\nseconda riga"]) in lette
    assert (intestazioni, lette) == come_csv_reader(testo, ";")


def test_a_cell_beyond_csv_readers_limit_is_refused_as_before():
    testo = "codice;titolo\r\nA;" + "x" * (csv.field_size_limit() + 1) + "\r\n"
    with pytest.raises(FileNonValido, match="non è leggibile"):
        letto(testo)
