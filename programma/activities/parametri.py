"""Query parameters read one way: integers within bounds, a bad one refused with the reason.

The staff lists (`lists.ListaMixin`), the autocomplete endpoints (`autocomplete.Sorgente`) and every
other page that reads a number from the address (the edition of a drill-through link, the project an
admin picks) read it here. An integer is ASCII digits within the bounds of the database's integer
columns: `"²".isdigit()` is true but `int("²")` fails, and a number beyond 64 bits overflows a
column or a query's OFFSET. A NUL in any parameter is refused before any view runs
(`programma.security.ParametriNonValidiMiddleware`): PostgreSQL refuses it in every text.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from programma.numbers import numero_italiano

# PostgreSQL's integer, the widest id of the programme's tables: an id or a page above it matches nothing.
INTERO_MASSIMO = 2_147_483_647
# Pages of a list or of an autocomplete's suggestions: 100,000 pages of 25 rows is far beyond any list.
PAGINE_MASSIME = 100_000
# The page of a list in its address, on every list a person reads (Django's ListView says `page` too):
# the pagination of templates/includes/paginazione.html writes it. The open-data APIs say `pagina`.
PAGINA = "page"


class ParametroNonValido(ValueError):
    """A query parameter no page can serve: answered 400 with this Italian reason."""


def leggi_intero(testo: object, *, minimo: int = 1, massimo: int = INTERO_MASSIMO) -> int | None:
    """`testo` as an integer within [minimo, massimo]; None for anything else (junk, signs, overflow)."""
    testo = str(testo).strip()
    if not (testo.isascii() and testo.isdigit()) or len(testo) > len(str(massimo)):
        return None
    valore = int(testo)
    return valore if minimo <= valore <= massimo else None


def parametro_intero(
    request: HttpRequest, nome: str, *, predefinito: int | None, massimo: int, minimo: int = 1, messaggio: str = ""
) -> int | None:
    """The integer parameter `nome` of the query: `predefinito` when absent or empty, else a number
    within [minimo, massimo] or `ParametroNonValido` saying which parameter and what it takes
    (`messaggio`, or the bounds)."""
    testo = request.GET.get(nome, "").strip()
    if not testo:
        return predefinito
    valore = leggi_intero(testo, minimo=minimo, massimo=massimo)
    if valore is None:
        raise ParametroNonValido(
            messaggio
            or _("Il parametro «%(nome)s» deve essere un numero da %(minimo)s a %(massimo)s.")
            % {"nome": nome, "minimo": numero_italiano(minimo), "massimo": numero_italiano(massimo)}
        )
    return valore


def pagina_richiesta(request: HttpRequest, righe: QuerySet | Sequence, per_pagina: int) -> Page:
    """The page of `righe` the address asks for (`?page=`), for a list drawn without ListView: one that
    is not a number is the first, one beyond the end the last, so that an old link still shows a page."""
    return Paginator(righe, per_pagina).get_page(request.GET.get(PAGINA))


def risposta_non_valida(request: HttpRequest, errore: Exception) -> HttpResponse:
    """The 400 page of a page asked for with a bad parameter: what was wrong, in Italian."""
    return render(request, "400.html", {"motivo": str(errore)}, status=400)
