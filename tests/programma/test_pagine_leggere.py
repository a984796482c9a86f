"""Light pages: HTML compressed, static files precompressed (Brotli and gzip), only the JavaScript a
page uses (the subset built by frontend/build.mjs), Chart.js only where a chart is, fonts preloaded."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
BUNDLE_COMPLETO = "bootstrap-italia.bundle.min.js"
GRAFICO = "build/grafico.js"


def test_html_is_gzipped_for_a_browser_that_accepts_it(client_coordinatore):
    compresso = client_coordinatore.get(reverse("contatori:dashboard"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compresso.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compresso.headers["Vary"]
    testo = gzip.decompress(compresso.content).decode()
    assert 'data-testid="tabella-regioni"' in testo

    semplice = client_coordinatore.get(reverse("contatori:dashboard"))
    assert "Content-Encoding" not in semplice.headers
    assert semplice.content.decode().count("<tr") == testo.count("<tr")


def test_gzip_pads_with_random_bytes_against_breach(client, programma):
    """Django's GZipMiddleware mitigates BREACH with a random-length gzip file name: the same page
    (the public one, identical on every request) travels with varying compressed lengths."""
    risposte = [client.get(reverse("contatori:pubblico"), HTTP_ACCEPT_ENCODING="gzip").content for _ in range(8)]
    assert len({gzip.decompress(r) for r in risposte}) == 1
    assert all(r[3] & 0x08 for r in risposte)  # FLG.FNAME: the padding field is there
    assert len({len(r) for r in risposte}) > 1


def test_static_files_are_served_with_their_brotli_and_gzip_variants(settings, tmp_path):
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    # Our stylesheet and the woff2 fonts it points to: enough for the storage, and quick.
    fonts = tmp_path / "fonts"
    for woff2 in (django_settings.NODE_MODULES / "bootstrap-italia" / "dist" / "fonts").rglob("*.woff2"):
        (fonts / woff2.parent.name).mkdir(parents=True, exist_ok=True)
        (fonts / woff2.parent.name / woff2.name).symlink_to(woff2)
    settings.STATICFILES_DIRS = [("css", ROOT / "static" / "css"), ("vendor/bootstrap-italia/fonts", fonts)]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url("css/programma.css")
    assert re.search(r"/css/programma\.[0-9a-f]{12}\.css$", url)
    whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    for accetta, codifica in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)]:
        risposta = whitenoise(RequestFactory().get(url, HTTP_ACCEPT_ENCODING=accetta))
        assert risposta.status_code == 200
        assert risposta.headers.get("Content-Encoding") == codifica, accetta
        assert "immutable" in risposta.headers["Cache-Control"]
        risposta.close()


@pytest.mark.parametrize("nome", ["login", "tavoli:lista", "programma:opere", "contatori:pubblico"])
def test_pages_load_the_built_subset_not_the_full_bundle(client_operatore, nome):
    testo = client_operatore.get(reverse(nome)).content.decode()
    assert BUNDLE_COMPLETO not in testo
    assert "vendor/bootstrap-italia/css/bootstrap-italia.min.css" not in testo
    assert "build/pagine.js" in testo and "build/bootstrap-italia.css" in testo


@pytest.mark.parametrize(
    ("utente", "nome", "args", "grafico"),
    [
        ("coordinatore", "contatori:dashboard", [], True),
        ("coordinatore", "contatori:regione", ["lombardia"], True),
        ("anonimo", "contatori:pubblico", [], False),
        ("anonimo", "login", [], False),
        ("coordinatore", "home", [], False),
        ("coordinatore", "tavoli:lista", [], False),
        ("coordinatore", "programma:progetti", [], False),
    ],
)
def test_chart_js_is_loaded_only_where_a_chart_is(client, coordinatore, programma, utente, nome, args, grafico):
    if utente == "coordinatore":
        client.force_login(coordinatore)
    testo = client.get(reverse(nome, args=args)).content.decode()
    assert (f'<script src="/static/{GRAFICO}"' in testo) is grafico  # the home page may prefetch it
    assert ('id="grafico-serie"' in testo) is grafico
    assert "chart.umd" not in testo


def test_the_home_page_prefetches_what_its_counters_button_opens(client, coordinatore, operatore):
    client.force_login(coordinatore)
    testo = client.get(reverse("home")).content.decode()
    assert f'<link rel="prefetch" href="/static/{GRAFICO}">' in testo
    assert '<link rel="prefetch" href="/static/contatori/cruscotto.js">' in testo
    assert '<link rel="prefetch" href="/static/build/italia.svg">' in testo
    client.force_login(operatore)  # a region page: a chart, no map
    testo = client.get(reverse("home")).content.decode()
    assert f'<link rel="prefetch" href="/static/{GRAFICO}">' in testo
    assert '<link rel="prefetch" href="/static/contatori/cruscotto.js">' in testo
    assert "italia.svg" not in testo


def test_the_fonts_every_page_uses_are_preloaded(client):
    testo = client.get(reverse("login")).content.decode()
    precaricati = re.findall(r'<link rel="preload" href="/static/([^"]+)" as="font" type="font/woff2" crossorigin>', testo)
    assert {Path(p).name for p in precaricati} == {
        f"titillium-web-v10-latin-ext_latin-{peso}.woff2" for peso in ("regular", "600")
    }
    for percorso in precaricati:
        assert finders.find(percorso), percorso
    # The same files the stylesheet declares, or the preload would be a second download.
    css = (ROOT / "static" / "css" / "programma.css").read_text()
    for percorso in precaricati:
        assert f'url("../{percorso}")' in css
    # Bold is served by the semibold file (one download fewer on every first visit).
    assert "titillium-web-v10-latin-ext_latin-700.woff2" not in css
    assert "font-weight: 600 700;" in css


def test_every_icon_a_template_uses_is_in_the_built_sprite():
    usate = set()
    for template in (ROOT / "templates").rglob("*.html"):
        for href in re.findall(r'<use href="([^"]*)"', template.read_text()):
            if "icone.svg" in href or "sprites.svg" in href:
                assert "sprites.svg" not in href, f"{template}: usare build/icone.svg"
                usate |= set(re.findall(r"\bit-[a-z0-9-]+", href))
    assert usate
    elenco = re.search(r"const ICONE = \[([^\]]*)\]", (ROOT / "frontend" / "build.mjs").read_text()).group(1)
    assert usate <= set(re.findall(r'"(it-[a-z0-9-]+)"', elenco))
    sprite = ROOT / "static" / "build" / "icone.svg"
    if sprite.exists():
        testo = sprite.read_text()
        for icona in usate:
            assert f'id="{icona}"' in testo, icona


def test_templates_have_no_inline_script_style_or_event_handler():
    """The CSP forbids them; JSON data blocks (json_script) are not scripts and are allowed.
    templates/pdf/ is left out: WeasyPrint renders those into PDF files, never served as HTML."""
    for template in list((ROOT / "templates").rglob("*.html")):
        if "pdf" in template.relative_to(ROOT / "templates").parts[:1]:
            continue
        testo = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", testo), template
        assert not re.search(r"\sstyle=", testo), template
        assert not re.search(r"<style", testo), template
        assert not re.search(r"\son[a-z]+=", testo), template
