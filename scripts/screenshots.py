"""The README's screenshots: `make screenshots` (or `python scripts/screenshots.py`).

Seeds the demo data into a temporary SQLite database, serves it as in production (gunicorn, static
files collected: bench.pesi.server_produzione), and takes PNGs of the main pages with Playwright and
Chromium (CHROMIUM_PATH, default /usr/bin/chromium) into docs/screenshots/, 1280x800 each. Nothing
here runs in the application; the temporary database and media files are deleted at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USCITA = ROOT / "docs" / "screenshots"
FINESTRA = {"width": 1280, "height": 800}
PESO_MASSIMO = 300 * 1024  # bytes: a screenshot heavier than this is saved as a 256-colour PNG

# (file, demo user or None for anonymous, path, what to do before the shot: a CSS selector to scroll
# to the top of the window, and labels to click).
PAGINE: list[tuple[str, str | None, str, str | None, tuple[str, ...]]] = [
    ("cruscotto.png", "coordinatore", "/cruscotto/", None, ()),
    ("cruscotto-andamento.png", "coordinatore", "/cruscotto/", "#mappa-e-andamento", ("label[for=periodo-365]",)),
    ("cruscotto-confronto.png", "coordinatore", "/cruscotto/?confronto=partecipanti_tavoli", "#confronto", ("label[for=periodo-365]",)),
    ("cruscotto-regioni.png", "coordinatore", "/cruscotto/", "#contatori-per-regione", ()),
    ("tavoli.png", "coordinatore", "/tavoli/?stato=svolto", None, ()),
    ("tavolo-nuovo.png", "operatore-lombardia", "/tavoli/nuovo/", None, ()),
    ("pubblico.png", None, "/contatori/", None, ()),
    ("home-pubblica.png", None, "/", None, ()),
    ("regione-pubblica.png", None, "/regioni/lombardia/", None, ()),
    ("calendario.png", None, "/eventi/calendario/", None, ()),
]


def _prepara(cartella: Path) -> None:
    """Environment, database and demo data, in this process (Django set up once)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{cartella / 'db.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(cartella / "media")
    os.environ["DJANGO_DEBUG"] = "true"  # seed_demo refuses to run otherwise; the server runs without it
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programma.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))


def _scatta(base: str) -> list[tuple[str, int]]:
    from playwright.sync_api import sync_playwright

    from bench.pesi import sessione
    from tests.conftest import CHROMIUM_ARGS

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    # Sessions made in the database before Playwright starts (Django refuses queries inside its event loop).
    cookie = {utente: sessione(utente) for _, utente, *_ in PAGINE if utente}
    scattate = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        for nome, utente, percorso, ancora, clic in PAGINE:
            context = browser.new_context(base_url=base, locale="it-IT", viewport=FINESTRA)
            if utente:
                context.add_cookies([{"name": "sessionid", "value": cookie[utente], "url": base}])
            page = context.new_page()
            page.goto(percorso, wait_until="networkidle")
            for selettore in clic:
                page.locator(selettore).click()
            if ancora:
                page.locator(ancora).evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16)")
            page.wait_for_timeout(300)  # the charts' redraw after a click
            percorso_png = USCITA / nome
            page.screenshot(path=str(percorso_png))
            scattate.append((nome, _alleggerisci(percorso_png)))
            context.close()
        browser.close()
    return scattate


def _alleggerisci(png: Path) -> int:
    """Keep a screenshot under PESO_MASSIMO: re-encoded with 256 colours when it is heavier."""
    if png.stat().st_size > PESO_MASSIMO:
        from PIL import Image

        with Image.open(png) as immagine:
            immagine.convert("RGB").quantize(colors=256).save(png, optimize=True)
    return png.stat().st_size


def main() -> int:
    inizio = time.perf_counter()
    USCITA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temporanea:
        cartella = Path(temporanea)
        print(f"Dati dimostrativi in {cartella} …", flush=True)
        _prepara(cartella)
        from bench.pesi import server_produzione

        with server_produzione(os.environ["DATABASE_URL"]) as base:
            for nome, peso in _scatta(base):
                print(f"  docs/screenshots/{nome}: {peso / 1024:.0f} KiB")
    print(f"Fatto in {time.perf_counter() - inizio:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
