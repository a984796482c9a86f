"""Data migrations under test: the database moved to a migration and back, with the models as they were there."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migra(destinazione: list[tuple[str, str]] | None) -> Apps:
    """Migrate the test database to `destinazione` (None: the latest migrations) and return its models."""
    executor = MigrationExecutor(connection)
    destinazione = destinazione or executor.loader.graph.leaf_nodes()
    executor.migrate(destinazione)
    return executor.loader.project_state(destinazione).apps
