"""Reading an uploaded file: what it is (by content), its encoding and delimiter, its rows.

`leggi_tabella` turns bytes into a header and an iterator of (line number, cells), where the
line number is the one Excel shows (the header is line 1) and every cell is a string.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and .doc)


class FileNonValido(Exception):
    """The file as a whole cannot be imported; the message is the Italian reason."""


@dataclass
class Tabella:
    formato: str  # "csv" or "xlsx"
    intestazioni: list[str]
    righe: Iterator[tuple[int, list[str]]]
    codifica: str = ""
    delimitatore: str = ""
    righe_stimate: int = 0


def dimensione_massima() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024


def controlla_dimensione(dimensione: int) -> None:
    massimo = dimensione_massima()
    if dimensione > massimo:
        raise FileNonValido(
            _("Il file è troppo grande (%(mb).1f MB): il massimo è %(max)d MB.")
            % {"mb": dimensione / 1024 / 1024, "max": massimo // 1024 // 1024}
        )


def leggi_tabella(dati: bytes) -> Tabella:
    controlla_dimensione(len(dati))
    if not dati.strip():
        raise FileNonValido(_("Il file è vuoto."))
    testa = dati[:8192]
    if testa.startswith(b"PK\x03\x04"):
        return _leggi_xlsx(dati)
    if testa.startswith(OLE2):
        raise FileNonValido(
            _("Il file è nel vecchio formato Excel .xls: salvarlo come .xlsx oppure come CSV e riprovare.")
        )
    tipo = filetype.guess(testa)
    if tipo is not None:
        raise FileNonValido(
            _("Il file non è un CSV né un foglio Excel .xlsx (il contenuto è di tipo %(tipo)s).")
            % {"tipo": tipo.extension.upper()}
        )
    return _leggi_csv(dati)


# --- CSV -----------------------------------------------------------------------------


def decodifica(dati: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Italian Excel)."""
    if dati.startswith((b"\xff\xfe", b"\xfe\xff")):
        return dati.decode("utf-16"), "utf-16"
    if b"\x00" in dati[:8192]:
        raise FileNonValido(_("Il file non è un CSV né un foglio Excel .xlsx (contiene dati binari)."))
    try:
        return dati.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return dati.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    migliore = from_bytes(dati[:1_000_000]).best()
    if migliore is None:
        raise FileNonValido(_("Codifica dei caratteri non riconosciuta: salvare il file come CSV UTF-8."))
    return dati.decode(migliore.encoding, errors="strict"), migliore.encoding


def trova_delimitatore(prima_riga: str) -> str:
    """The header's most frequent separator among ; , and tab (';' on a tie: Italian Excel)."""
    conteggi = {d: prima_riga.count(d) for d in (";", ",", "\t")}
    migliore = max(conteggi, key=lambda d: (conteggi[d], d == ";"))
    return migliore if conteggi[migliore] else ";"


def _leggi_csv(dati: bytes) -> Tabella:
    testo, codifica = decodifica(dati)
    testo = testo.lstrip("\ufeff")
    prima_riga = testo.lstrip("\r\n").split("\n", 1)[0]
    delimitatore = trova_delimitatore(prima_riga)
    lettore = csv.reader(io.StringIO(testo, newline=""), delimiter=delimitatore)
    numerate = _numera(lettore)
    intestazioni = _intestazioni(numerate)
    return Tabella("csv", intestazioni, numerate, codifica, delimitatore, testo.count("\n"))


def _numera(righe: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from enumerate(righe, start=1)
    except csv.Error as exc:
        raise FileNonValido(_("Il file CSV non è leggibile: %(errore)s") % {"errore": exc}) from None


def _intestazioni(numerate: Iterator[tuple[int, list[str]]]) -> list[str]:
    for _numero, celle in numerate:
        if any(c.strip() for c in celle):
            return [c.strip() for c in celle]
    raise FileNonValido(_("Il file è vuoto."))


# --- XLSX ----------------------------------------------------------------------------


def testo_cella(valore: object) -> str:
    """An Excel cell as the text the validator reads (dates ISO, numbers with a dot)."""
    if valore is None:
        return ""
    if isinstance(valore, str):
        return valore
    if isinstance(valore, bool):
        return "1" if valore else "0"
    if isinstance(valore, dt.datetime):
        return valore.date().isoformat() if valore.time() == dt.time(0) else valore.isoformat(sep=" ")
    if isinstance(valore, dt.date):
        return valore.isoformat()
    if isinstance(valore, float):
        if valore.is_integer():
            return str(int(valore))
        return repr(round(valore, 2))
    return str(valore)


def _leggi_xlsx(dati: bytes) -> Tabella:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(dati)) as archivio:
            if "xl/workbook.xml" not in archivio.namelist():
                raise FileNonValido(_("Il file è un archivio ZIP ma non un foglio Excel .xlsx."))
        libro = load_workbook(io.BytesIO(dati), read_only=True, data_only=True)
    except FileNonValido:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors on a broken file
        raise FileNonValido(_("Il file Excel è danneggiato o non leggibile.")) from None
    foglio = libro.worksheets[0]
    righe_stimate = max((foglio.max_row or 1) - 1, 0)

    def righe() -> Iterator[tuple[int, list[str]]]:
        try:
            for numero, valori in enumerate(foglio.iter_rows(values_only=True), start=1):
                yield numero, [testo_cella(v) for v in valori]
        finally:
            libro.close()

    numerate = righe()
    intestazioni = _intestazioni(numerate)
    return Tabella("xlsx", intestazioni, numerate, righe_stimate=righe_stimate)
