"""Seeded randomness: every demo row draws from a generator of its own, seeded with the row's key,
so that row n is the same whatever the scale and whatever other rows exist."""

from __future__ import annotations

import datetime as dt
import random

from tavoli.models import StatoAttivita

SEME_DEMO = 2025


def rng_di(*chiave: object) -> random.Random:
    """A generator of its own for one demo row: the row is the same whatever the scale."""
    return random.Random("|".join(str(parte) for parte in (SEME_DEMO, *chiave)))


def scegli_pesato(rng: random.Random, voci: list[tuple]) -> tuple:
    return rng.choices(voci, weights=[voce[1] for voce in voci])[0]


def data_tra(rng: random.Random, inizio: dt.date, fine: dt.date) -> dt.date:
    return inizio + dt.timedelta(days=rng.randint(0, max(0, (fine - inizio).days)))


def stato_per_data(rng: random.Random, data: dt.date, oggi: dt.date) -> str:
    if rng.random() < 0.06:
        return StatoAttivita.ANNULLATO
    return StatoAttivita.SVOLTO if data < oggi else StatoAttivita.PIANIFICATO
