"""Spreadsheet safety shared by every export (OWASP "CSV injection"), and CSV for Italian Excel.

A text cell starting with = + - @ tab or carriage return is prefixed with a quote,
so a spreadsheet never runs it as a formula. The prefix is reversible: a value that
already starts with quotes before such a character gets one more, and `ripristina`
removes exactly one, so an export re-imports unchanged.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

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
