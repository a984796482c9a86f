"""Spreadsheet safety shared by every export (OWASP "CSV injection"), CSV for Italian Excel, and the
formatted XLSX sheet of the tables people read (number formats, widths, a header that stays in view).

A text cell starting with = + - @ tab or carriage return is prefixed with a quote,
so a spreadsheet never runs it as a formula. The prefix is reversible: a value that
already starts with quotes before such a character gets one more, and `ripristina`
removes exactly one, so an export re-imports unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from programma.numbers import data_breve, numero_italiano

INIZI_PERICOLOSI = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALIZZATO_RE = re.compile(r"^'+[=+\-@\t\r]")


def neutralizza(valore: Any) -> Any:
    """Quote a text cell a spreadsheet would run as a formula; numbers and dates pass unchanged."""
    if isinstance(valore, str) and valore and (valore[0] in INIZI_PERICOLOSI or _NEUTRALIZZATO_RE.match(valore)):
        return "'" + valore
    return valore


def ripristina(valore: str) -> str:
    """Undo `neutralizza`: drop one quote before a dangerous character."""
    if _NEUTRALIZZATO_RE.match(valore):
        return valore[1:]
    return valore


# Number formats of the XLSX exports, in Excel's codes (Excel shows them with the reader's own separators:
# 1.234,5 in Italy). Percentages are numbers 0-100 as the pages show them, hence a literal "%" (Excel's
# own % would multiply them by 100).
INTERO = "#,##0"
DECIMALE = "#,##0.0"
IMPORTO = '#,##0.00 "€"'
PERCENTUALE = '0.0 "%"'
DATA = "DD/MM/YYYY"
DATA_ORA = "DD/MM/YYYY HH:MM"
# How each format reads, to fit a column's width to its longest value: decimals and suffix.
_ASPETTO = {INTERO: (0, ""), DECIMALE: (1, ""), IMPORTO: (2, " €"), PERCENTUALE: (1, " %")}
LARGHEZZA_MASSIMA = 50  # characters: a long header or title does not make a column wider than this
# Widths are fitted to the header and the first rows: a sheet is written as its rows come (write-only),
# so that a long export never sits whole in memory.
RIGHE_PER_LARGHEZZA = 2000


def _larghezza(valore: Any, formato: str | None) -> int:
    """Characters a cell takes as the format shows it."""
    if isinstance(valore, (int, float, Decimal)) and not isinstance(valore, bool) and formato in _ASPETTO:
        decimali, suffisso = _ASPETTO[formato]
        return len(numero_italiano(valore, decimali)) + len(suffisso)
    if isinstance(valore, dt.date):
        return 16 if isinstance(valore, dt.datetime) else 10
    return len(str(valore)) if valore is not None else 0


@dataclass(frozen=True)
class Foglio:
    """A sheet: its title, its rows with the header first (any iterable: read once, as written), the
    number format of each column (INTERO, DECIMALE, IMPORTO, PERCENTUALE, DATA, DATA_ORA, or None
    for text), and the lines that say what the table is, written above it (edition, filters, date)."""

    titolo: str
    righe: Iterable[Sequence[Any]]
    formati: Sequence[str | None]
    premessa: Sequence[Sequence[Any]] = ()


def cartella_xlsx(fogli: Iterable[Foglio | tuple[str, list[list[Any]], list[str | None]]]) -> bytes:
    """An XLSX of several sheets, each a `Foglio` or (title, rows with the header first, formats)."""
    buffer = io.BytesIO()
    scrivi_cartella(buffer, fogli)
    return buffer.getvalue()


def scrivi_cartella(destinazione: IO[bytes], fogli: Iterable[Foglio | tuple[str, list[list[Any]], list[str | None]]]) -> None:
    """Write the XLSX into `destinazione` a row at a time (openpyxl's write-only mode): each sheet's
    `premessa`, then its header in bold and frozen in view, then its rows with their number formats,
    every text cell neutralised and every column as wide as its longest value among the first
    `RIGHE_PER_LARGHEZZA` rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    libro = Workbook(write_only=True)
    grassetto = Font(bold=True)
    for foglio_dati in fogli:
        dati = foglio_dati if isinstance(foglio_dati, Foglio) else Foglio(*foglio_dati)
        foglio = libro.create_sheet(re.sub(r"[\\/*?:\[\]]", " ", str(dati.titolo))[:31])
        formati = list(dati.formati)
        righe = iter(dati.righe)
        intestazione = list(next(righe, []))
        primi = list(islice(righe, RIGHE_PER_LARGHEZZA))
        larghezze = [_larghezza(valore, None) for valore in intestazione] + [0] * (len(formati) - len(intestazione))
        for riga in primi:
            for i, valore in enumerate(riga[: len(formati)]):
                larghezze[i] = max(larghezze[i], _larghezza(valore, formati[i]))
        for i, larghezza in enumerate(larghezze, start=1):
            foglio.column_dimensions[get_column_letter(i)].width = min(larghezza + 2, LARGHEZZA_MASSIMA)
        foglio.freeze_panes = f"A{len(dati.premessa) + 2}"

        def cella(valore: Any, formato: str | None = None, *, font: Font | None = None) -> Any:
            valore = _valore_xlsx(valore)
            if formato is None and font is None:
                return valore
            c = WriteOnlyCell(foglio, value=valore)  # noqa: B023 - called for this sheet only, within its iteration
            if formato is not None and not isinstance(valore, str):
                c.number_format = formato
            if font is not None:
                c.font = font
            return c

        for n, riga in enumerate(dati.premessa):
            foglio.append([cella(v, font=grassetto if n == 0 else None) for v in riga])
        foglio.append([cella(v, font=grassetto) for v in intestazione])
        for riga in chain(primi, righe):
            foglio.append([cella(v, f) for v, f in zip(riga, formati)])
    libro.save(destinazione)


def _valore_xlsx(valore: Any) -> Any:
    """A value as a cell holds it: numbers and dates as such (a datetime in local time, Excel has no
    zones), yes/no in words, text neutralised."""
    if isinstance(valore, bool):
        return "sì" if valore else "no"
    if isinstance(valore, dt.datetime):
        return timezone.localtime(valore).replace(tzinfo=None) if timezone.is_aware(valore) else valore
    if isinstance(valore, Promise):
        valore = str(valore)
    return neutralizza(valore)


class _Riga:
    """What csv.writer writes to: the line it formats, returned instead of stored."""

    def write(self, testo: str) -> str:
        return testo


def cella_csv(valore: Any) -> Any:
    """A value as Italian Excel reads it from a CSV: a decimal comma, dates as dd/mm/yyyy (a datetime
    in local time), yes/no in words, text neutralised."""
    if valore is None:
        return ""
    if isinstance(valore, bool):
        return "sì" if valore else "no"
    if isinstance(valore, (Decimal, float)):
        return (format(valore, "f") if isinstance(valore, Decimal) else str(valore)).replace(".", ",")
    if isinstance(valore, dt.date):
        return data_breve(valore)
    if isinstance(valore, Promise):
        valore = str(valore)
    return neutralizza(valore)


def righe_csv_excel(righe: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text as Italian Excel opens it (BOM, semicolons, `cella_csv`'s values), one line at a time,
    every cell neutralised: for a StreamingHttpResponse, so that no export is ever held whole in memory."""
    writer = csv.writer(_Riga(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for riga in righe:
        yield writer.writerow([cella_csv(c) for c in riga])


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The formats every spreadsheet download offers (a list's export, the counters, the import template).
FORMATI = ("csv", "xlsx")


def risposta_csv_excel(righe: Iterable[Iterable[Any]], nome_file: str) -> StreamingHttpResponse:
    """A download of `righe_csv_excel`, streamed as the rows are read."""
    risposta = StreamingHttpResponse(righe_csv_excel(righe), content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    return risposta


def risposta_xlsx(fogli: Iterable[Foglio], nome_file: str) -> FileResponse:
    """A download of `scrivi_cartella`'s workbook: written a row at a time into a temporary file,
    then streamed from it (an XLSX is a ZIP, whole only once written)."""
    file = tempfile.TemporaryFile()
    try:
        scrivi_cartella(file, fogli)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=nome_file, content_type=XLSX)


def numero(valore: Decimal) -> int | float:
    """JSON and spreadsheets want plain numbers: integers stay integers."""
    return int(valore) if valore == valore.to_integral_value() else float(valore)


def risposta_csv(righe: list[list[Any]], nome_file: str, *, per_excel: bool = False) -> HttpResponse:
    """Comma and dot for machines; for Italian Excel, `righe_csv_excel` (semicolon, decimal comma,
    BOM). A small table (twenty regions, a dataset's page): one response, not a stream."""
    if per_excel:
        contenuto = "".join(righe_csv_excel(righe))
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
        for riga in righe:
            writer.writerow([neutralizza(c) for c in riga])
        contenuto = buffer.getvalue()
    response = HttpResponse(contenuto, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    return response
