"""Counter snapshots and recount runs (see contatori/registry.py)."""

from django.db import models  # noqa: F401
