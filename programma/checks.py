"""System checks of the project's own setup."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage, Tags, Warning, register

# Written by `npm run build` (frontend/build.mjs), not committed: pages without them have no style.
FILE_COSTRUITI = (
    "build/bootstrap-italia.css",
    "build/pagine.js",
    "build/grafico.js",
    "build/avanzamento.js",
    "build/autocomplete.js",
    "build/autocomplete.css",
    "build/icone.svg",
)


@register(Tags.staticfiles)
def file_del_frontend(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    mancanti = [nome for nome in FILE_COSTRUITI if not finders.find(nome)]
    if not mancanti:
        return []
    return [
        Warning(
            f"Mancano i file del front-end: {', '.join(mancanti)}.",
            hint="Eseguire `make install` (oppure `npm run build`): vedi frontend/build.mjs.",
            id="programma.W001",
        )
    ]
