"""Helpers to build import files as Italian Excel writes them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pytest

INTESTAZIONE = [
    "codice",
    "cup",
    "titolo",
    "descrizione",
    "modalita",
    "livello_priorita",
    "stato",
    "semaforo",
    "costo_stimato",
    "finanziamento_pnrr",
    "commissario_straordinario",
    "fonte_finanziamento",
    "regione",
    "province",
    "data_completamento_prevista",
]


def riga(codice: str = "OP-1", **valori: str) -> list[str]:
    base = {
        "codice": codice,
        "cup": "J51B21000050001",
        "titolo": f"Opera {codice}",
        "descrizione": "",
        "modalita": "Ferroviaria",
        "livello_priorita": "1",
        "stato": "In progettazione",
        "semaforo": "Verde",
        "costo_stimato": "1.234,56",
        "finanziamento_pnrr": "sì",
        "commissario_straordinario": "",
        "fonte_finanziamento": "PNRR",
        "regione": "Lombardia",
        "province": "MI|BG",
        "data_completamento_prevista": "31/12/2027",
    }
    base.update(valori)
    return [base[c] for c in INTESTAZIONE]


def csv_bytes(
    righe: Iterable[list[str]],
    *,
    intestazione: list[str] | None = None,
    delimitatore: str = ";",
    codifica: str = "cp1252",
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimitatore, lineterminator="\r\n")
    writer.writerow(intestazione or INTESTAZIONE)
    writer.writerows(righe)
    return buffer.getvalue().encode(codifica)


def xlsx_bytes(righe: Iterable[list[object]], *, intestazione: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    libro = Workbook()
    foglio = libro.active
    foglio.append(intestazione or INTESTAZIONE)
    for r in righe:
        foglio.append(r)
    buffer = io.BytesIO()
    libro.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def client_admin(client, amministratore):
    client.force_login(amministratore)
    return client
