"""A role sees the same menu on every page it can open (issue #20, part 1).

The header's links (the main navigation, the account's links and forms) are built from the role
(`ambito`, `regioni.context_processors`). A page whose view put another `ambito` in its context
showed another menu: the dashboard gave the Coordinatore 6 links instead of 15. The pages are the
permission matrix's: every URL name a role may GET (200) there, rendered as that role.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.test_matrice_permessi import ROLES, TABLE, World, _module_world, url_of, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

HEADER = re.compile(r"<header\b.*?</header>", re.S)
# A link's address or a form's action: what the header lets the user reach.
DESTINAZIONE = re.compile(r'<(?:a\b[^>]*\bhref|form\b[^>]*\baction)="([^"]*)"')


def menu(html: str) -> frozenset[str]:
    trovato = HEADER.search(html)
    return frozenset(DESTINAZIONE.findall(trovato.group(0))) if trovato else frozenset()


def pagine_di(ruolo: str) -> list[Any]:
    return [row for row in TABLE if row.get[ROLES.index(ruolo)] == 200]


@pytest.mark.parametrize("ruolo", ROLES)
def test_a_role_sees_the_same_menu_on_every_page_it_opens(ruolo: str, world: World, client: Client) -> None:
    utente = world.users[ruolo]
    if utente is not None:
        client.force_login(utente)
    menu_per_pagina: dict[str, frozenset[str]] = {}
    for row in pagine_di(ruolo):
        url = url_of(row, world)
        risposta = client.get(url)
        if risposta.streaming:
            b"".join(risposta.streaming_content)  # a file: no header to compare
            continue
        if "text/html" not in risposta.get("Content-Type", ""):
            continue
        menu_per_pagina[f"{url} ({row.name})"] = menu(risposta.content.decode())
    assert len(menu_per_pagina) > 3, f"{ruolo}: too few pages rendered to compare"
    riferimento = menu_per_pagina.get("/ (home)") or next(iter(menu_per_pagina.values()))
    assert riferimento, f"{ruolo}: the home has no header links"
    diversi = [
        f"{pagina}: manca {sorted(riferimento - voci)}, in più {sorted(voci - riferimento)}"
        for pagina, voci in menu_per_pagina.items()
        if voci != riferimento
    ]
    assert not diversi, f"{ruolo}: il menu cambia da una pagina all'altra ({len(riferimento)} voci sulla home):\n" + "\n".join(diversi)
