"""The map of Italy from the npm package @svg-maps/italy (CC BY 4.0).

Pages draw each region as an SVG `<use>` of the package's italy.svg (a static file, cached by the
browser), coloured per counter; only the region ids and the viewBox are read here.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
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
# Light to dark blue (Bootstrap Italia primary); the first is "zero".
SCALA = ["#e6eef7", "#b3d1f0", "#80b3e6", "#4d94db", "#0066cc", "#004c99"]


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


def classe(quota: float) -> int:
    """The scale's step (an index of SCALA) for a share 0..1 (of the highest region, or of the
    target); 0, the lightest, only for zero."""
    if quota <= 0:
        return 0
    return 1 + min(len(SCALA) - 2, int(quota * (len(SCALA) - 1)))


def colore(quota: float) -> str:
    return SCALA[classe(quota)]
