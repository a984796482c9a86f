"""Page weights as a browser sees them: bytes transferred over the wire, in production shape.

Starts gunicorn with DJANGO_DEBUG=false (static files collected with the compressed manifest
storage, served by WhiteNoise) on the bench database, then loads the main pages of each role
in Chromium through Playwright and sums the encoded size of every response (CDP
`Network.loadingFinished.encodedDataLength`: headers and compressed bodies, as DevTools shows):

- first visit: a fresh browser context per page (cold cache);
- later page: one context per role that has already loaded its entry page (warm cache);
- the dashboard's HTML alone, compressed as the browser asks for it.

`python -m bench.pesi` runs it alone on DATABASE_URL (seeded by `seed_demo`); `make bench` runs
it on the bench database at the scale it seeded.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench import Riga, stampa

ROOT = Path(__file__).resolve().parent.parent
KIB = 1024
OBIETTIVO_PRIMA_VISITA = "<= 200"
OBIETTIVO_VISITA_SUCCESSIVA = "<= 30"
OBIETTIVO_HTML_CRUSCOTTO = "<= 30"

# (role's demo user or None for anonymous, [(label, path)]): the first page is the entry page.
PAGINE: list[tuple[str | None, list[tuple[str, str]]]] = [
    (None, [("accesso", "/accounts/login/"), ("numeri pubblici", "/contatori/")]),
    # The public face (issue #19): a visitor enters at the home and goes on to a region, the calendar, the works, the data.
    (None, [("home pubblica", "/"), ("regione pubblica", "/regioni/lombardia/"), ("calendario", "/eventi/calendario/"),
            ("opere pubbliche", "/opere/"), ("dati aperti", "/dati/")]),
    ("operatore-lombardia", [("home", "/"), ("tavoli", "/tavoli/"), ("opere", "/programma/opere/"), ("progetto", "/programma/")]),
    ("coordinatore", [("home", "/"), ("cruscotto", "/cruscotto/"), ("regione", "/cruscotto/regioni/lombardia/"), ("report", "/programma/report/")]),
    ("admin", [("home", "/"), ("importazioni", "/importazioni/"), ("eventi", "/eventi/")]),
]


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ambiente_produzione(database_url: str) -> dict[str, str]:
    from django.conf import settings

    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        # The sessions this process makes must be valid for the server.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def server_produzione(database_url: str) -> Iterator[str]:
    """collectstatic with the production storage, then gunicorn on a free port; yields its base URL."""
    env = _ambiente_produzione(database_url)
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    porta = _porta_libera()
    processo = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "programma.wsgi:application", "--bind", f"127.0.0.1:{porta}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{porta}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                if processo.poll() is not None:
                    raise SystemExit("gunicorn non è partito") from None
                time.sleep(0.2)
        yield base
    finally:
        processo.terminate()
        processo.wait(timeout=20)


def sessione(username: str) -> str | None:
    """A session cookie for a demo user, made in the shared database (no login form, no CSRF)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    utente = get_user_model().objects.filter(username=username).first()
    if utente is None:
        return None
    client = Client()
    client.force_login(utente)
    return client.cookies["sessionid"].value


class Misuratore:
    """Bytes received by one page of a browser context, through the Chrome DevTools protocol."""

    def __init__(self, context: object, page: object) -> None:
        self.page = page
        self.byte = 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finito)

    def _finito(self, evento: dict) -> None:
        self.byte += int(evento.get("encodedDataLength", 0))

    def carica(self, url: str) -> float:
        """Load `url` until the network is idle; KiB transferred for it."""
        self.byte = 0
        risposta = self.page.goto(url, wait_until="networkidle")
        if risposta is None or risposta.status != 200:
            raise SystemExit(f"{url}: risposta {risposta.status if risposta else 'assente'}")
        return round(self.byte / KIB, 1)


def _contesto(browser: object, base: str, cookie: str | None) -> tuple[object, Misuratore]:
    context = browser.new_context(base_url=base, locale="it-IT")
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, Misuratore(context, page)


def html_compresso(base: str, percorso: str, cookie: str | None) -> tuple[float, float]:
    """(KiB on the wire, KiB uncompressed) of one page's HTML, asked for as Chromium asks for it."""
    intestazioni = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    if cookie:
        intestazioni["Cookie"] = f"sessionid={cookie}"
    with urllib.request.urlopen(urllib.request.Request(base + percorso, headers=intestazioni), timeout=60) as risposta:
        corpo = risposta.read()
        codifica = risposta.headers.get("Content-Encoding", "")
    if codifica == "gzip":
        testo = gzip.decompress(corpo)
    elif codifica == "br":
        import brotli

        testo = brotli.decompress(corpo)
    else:
        testo = corpo
    return round(len(corpo) / KIB, 1), round(len(testo) / KIB, 1)


def misura(**_: object) -> list[Riga]:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("bench.pesi misura sul database PostgreSQL del benchmark.")
    database_url = os.environ["DATABASE_URL"]
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print(f"  Chromium non trovato in {chromium} (CHROMIUM_PATH): pesi non misurati")
        return []
    cookie = {username: sessione(username) for username, _ in PAGINE if username}

    righe: list[Riga] = []
    with server_produzione(database_url) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"], headless=True)
        try:
            for username, pagine in PAGINE:
                if username and cookie[username] is None:
                    print(f"  utente {username} assente: saltato")
                    continue
                chi = username or "anonimo"
                for etichetta, percorso in pagine:
                    context, misuratore = _contesto(browser, base, cookie.get(username or ""))
                    with contextlib.closing(context):
                        kib = misuratore.carica(percorso)
                    righe += stampa([(f"prima visita: {etichetta} — {chi}", kib, "KiB", OBIETTIVO_PRIMA_VISITA)])
                context, misuratore = _contesto(browser, base, cookie.get(username or ""))
                with contextlib.closing(context):
                    misuratore.carica(pagine[0][1])
                    for etichetta, percorso in pagine[1:]:
                        kib = misuratore.carica(percorso)
                        righe += stampa([(f"pagina successiva: {etichetta} — {chi}", kib, "KiB", OBIETTIVO_VISITA_SUCCESSIVA)])
        finally:
            browser.close()
        if cookie.get("coordinatore"):
            compresso, pieno = html_compresso(base, "/cruscotto/", cookie["coordinatore"])
            righe += stampa([
                ("HTML del cruscotto, trasferito", compresso, "KiB", OBIETTIVO_HTML_CRUSCOTTO),
                ("HTML del cruscotto, non compresso", pieno, "KiB", ""),
            ])
    return righe


def main() -> int:
    """Alone, on DATABASE_URL as it is (seed it first with `manage.py seed_demo`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programma.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Impostare DATABASE_URL (PostgreSQL, già popolato da seed_demo).")
    import django

    django.setup()
    print("== Peso delle pagine (KiB trasferiti)")
    misura()
    return 0


if __name__ == "__main__":
    sys.exit(main())
