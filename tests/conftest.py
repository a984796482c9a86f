"""Standing users of different reach, as in healthchecks' alice/bob/charlie:
an Operatore of Lombardia, an Operatore of Sicilia, a Coordinatore and an Amministratore."""

import os
import shutil

import pytest
from django.utils.html import escape

from programma.numbers import numero_italiano
from regioni.scoping import Ruolo
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"


def manca_servizio(messaggio: str) -> None:
    """Skip a test that needs a missing service; under CI that is a failure."""
    if IN_CI:
        pytest.fail(f"{messaggio} (CI=true: un servizio mancante è un errore)")
    pytest.skip(messaggio)


def database_url_di_test() -> str | None:
    """The test database as a DATABASE_URL for a subprocess; None for SQLite's in-memory one."""
    from django.conf import settings

    from programma.connections import url_postgres

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    return url_postgres(db)


@pytest.fixture(autouse=True)
def _celery_eager(request, monkeypatch):
    """Tasks run in-process, even where REDIS_URL is set (CI), except in real-worker tests:
    nothing queued by one test is left in Redis for another."""
    if request.node.get_closest_marker("celery_worker"):
        return
    from programma.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
def _impostazioni_di_test(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _pagine_di_questo_test(request, settings):
    """The counter pages' fragments are kept by a digest of what they draw (contatori.dati), which is the
    same in another test (or an earlier run) with the same rows, ids and day: each test keeps its pages
    under keys of its own, in Redis and in the process's memory (programma.cache.memorizzato). Not
    with a real worker, which must write where the test's pages read."""
    import uuid

    from programma import cache

    with cache._memoria_lock:
        cache._memoria.clear()
    if request.node.get_closest_marker("celery_worker"):
        return
    settings.CACHES = {**settings.CACHES, "pagine": {**settings.CACHES["pagine"], "KEY_PREFIX": uuid.uuid4().hex[:12]}}


@pytest.fixture(autouse=True)
def _generazione_dimenticata():
    """The live pages' cached generation (contatori.generation) names a run of another test's database;
    so do the lists' kept filter forms (their key names rows by id, which another test may reuse)."""
    from contatori.generation import dimentica_generazione
    from programma.activities.lists import dimentica_filtri
    from regioni.models import Regione

    dimentica_generazione()
    dimentica_filtri(Regione)


@pytest.fixture(autouse=True)
def _axes_azzerato(request):
    """django-axes stays on in tests, as its documentation advises; its counters are reset before
    each test that uses the database, so transactional and browser tests start unlocked too.
    (Before, not after: a test may leave the database unusable, e.g. a patched cursor.)"""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        from axes.utils import reset

        if not request.node.get_closest_marker("django_db"):
            request.getfixturevalue("db")  # the database is reached through a fixture: open it first
        reset()


@pytest.fixture
def programma(db):
    return factories.ProgrammaFactory()


@pytest.fixture
def progetto(programma):
    return factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("lombardia"))


@pytest.fixture
def altro_progetto(programma):
    return factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("sicilia"))


@pytest.fixture
def operatore(db):
    return factories.operatore("lombardia")


@pytest.fixture
def altro_operatore(db):
    return factories.operatore("sicilia")


@pytest.fixture
def coordinatore(db):
    return factories.crea_utente("coordinatore", Ruolo.COORDINATORE)


@pytest.fixture
def amministratore(db):
    return factories.amministratore()


@pytest.fixture
def client_operatore(client, operatore):
    client.force_login(operatore)
    return client


@pytest.fixture
def client_coordinatore(client, coordinatore):
    client.force_login(coordinatore)
    return client


@pytest.fixture
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (os.path.exists(path) or shutil.which(path)):
        manca_servizio(f"Chromium non trovato in {path}: i test nel browser sono saltati.")
    return path


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(chromium_path, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made by the test itself are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Registered before any script of the page runs (Playwright's init scripts are not subject to the
# page's CSP), so the page cannot hide a violation from the test.
SPIA_CSP = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violazioneCSP(`${e.effectiveDirective} ha bloccato ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
}, true);
"""


@pytest.fixture
def violazioni_csp() -> list[str]:
    """What the Content-Security-Policy blocked in the `pagina` fixture's browser."""
    return []


def nuova_pagina(browser, base_url: str, violazioni_csp: list[str]):
    """A page in a new browser context that reports what the Content-Security-Policy blocks into
    `violazioni_csp`; close it with `chiudi_pagina`."""
    context = browser.new_context(base_url=base_url, locale="it-IT")
    context.expose_function("__violazioneCSP", lambda testo: violazioni_csp.append(testo))
    context.add_init_script(SPIA_CSP)
    page = context.new_page()
    page.on("console", lambda messaggio: "Content Security Policy" in messaggio.text and violazioni_csp.append(messaggio.text))
    page.set_default_timeout(15_000)
    return page


def chiudi_pagina(page) -> None:
    if not page.is_closed():
        page.evaluate("0")  # lets reports still in flight reach Python
    page.context.close()


@pytest.fixture
def pagina(browser, live_server, violazioni_csp):
    """A browser page on the live server; the test fails on any Content-Security-Policy violation."""
    page = nuova_pagina(browser, live_server.url, violazioni_csp)
    yield page
    chiudi_pagina(page)
    if violazioni_csp:
        pytest.fail("Violazioni della Content-Security-Policy:\n" + "\n".join(violazioni_csp))


def accedi(page, username: str, password: str = "password-di-prova") -> None:
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def righe_brevi(caratteri: int, a_capo: str = "\n") -> str:
    """A pasted text of `caratteri` characters in short lines, a line break counting as one
    character whether it is written "\n" or, as browsers submit it, `a_capo="\r\n"`."""
    righe = ("Domanda e offerta di trasporto merci.\n" * (caratteri // 38 + 1))[: caratteri - 1] + "."
    return righe.replace("\n", a_capo)


def controlla_testo_rifiutato(response, testo: str, limite: int) -> None:
    """The form came back with the Italian message, and the text typed is still in its textarea."""
    assert response.status_code == 200
    pagina = response.content.decode()
    scritto = testo.replace("\r\n", "\n")
    assert f"Al massimo {numero_italiano(limite)} caratteri (ne hai scritti {numero_italiano(len(scritto))})." in pagina
    assert f"{escape(scritto)}</textarea>" in pagina
