"""The region x counter table as CSV and XLSX, safe to open in a spreadsheet.

Every text cell that starts with = + - @ tab or carriage return is prefixed with a
quote (OWASP "CSV injection"), so a spreadsheet never reads it as a formula.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from programma.spreadsheets import foglio_xlsx, neutralizza

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def risposta_xlsx(righe: list[list[Any]], nome_file: str, *, titolo: str, formati: list[str | None]) -> HttpResponse:
    """The table as a formatted sheet (programma.spreadsheets.foglio_xlsx): number formats, widths, a frozen header."""
    response = HttpResponse(foglio_xlsx(righe, titolo=titolo, formati=formati), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    return response
