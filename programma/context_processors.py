"""The edition chosen in the header, on every staff page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from programma.selectors import edizione_scelta, edizioni_per_intestazione


def edizione(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never draw the header (JSON, files) pay nothing.
    return {
        "edizione_scelta": lambda: edizione_scelta(request),
        "edizioni_intestazione": lambda: edizioni_per_intestazione(request),
    }
