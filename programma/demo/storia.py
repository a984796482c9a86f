"""The demo's counter history: a daily snapshot for each of the past days, rising to today's values.

The recount writes one snapshot row per counter, scope and day, so a real installation grows its
history one day at a time; a fresh demo database has only today's. These rows stand in for the days
before: each counter of each region climbs from a share of today's value (drawn per counter and
region) to today's, along a curve of its own, so the charts and the changes "over the last 30 days"
have something to show. Additive counters (where today's national value is the sum of the regions)
add up nationally on every day too; the others (coverage, averages) get a national curve of their own.

Only days without any snapshot of the edition are written: running it again writes nothing, and a
day with a real recount is never touched. The number of rows depends on the days and the counters
(about 200,000 for a year), never on the scale; they go in with one prepared INSERT run over all of
them (COPY on PostgreSQL, `executemany` elsewhere), which is some ten times faster than building 200,000 model instances.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from contatori.models import Snapshot
from contatori.registry import PER_CHIAVE, Valori, calcola_tutti
from programma.demo.casuale import rng_di
from programma.models import Programma

GIORNI_STORIA = 365
CENTESIMO = Decimal("0.01")
UNITA = Decimal(1)


def _curva(chiave: str, ambito: object, giorni: int) -> list[float]:
    """Share of today's value on each of the `giorni` days before today, oldest first, rising to 1."""
    rng = rng_di("storia", chiave, ambito)
    partenza = rng.uniform(0.1, 0.55)  # how much of today's value was already there a year ago
    ritmo = rng.uniform(0.6, 1.8)  # below 1: most of the growth early; above 1: late
    return [partenza + (1 - partenza) * ((n + 1) / (giorni + 1)) ** ritmo for n in range(giorni)]


def _valori_del_passato(chiave: str, oggi: Valori, giorni: int) -> dict[int | None, list[Decimal]]:
    """Scope -> the counter's value on each past day, oldest first."""
    # Counts and amounts climb in whole steps; shares and averages keep their cents.
    passo = CENTESIMO if PER_CHIAVE[chiave].decimali else UNITA

    def serie(valore: Decimal, ambito: int | None) -> list[Decimal]:
        return [(valore * Decimal(quota)).quantize(passo, ROUND_HALF_UP) for quota in _curva(chiave, ambito, giorni)]

    regioni = {regione_id: valore for regione_id, valore in oggi.items() if regione_id is not None}
    storia = {regione_id: serie(valore, regione_id) for regione_id, valore in regioni.items()}
    nazionale = oggi.get(None, Decimal(0))
    if regioni and abs(sum(regioni.values(), Decimal(0)) - nazionale) < CENTESIMO:
        storia[None] = [sum((s[n] for s in storia.values()), Decimal(0)) for n in range(giorni)]
    else:
        storia[None] = serie(nazionale, None)
    return storia


@transaction.atomic
def crea_storia_contatori(*, programma: Programma, oggi: dt.date, giorni: int = GIORNI_STORIA) -> int:
    """Snapshot rows for the past `giorni` days (not before the edition's start) that have none; returns
    how many rows it wrote."""
    primo = max(oggi - dt.timedelta(days=giorni), programma.data_inizio)
    passati = (oggi - primo).days
    if passati <= 0:
        return 0
    presenti = set(
        Snapshot.objects.filter(programma=programma, giorno__gte=primo, giorno__lt=oggi).values_list("giorno", flat=True).distinct()
    )
    mancanti = [n for n in range(passati) if primo + dt.timedelta(days=n) not in presenti]
    if not mancanti:
        return 0
    # Today's values, as the recount computes them: the end every curve rises to.
    attuali = calcola_tutti(programma)
    ops, fuso = connection.ops, timezone.get_current_timezone()
    # Each day's date and time as the database driver takes them (what the ORM would send).
    giorni_db = {
        n: (
            ops.adapt_datefield_value(primo + dt.timedelta(days=n)),
            ops.adapt_datetimefield_value(dt.datetime.combine(primo + dt.timedelta(days=n), dt.time(23, 50), tzinfo=fuso)),
        )
        for n in mancanti
    }
    storia = {chiave: _valori_del_passato(chiave, valori, passati) for chiave, valori in attuali.items()}
    # In the order of the unique index (edition, day, counter, region): each insertion lands at the
    # end of the index instead of at a random place in it, several times faster on SQLite.
    righe = [
        (chiave, regione_id, programma.pk, *giorni_db[n], serie[n])
        for n in mancanti
        for chiave in sorted(storia)
        for regione_id, serie in storia[chiave].items()
    ]
    tabella = Snapshot._meta
    colonne = [tabella.get_field(nome).column for nome in ("contatore", "regione", "programma", "giorno", "calcolato_il", "valore")]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(tabella.db_table), ", ".join(ops.quote_name(c) for c in colonne), ", ".join(["%s"] * len(colonne))
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of 200,000 round trips (28 s of executemany on PostgreSQL, ~1 s).
            copia_sql = "COPY {} ({}) FROM STDIN".format(
                ops.quote_name(tabella.db_table), ", ".join(ops.quote_name(c) for c in colonne)
            )
            with cursor.cursor.copy(copia_sql) as copia:
                for riga in righe:
                    copia.write_row(riga)
        else:
            cursor.executemany(sql, righe)
    return len(righe)
