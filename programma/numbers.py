"""Numbers, quantities and dates as Italians write them: "1.234.567,89", "1 regione", "6 dicembre 2026".

One place for the site and the PDFs alike: the counter cards and the Libro Bianco read the same
helpers, so a page and a printed book never disagree on a figure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

_ALL_ITALIANA = str.maketrans(",.", ".,")
# Lower case, as Italian writes them (Django's "F" format capitalises them: "6 Dicembre 2026").
MESI = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre")


def numero_italiano(valore: Decimal | int | float, decimali: int = 0) -> str:
    """Thousands with dots, decimals with a comma, whatever the locale settings.

    Cheaper than Django's number_format, which matters on pages with hundreds of cells.
    """
    return f"{valore:,.{decimali}f}".translate(_ALL_ITALIANA)


def importo_compatto(valore: Decimal | int | float) -> str:
    """Big amounts as people say them: 191069748000 -> "191,1 mld", 3500000.5 -> "3,5 mln"; smaller
    ones in full. The exact figure goes in a tooltip and in every export."""
    for soglia, unita in ((Decimal(10) ** 9, "mld"), (Decimal(10) ** 6, "mln")):
        if abs(Decimal(valore)) >= soglia:
            return f"{numero_italiano(Decimal(valore) / soglia, 1)} {unita}"
    return numero_italiano(valore, 0)


def unita_per(valore: Decimal | int | float | None, plurale: str, singolare: str = "") -> str:
    """The unit a quantity reads with: "1 regione" but "0 regioni", "2 regioni", "1,5 regioni".

    Italian takes the singular for exactly one; units without a singular ("%", "€") pass through.
    """
    if singolare and valore is not None and Decimal(valore) == 1:
        return str(singolare)
    return str(plurale)


def quantita(valore: Decimal | int | float, plurale: str, singolare: str = "", decimali: int = 0) -> str:
    """A number with its unit: quantita(1, "regioni", "regione") -> "1 regione"."""
    return f"{numero_italiano(valore, decimali)} {unita_per(valore, plurale, singolare)}".rstrip()


def data_breve(giorno: dt.date | dt.datetime) -> str:
    """"31/12/2027", and "31/12/2027 14:05" for a moment, in Rome's time: the day as a table, an
    export, a message or the history writes it (the templates' `date:"d/m/Y"`)."""
    if isinstance(giorno, dt.datetime):
        return f"{timezone.localtime(giorno) if timezone.is_aware(giorno) else giorno:%d/%m/%Y %H:%M}"
    return f"{giorno:%d/%m/%Y}"


def data_estesa(giorno: dt.date | dt.datetime | str | None) -> str:
    """"6 dicembre 2026": the day as a document writes it (an ISO string is read first). "" for none."""
    if not giorno:
        return ""
    if isinstance(giorno, str):
        try:
            giorno = dt.date.fromisoformat(giorno[:10])
        except ValueError:
            return giorno
    if isinstance(giorno, dt.datetime) and timezone.is_aware(giorno):
        giorno = timezone.localtime(giorno)  # the day in Rome, as the `date` filter gives it
    return f"{giorno.day} {MESI[giorno.month - 1]} {giorno.year}"
