"""The pages' cache fails open: when Redis does not answer, a read is a miss and a write is skipped.

Cached counter pages are an optimisation, never a dependency: with Redis down they are computed
again on every request instead of answering 500 (the recount's own use of Redis is guarded in
contatori.services).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RedisTollerante(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            logger.warning("Cache non raggiungibile: lettura saltata", exc_info=True)
            return default

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            logger.warning("Cache non raggiungibile: scrittura saltata", exc_info=True)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            logger.warning("Cache non raggiungibile: scrittura saltata", exc_info=True)
            return False
