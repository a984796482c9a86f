"""The map of Italy from the npm package @svg-maps/italy (CC BY 4.0): the regions' shapes.

The pages draw each region as an SVG `<use>` of the built static/build/italia.svg (cached by the
browser) and read only its ids and viewBox here (`forme`); the PDFs, which fetch nothing while
rendering, draw the shapes inline (`sagome`). Both come from the same build (frontend/build.mjs).
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

# The package names regions in English; our Regione.slug is Italian.
SVG_ID_A_SLUG = {
    "abruzzo": "abruzzo",
    "aosta-valley": "valle-daosta",
    "apulia": "puglia",
    "basilicata": "basilicata",
    "calabria": "calabria",
    "campania": "campania",
    "emilia-romagna": "emilia-romagna",
    "friuli-venezia-giulia": "friuli-venezia-giulia",
    "lazio": "lazio",
    "liguria": "liguria",
    "lombardy": "lombardia",
    "marche": "marche",
    "molise": "molise",
    "piedmont": "piemonte",
    "sardinia": "sardegna",
    "sicily": "sicilia",
    "trentino-south-tyrol": "trentino-alto-adige",
    "tuscany": "toscana",
    "umbria": "umbria",
    "veneto": "veneto",
}
CREDITO = "Mappa: @svg-maps/italy, licenza CC BY 4.0"


@lru_cache(maxsize=1)
def forme() -> dict[str, Any] | None:
    """{"viewBox", "regioni": [{"slug", "id"}]} read once from the package's ES module."""
    percorso = settings.NODE_MODULES / "@svg-maps" / "italy" / "index.js"
    try:
        testo = percorso.read_text(encoding="utf-8")
        dati = json.loads(testo.split("export default", 1)[1].strip().rstrip(";"))
    except (OSError, IndexError, ValueError):
        logger.warning("Mappa non disponibile: %s non leggibile (npm install?)", percorso)
        return None
    regioni = [{"slug": SVG_ID_A_SLUG[loc["id"]], "id": loc["id"]} for loc in dati["locations"] if loc["id"] in SVG_ID_A_SLUG]
    return {"viewBox": dati["viewBox"], "regioni": regioni}


def _file_mappa() -> Path | None:
    from django.contrib.staticfiles import finders

    trovato = finders.find("build/italia.svg")
    if trovato:
        return Path(trovato)
    raccolto = Path(settings.STATIC_ROOT) / "build" / "italia.svg"
    return raccolto if raccolto.exists() else None


@lru_cache(maxsize=1)
def sagome() -> dict[str, Any] | None:
    """{"viewBox", "regioni": {slug: path data}} from the built italia.svg (about 17 KB), read once."""
    percorso = _file_mappa()
    if percorso is None:
        logger.warning("Mappa non disponibile: build/italia.svg non trovato (npm run build?)")
        return None
    testo = percorso.read_text(encoding="utf-8")
    viewbox = re.search(r'viewBox="([^"]+)"', testo)
    regioni = {
        SVG_ID_A_SLUG[id_svg]: d for id_svg, d in re.findall(r'<path id="([^"]+)" d="([^"]+)"', testo) if id_svg in SVG_ID_A_SLUG
    }
    if viewbox is None or len(regioni) != len(SVG_ID_A_SLUG):
        logger.warning("Mappa non disponibile: %s non ha le 20 regioni", percorso)
        return None
    return {"viewBox": viewbox.group(1), "regioni": regioni}
