"""Template helpers of the pages and the PDFs: euro amounts, dates, file names (the formats are
programma/numbers.py's, so a page and a printed book write a figure alike)."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from django import template

from programma import numbers as numeri
from programma.numbers import numero_italiano

register = template.Library()


@register.filter
def euro(value: Decimal | int | float | None) -> str:
    """1234567.89 -> "1.234.567,89 €" (Italian grouping whatever USE_THOUSAND_SEPARATOR says)."""
    if value in (None, ""):
        return "—"
    return f"{numero_italiano(value, 2)} €"


@register.filter
def nome_file(value: str | None) -> str:
    """"verbali/2025/06/verbale.pdf" -> "verbale.pdf"."""
    return os.path.basename(str(value or ""))


@register.filter
def data_estesa(value: Any) -> str:
    """A date as a document writes it: "6 dicembre 2026" (programma.numbers.data_estesa)."""
    return numeri.data_estesa(value)


@register.filter
def euro_compatto(value: Decimal | int | float | None) -> str:
    """An amount as a document's table prints it: "2,6 mld €", "499,1 mln €", "45.000 €"."""
    if value in (None, ""):
        return "—"
    return f"{numeri.importo_compatto(value)} €"


@register.filter
def numero(value: Decimal | int | float | None) -> str:
    """1234 -> "1.234", whatever USE_THOUSAND_SEPARATOR says (programma.numbers.numero_italiano)."""
    if value in (None, ""):
        return "—"
    return numero_italiano(value)
