"""The region x counter table as CSV and XLSX, safe to open in a spreadsheet.

Every text cell that starts with = + - @ tab or carriage return is prefixed with a
quote (OWASP "CSV injection"), so a spreadsheet never reads it as a formula.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from programma.spreadsheets import XLSX, foglio_xlsx, numero, risposta_csv  # noqa: F401 - the counters' exports use them


def risposta_xlsx(righe: list[list[Any]], nome_file: str, *, titolo: str, formati: list[str | None]) -> HttpResponse:
    """The table as a formatted sheet (programma.spreadsheets.foglio_xlsx): number formats, widths, a frozen header."""
    response = HttpResponse(foglio_xlsx(righe, titolo=titolo, formati=formati), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    return response
