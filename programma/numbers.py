"""Numbers as Italians write them: "1.234.567,89"."""

from __future__ import annotations

from decimal import Decimal

_ALL_ITALIANA = str.maketrans(",.", ".,")


def numero_italiano(valore: Decimal | int | float, decimali: int = 0) -> str:
    """Thousands with dots, decimals with a comma, whatever the locale settings.

    Cheaper than Django's number_format, which matters on pages with hundreds of cells.
    """
    return f"{valore:,.{decimali}f}".translate(_ALL_ITALIANA)
