"""Spreadsheet safety shared by every export (OWASP "CSV injection"), CSV for Italian Excel, and the
formatted XLSX sheet of the tables people read (number formats, widths, a header that stays in view).

A text cell starting with = + - @ tab or carriage return is prefixed with a quote,
so a spreadsheet never runs it as a formula. The prefix is reversible: a value that
already starts with quotes before such a character gets one more, and `ripristina`
removes exactly one, so an export re-imports unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from programma.numbers import numero_italiano

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
# How each format reads, to fit a column's width to its longest value: decimals and suffix.
_ASPETTO = {INTERO: (0, ""), DECIMALE: (1, ""), IMPORTO: (2, " €"), PERCENTUALE: (1, " %")}
LARGHEZZA_MASSIMA = 50  # characters: a long header or title does not make a column wider than this


def _larghezza(valore: Any, formato: str | None) -> int:
    """Characters a cell takes as the format shows it."""
    if isinstance(valore, (int, float)) and not isinstance(valore, bool) and formato in _ASPETTO:
        decimali, suffisso = _ASPETTO[formato]
        return len(numero_italiano(valore, decimali)) + len(suffisso)
    return len(str(valore)) if valore is not None else 0


def foglio_xlsx(righe: list[list[Any]], *, titolo: str, formati: list[str | None]) -> bytes:
    """An XLSX of one sheet: the first row a bold header frozen in view, each column with its number
    format (`formati`, one per column: INTERO, DECIMALE, IMPORTO, PERCENTUALE, or None for text) and a
    width fitted to its longest value; every text cell neutralised."""
    return cartella_xlsx([(titolo, righe, formati)])


def cartella_xlsx(fogli: list[tuple[str, list[list[Any]], list[str | None]]]) -> bytes:
    """An XLSX of several sheets, each (title, rows with the header first, formats) as `foglio_xlsx`'s."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    libro = Workbook()
    libro.remove(libro.active)
    for titolo, righe, formati in fogli:
        foglio = libro.create_sheet(titolo[:31])
        larghezze = [0] * len(formati)
        for n, riga in enumerate(righe):
            foglio.append([neutralizza(c) for c in riga])
            for i, valore in enumerate(riga):
                larghezze[i] = max(larghezze[i], _larghezza(valore, formati[i] if n else None))
        for i, formato in enumerate(formati, start=1):
            foglio.column_dimensions[get_column_letter(i)].width = min(larghezze[i - 1] + 2, LARGHEZZA_MASSIMA)
            if formato:
                for (cella,) in foglio.iter_rows(min_row=2, min_col=i, max_col=i):
                    cella.number_format = formato
        for cella in foglio[1]:
            cella.font = Font(bold=True)
        foglio.freeze_panes = "A2"
    buffer = io.BytesIO()
    libro.save(buffer)
    return buffer.getvalue()


class _Riga:
    """What csv.writer writes to: the line it formats, returned instead of stored."""

    def write(self, testo: str) -> str:
        return testo


def righe_csv_excel(righe: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text as Italian Excel opens it (BOM, semicolons), one line at a time, every cell neutralised:
    for a StreamingHttpResponse, so that no export is ever held whole in memory."""
    writer = csv.writer(_Riga(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for riga in righe:
        yield writer.writerow([neutralizza(c) for c in riga])


def numero(valore: Decimal) -> int | float:
    """JSON and spreadsheets want plain numbers: integers stay integers."""
    return int(valore) if valore == valore.to_integral_value() else float(valore)


def risposta_csv(righe: list[list[Any]], nome_file: str, *, per_excel: bool = False) -> HttpResponse:
    """Comma and dot for machines; semicolon, decimal comma and a BOM for Italian Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if per_excel else ",", lineterminator="\r\n")
    for riga in righe:
        celle = [neutralizza(c) for c in riga]
        if per_excel:
            celle = [str(c).replace(".", ",") if isinstance(c, float) else c for c in celle]
        writer.writerow(celle)
    contenuto = ("\ufeff" if per_excel else "") + buffer.getvalue()
    response = HttpResponse(contenuto, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    return response
