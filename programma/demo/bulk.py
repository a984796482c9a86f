"""Bulk reads and writes keyed by the demo rows' natural keys."""

from __future__ import annotations

from django.db import models

BATCH = 2000


def esistenti(modello: type[models.Model], progetti: list[int]) -> dict[tuple[int, str], int]:
    """Primary keys of the rows of `modello` in these projects, by (project, title): their natural key."""
    return {
        (progetto_id, titolo): pk
        for pk, progetto_id, titolo in modello.objects.filter(progetto_id__in=progetti).values_list("pk", "progetto_id", "titolo")
    }


def crea(modello: type[models.Model], righe: list) -> None:
    modello.objects.bulk_create(righe, batch_size=BATCH)
