"""Permission matrix rows of the programme's results (issue #10), to fold into TABLE of
`tests/test_matrice_permessi.py` at merge time (that file is in main, not yet on this branch).

Same format and conventions as main's matrix: roles in the order anonymous, Operatore of Lombardia
(where every object lives), Operatore of Sicilia, Coordinatore, Amministratore; a POST carries no
data; every view checks login, then role (403), then method (405), then the object (404).
The World needs three more objects: `strategico` (Lombardia's strategic project, a complete draft,
so the Operatore's empty POST to "invia" submits it), `documento` (a published national document
with a file) and the `report` (published, with a file), as main's World already has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from programma.models import DocumentoNazionale, Indicazione, ProgettoStrategico
from regioni.scoping import Ruolo
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = L = "login"
ROLES = ("anonimo", "operatore", "altro_operatore", "coordinatore", "amministratore")
Statuses = tuple[Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class Row:
    name: str
    obj: str | None
    get: Statuses
    post: Statuses


# fmt: off
RIGHE = [
    # The strategic project of a regional project (by the project's pk): the region drafts, submits and
    # publishes; national roles approve or send back. On a draft, approving is refused with a redirect
    # and a message (302), as is publishing.
    Row("programma:strategico",                 "progetto",  (L, 200, 404, 200, 200),   (L, 405, 405, 405, 405)),
    Row("programma:strategico_modifica",        "progetto",  (L, 200, 404, 403, 200),   (L, 200, 404, 403, 200)),
    Row("programma:strategico_invia",           "progetto",  (L, 200, 404, 403, 200),   (L, 302, 404, 403, 302)),
    Row("programma:strategico_rimanda",         "progetto",  (L, 403, 403, 302, 302),   (L, 403, 403, 302, 302)),
    Row("programma:strategico_approva",         "progetto",  (L, 403, 403, 302, 302),   (L, 403, 403, 302, 302)),
    Row("programma:strategico_pubblica",        "progetto",  (L, 302, 404, 403, 302),   (L, 302, 404, 403, 302)),
    Row("programma:libro_bianco",               "progetto",  (L, 200, 404, 200, 200),   (L, 405, 405, 405, 405)),
    # National documents: written by the national roles, read by every role.
    Row("programma:documenti_nazionali",        None,        (L, 200, 200, 200, 200),   (L, 405, 405, 405, 405)),
    Row("programma:documento_nazionale_nuovo",  None,        (L, 403, 403, 200, 200),   (L, 403, 403, 200, 200)),
    Row("programma:documento_nazionale",        "documento", (L, 200, 200, 200, 200),   (L, 405, 405, 405, 405)),
    Row("programma:documento_nazionale_modifica", "documento", (L, 403, 403, 200, 200), (L, 403, 403, 200, 200)),
    Row("programma:documento_nazionale_elimina", "documento", (L, 403, 403, 200, 200),  (L, 403, 403, 302, 302)),
    Row("programma:documento_nazionale_file",   "documento", (L, 200, 200, 200, 200),   (L, 405, 405, 405, 405)),
    # Public documents: published items for everyone; the draft strategic project is a 404 for everyone.
    Row("documenti:lista",                      None,        (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
    Row("documenti:volume_nazionale",           None,        (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
    Row("documenti:strategico",                 "strategico", (404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    Row("documenti:libro_bianco",               "strategico", (404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    Row("documenti:report",                     "report",    (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
    Row("documenti:report_file",                "report",    (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
    Row("documenti:nazionale",                  "documento", (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
    Row("documenti:nazionale_file",             "documento", (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
    Row("documenti:api",                        None,        (200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
]
# fmt: on

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATTACHMENTS = {"report": "matrice/analisi.pdf", "documento": "matrice/nazionale.pdf"}


@dataclass(frozen=True)
class World:
    users: dict[str, Any]
    progetto: Any
    strategico: Any
    report: Any
    documento: Any


def _build_world() -> World:
    programma = factories.ProgrammaFactory()
    progetto = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("lombardia"))
    factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("sicilia"))
    strategico = ProgettoStrategico.objects.create(progetto=progetto, titolo="Libro Bianco", contesto="C", obiettivi="O")
    Indicazione.objects.create(progetto_strategico=strategico, tema="energia", testo="T", destinatario="D")
    amministratore = factories.crea_utente("admin", Ruolo.AMMINISTRATORE)
    return World(
        users={
            "anonimo": None,
            "operatore": factories.operatore("lombardia"),
            "altro_operatore": factories.operatore("sicilia"),
            "coordinatore": factories.crea_utente("coordinatore", Ruolo.COORDINATORE),
            "amministratore": amministratore,
        },
        progetto=progetto,
        strategico=strategico,
        report=factories.ReportFactory(progetto=progetto, file=ATTACHMENTS["report"]),
        documento=DocumentoNazionale.objects.create(
            programma=programma, tipo="analisi_domanda_offerta", titolo="Analisi", data=dt.date(2025, 2, 1),
            pubblicato=True, file=ATTACHMENTS["documento"],
        ),
    )


@pytest.fixture(scope="module")
def _module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast_hasher), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world: World, db: None, settings: Any) -> World:
    for name in ATTACHMENTS.values():
        file = Path(settings.MEDIA_ROOT) / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(PDF)
    return _module_world


def _cells() -> list[Any]:
    return [
        pytest.param(row, method, role, expected, id=f"{row.name}-{method}-{role}")
        for row in RIGHE
        for method, statuses in (("GET", row.get), ("POST", row.post))
        for role, expected in zip(ROLES, statuses, strict=True)
    ]


@pytest.mark.parametrize(("row", "method", "role", "expected"), _cells())
def test_cell(row: Row, method: str, role: str, expected: Any, world: World, client: Client) -> None:
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(row.name) if row.obj is None else reverse(row.name, kwargs={"pk": getattr(world, row.obj).pk})
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:
        b"".join(response.streaming_content)
    status, location = response.status_code, response.get("Location", "")
    to_login = f"{reverse('login')}?next="
    cell = f"{method} {url} ({row.name}) as {role}"
    if expected == LOGIN:
        assert (status, location) == (302, to_login + url), f"{cell}: expected a redirect to login, got {status} {location}"
    else:
        assert status == expected, f"{cell}: expected {expected}, got {status} {location}"
        if status == 302 and user is not None:
            assert not location.startswith(to_login), f"{cell}: sent to the login page"


def test_every_new_url_has_a_row() -> None:
    from django.urls import get_resolver

    nomi = set()
    for namespace in ("programma", "documenti"):
        resolver = get_resolver().namespace_dict[namespace][1]
        nomi |= {f"{namespace}:{nome}" for nome in resolver.reverse_dict if isinstance(nome, str)}
    nuovi = {n for n in nomi if n.startswith("documenti:") or "strategico" in n or "libro_bianco" in n or "document" in n}
    assert nuovi == {row.name for row in RIGHE}
