"""`{% percorso url nome … corrente %}`: a page's breadcrumb, drawn by one template for every page
(templates/includes/percorso.html). The arguments are pairs of a link and its name, then the
current page's name; a pair whose link is empty is left out (a record not saved yet has no page).

    {% url 'documenti:lista' as lista %}{% percorso lista _("Documenti") documento.titolo %}
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("includes/percorso.html")
def percorso(*passi: Any) -> dict[str, Any]:
    if len(passi) % 2 != 1:
        raise template.TemplateSyntaxError("percorso: coppie di collegamento e nome, poi il nome della pagina corrente")
    collegamenti = [(passi[i], passi[i + 1]) for i in range(0, len(passi) - 1, 2) if passi[i]]
    return {"collegamenti": collegamenti, "corrente": passi[-1]}
