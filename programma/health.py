"""Pieces of /healthz: the state of the broker and the age of the counters."""

from typing import Any

from django.conf import settings


def stato_broker() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"stato": "eager", "dettaglio": "REDIS_URL non impostata: i task girano nel processo web."}
    from programma.connections import client_redis

    try:
        client_redis().ping()
        return {"stato": "ok"}
    except Exception as exc:  # noqa: BLE001 - any failure means the broker is unreachable
        return {"stato": "errore", "dettaglio": type(exc).__name__}


def stato_contatori() -> dict[str, Any]:
    from contatori.selectors import stato_per_healthz

    return stato_per_healthz()
