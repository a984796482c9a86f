"""One way to open a Redis client outside the cache and Celery: with the project's short time-outs."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_redis(url: str | None = None) -> Any:
    """A redis-py client that fails within seconds on a dead or stuck server.

    redis-py's own default retries ten times with back-off; one retry is enough here, because every
    caller has a fallback (the lock is skipped, the health check reports the broker down).
    """
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(url or settings.REDIS_URL, retry=Retry(NoBackoff(), 1), **settings.REDIS_OPZIONI)


def url_postgres(database: dict[str, Any]) -> str:
    """A Django PostgreSQL DATABASES entry as a libpq URL (for pg_dump, pg_restore, a subprocess)."""
    from urllib.parse import quote

    credenziali = quote(database.get("USER") or "")
    if database.get("PASSWORD"):
        credenziali += ":" + quote(database["PASSWORD"])
    host = database.get("HOST") or "127.0.0.1"
    porta = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credenziali}{'@' if credenziali else ''}{host}{porta}/{database['NAME']}"
