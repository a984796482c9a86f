"""No 500 on junk query parameters (issue #21): every GET parameter of every list and data endpoint of
the permission matrix, fuzzed with huge and negative numbers, NUL, 10 KB strings and wrong types.

The endpoints are the matrix's (tests/test_matrice_permessi.py), asked for by the Amministratore,
who may open them all. A list built on the framework (`ListaMixin`) is fuzzed on its filters,
`page`, `ordina` and `edizione`; an autocomplete endpoint (`Sorgente`) on `q`, `page`, `regione`;
the other lists and JSON/CSV endpoints on the parameters they read, named in `PARAMETRI`. A junk
value gets an answer (the page, a 400 with the reason, a 404 for a page past the end), never a 500.
Run it on PostgreSQL too (the whole suite's environment): NUL and overflowing integers are what
PostgreSQL refuses and SQLite lets through.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from programma.activities.lists import ListaMixin
from tests.test_matrice_permessi import ROLES, TABLE, World, _module_world, _sorgenti, url_of, world  # noqa: F401

pytestmark = pytest.mark.django_db

GIUNCA: list[Any] = [
    "99999999999999999999999",  # beyond any integer column, and beyond a 64-bit OFFSET
    "-99999999999999999999999",
    "-1",
    "0",
    "\x00",
    "a\x00b",
    "x" * 10 * 1024,
    "1.5",
    "1e309",
    "²",  # a digit for str.isdigit(), not for int()
    "' OR 1=1 --",
    ["1", "2"],  # the parameter twice
]

# The lists and data endpoints that are not on the framework, and the parameters they read.
PARAMETRI: dict[str, tuple[str, ...]] = {
    "programma:edizioni": (),
    "importazione:storico": ("page",),
    "importazione:stato": (),
    "contatori:dashboard": ("contatore", "confronto"),
    "contatori:regione": ("contatore",),
    "contatori:stato": ("task",),
    "contatori:esporta_csv": (),
    "contatori:esporta_xlsx": (),
    "contatori:obiettivi": (),
    "contatori:in_ritardo": (),
    "contatori:pubblico": ("contatore",),
    "contatori:api": (),
    "contatori:api_csv": (),
    "documenti:lista": ("regione", "tipo", "page"),
    "documenti:api": ("regione", "tipo", "pagina"),
    "documenti:volume_nazionale": (),
    "healthz": (),
}
# Every page reads the edition of a drill-through link (programma.selectors.edizione_scelta).
SEMPRE = ("edizione",)


def _vista(nome: str, url: str) -> Any:
    return getattr(resolve(url).func, "view_class", None)


def endpoint() -> list[tuple[str, tuple[str, ...]]]:
    """(URL name, parameters) of every list and data endpoint of the matrix."""
    sorgenti = _sorgenti()
    trovati = []
    for row in TABLE:
        nome = row.name
        if nome in sorgenti:
            trovati.append((nome, ("q", "page", "regione")))
        elif nome in PARAMETRI:
            trovati.append((nome, PARAMETRI[nome]))
        elif row.obj is None and not row.altri and row.get[ROLES.index("amministratore")] == 200:
            vista = _vista(nome, reverse(nome))
            if vista is not None and issubclass(vista, ListaMixin):
                trovati.append((nome, (*vista.filterset_class.base_filters, "page", "ordina")))
    return trovati


def test_every_list_and_data_endpoint_is_fuzzed():
    """A new list is fuzzed by itself; a JSON or CSV endpoint needs its row in PARAMETRI."""
    fuzzati = {nome for nome, _parametri in endpoint()}
    assert set(PARAMETRI) <= {row.name for row in TABLE}, "PARAMETRI names URLs that are gone"
    liste = {"programma:opere", "tavoli:lista", "eventi:lista", "programma:report_lista", "programma:progetti"}
    assert liste <= fuzzati and "programma:scelte_opere" in fuzzati


@pytest.mark.parametrize(("nome", "parametri"), endpoint(), ids=[nome for nome, _p in endpoint()])
def test_no_junk_parameter_makes_a_500(nome: str, parametri: tuple[str, ...], world: World) -> None:
    client = Client(raise_request_exception=False)  # a 500 is a status to report, with the others
    client.force_login(world.users["amministratore"])
    row = next(r for r in TABLE if r.name == nome)
    url = url_of(row, world)
    assert client.get(url).status_code == 200, f"{nome}: the clean page must answer, or the test proves nothing"
    risposte: dict[tuple[str, str], int] = {}
    for parametro in (*parametri, *SEMPRE):
        for valore in GIUNCA:
            risposta = client.get(url, {parametro: valore})
            if risposta.streaming:
                b"".join(risposta.streaming_content)
            risposte[parametro, repr(valore)[:40]] = risposta.status_code
    errori = {chiave: stato for chiave, stato in risposte.items() if stato >= 500}
    assert not errori, f"{nome}: 500 on {errori}"


@pytest.mark.parametrize("nome", ["programma:scelte_opere", "programma:opere", "tavoli:lista"])
@pytest.mark.parametrize(("parametro", "valore"), [("page", "99999999999999999999999"), ("q", "\x00")])
def test_the_reviews_two_requests_answer_400_with_the_reason(nome, parametro, valore, world, client):
    client.force_login(world.users["amministratore"])
    risposta = client.get(reverse(nome), {parametro: valore})
    assert risposta.status_code == 400
    assert f"«{parametro}»" in risposta.content.decode()
