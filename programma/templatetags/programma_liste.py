"""Template helpers of the staff pages: euro amounts, file names."""

from __future__ import annotations

import os
from decimal import Decimal

from django import template

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
