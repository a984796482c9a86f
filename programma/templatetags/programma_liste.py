"""Template helpers of the staff lists: euro amounts, sortable headers, pagination links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from programma.numeri import numero_italiano

register = template.Library()


@register.filter
def euro(value: Decimal | int | float | None) -> str:
    """1234567.89 -> "1.234.567,89 €" (Italian grouping whatever USE_THOUSAND_SEPARATOR says)."""
    if value in (None, ""):
        return "—"
    return f"{numero_italiano(value, 2)} €"


@register.simple_tag(takes_context=True)
def con_parametri(context: dict[str, Any], **nuovi: Any) -> str:
    """The current query string with some parameters replaced (a new sort resets the page)."""
    params = context["request"].GET.copy()
    for chiave, valore in nuovi.items():
        if valore in (None, ""):
            params.pop(chiave, None)
        else:
            params[chiave] = valore
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def intestazione_ordinabile(context: dict[str, Any], chiave: str, etichetta: str) -> str:
    """A column header that sorts by `chiave`, and reverses on the second click."""
    attuale = context["request"].GET.get("ordina", "")
    if attuale == chiave:
        nuovo, freccia = f"-{chiave}", " ▲"
    elif attuale == f"-{chiave}":
        nuovo, freccia = chiave, " ▼"
    else:
        nuovo, freccia = chiave, ""
    href = con_parametri(context, ordina=nuovo, page=None)
    return format_html('<a href="{}" data-ordina="{}">{}{}</a>', href, chiave, etichetta, freccia)
