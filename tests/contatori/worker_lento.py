"""A Celery worker whose recount stops between deleting and rewriting the day's snapshot rows.

Started by tests/contatori/test_guasti.py, which kills it there with SIGKILL: the moment a
recount is most exposed (the old rows deleted, the new ones not yet written, all uncommitted).
The file named by $SEGNALE_RICALCOLO is written when the worker reaches that point.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programma.settings")
django.setup()

from contatori.models import Snapshot  # noqa: E402 - after django.setup()
from programma.celery import app  # noqa: E402

_scrivi = Snapshot.objects.bulk_create


def _fermo_a_meta(*args: Any, **kwargs: Any) -> Any:
    Path(os.environ["SEGNALE_RICALCOLO"]).write_text(str(os.getpid()))
    time.sleep(600)
    return _scrivi(*args, **kwargs)


Snapshot.objects.bulk_create = _fermo_a_meta  # type: ignore[method-assign]

if __name__ == "__main__":
    app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"])
