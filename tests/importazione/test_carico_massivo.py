"""The bulk-load path of the import on PostgreSQL (writing.vincoli_sospesi): foreign keys (also those
of other tables referring to the works), primary keys, unique constraints and secondary indexes are
dropped for the load and put back, all inside the import's transaction. What it proves: the schema
is exactly as before, after a success and after a failure, and the data written is the same as on
the row-checked path."""

import pytest
from django.db import connection

from programma.importazione import writing
from programma.importazione.services import importa_opere
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = [pytest.mark.django_db]

TABELLE = [OperaPrioritaria._meta.db_table, OperaPrioritaria.province.through._meta.db_table]


@pytest.fixture(autouse=True)
def solo_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("il caricamento massivo sospende vincoli e indici solo su PostgreSQL")


@pytest.fixture
def sempre_massivo(monkeypatch):
    """Every import takes the bulk path (normally from 20,000 new rows, more than the table holds)."""
    monkeypatch.setattr(writing, "SOGLIA_CARICO_MASSIVO", 1)


def schema() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            # The constraints of both tables and those of other tables that refer to them.
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]) "
            "UNION ALL SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [TABELLE, TABELLE, TABELLE],
        )
        return set(cursor.fetchall())


def test_it_puts_back_every_constraint_and_index(sempre_massivo):
    prima = schema()
    esito = importa_opere(csv_bytes([riga(f"OP-{i}", province="MI BG") for i in range(50)]), nome_file="opere.csv")
    assert esito.scritto and esito.create == 50
    assert schema() == prima
    assert OperaPrioritaria.province.through.objects.filter(operaprioritaria__codice__startswith="OP-").count() == 100
    assert sorted(OperaPrioritaria.objects.get(codice="OP-7").province.values_list("sigla", flat=True)) == ["BG", "MI"]


def test_a_failed_load_writes_nothing_and_keeps_the_schema(sempre_massivo, monkeypatch):
    prima = schema()

    def guasto(*args, **kwargs):
        raise RuntimeError("guasto durante il caricamento")

    monkeypatch.setattr(writing, "_copia_collegamenti", guasto)
    with pytest.raises(RuntimeError):
        importa_opere(csv_bytes([riga(f"OP-{i}") for i in range(5)]), nome_file="opere.csv")
    assert not OperaPrioritaria.objects.filter(codice__startswith="OP-").exists()
    assert schema() == prima


@pytest.mark.parametrize("stimate", [0, 15, 1_000_000])
def test_the_three_ways_of_reading_the_current_works_classify_alike(monkeypatch, stimate):
    """Against the table's size estimate the classification reads the whole table (much smaller than
    the file), only its codici (smaller), or the rows of the file's codici (larger): new, changed and
    unchanged rows come out the same whichever it takes."""
    importa_opere(csv_bytes([riga(f"OP-{i}") for i in range(10)]), nome_file="prima.csv")
    monkeypatch.setattr(writing, "_righe_stimate", lambda cursor, tabella: stimate)
    righe = [riga(f"OP-{i}") for i in range(5)]  # unchanged
    righe += [riga(f"OP-{i}", titolo=f"Nuovo titolo {i}") for i in range(5, 8)]  # changed
    righe += [riga(f"NUOVA-{i}") for i in range(12)]  # new
    esito = importa_opere(csv_bytes(righe), nome_file="seconda.csv")
    assert (esito.create, esito.aggiornate, esito.invariate) == (12, 3, 5)
    assert OperaPrioritaria.objects.get(codice="OP-6").titolo == "Nuovo titolo 6"
    assert OperaPrioritaria.objects.count() == 22
