"""`make backup` / `make restore`: an archive restored into a fresh database holds the same
records, counters and uploaded files (SQLite always; PostgreSQL with pg_dump/pg_restore in CI)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from contatori.models import Snapshot
from contatori.services import ricalcola
from programma.backup import ripristina_backup
from programma.connections import url_postgres
from tavoli.models import TavoloConfronto
from tests import factories
from tests.conftest import manca_servizio

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _righe(database: dict[str, Any], sql: str) -> set[tuple]:
    """Rows read outside Django, so the original and the restored copy are read the same way."""
    if database["ENGINE"].endswith("sqlite3"):
        nome = str(database["NAME"])
        with sqlite3.connect(nome, uri=nome.startswith("file:")) as db:
            return {tuple(str(v) for v in riga) for riga in db.execute(sql)}
    import psycopg

    with psycopg.connect(url_postgres(database)) as db:
        return {tuple(str(v) for v in riga) for riga in db.execute(sql)}


@pytest.fixture
def database_nuovo(tmp_path) -> Any:
    """An empty database beside the test one, dropped at the end."""
    originale = settings.DATABASES["default"]
    if originale["ENGINE"].endswith("sqlite3"):
        yield {**originale, "NAME": str(tmp_path / "ripristino.sqlite3")}
        return
    import shutil

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        manca_servizio("pg_dump/pg_restore non trovati: il test del backup su PostgreSQL è saltato.")
    nuovo = {**originale, "NAME": f"{originale['NAME']}_ripristino"}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nuovo["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{nuovo["NAME"]}"')
    yield nuovo
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nuovo["NAME"]}" WITH (FORCE)')


def _dati() -> None:
    progetto = factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo con verbale", verbale=ContentFile(PDF, name="verbale.pdf"))
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo senza verbale")
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto)
    ricalcola(origine="test")


TAVOLI = f"SELECT titolo, stato, verbale FROM {TavoloConfronto._meta.db_table}"
CONTATORI = f"SELECT contatore, regione_id, valore, giorno FROM {Snapshot._meta.db_table}"


def test_a_backup_restored_into_a_fresh_database_has_the_same_records_and_counters(tmp_path, database_nuovo):
    _dati()
    call_command("backup", cartella=str(tmp_path / "backups"))
    (archivio,) = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"programma-\d{8}-\d{6}\.tar", archivio.name)
    originale = settings.DATABASES["default"]

    media = tmp_path / "media-ripristinati"
    ripristina_backup(archivio, database=database_nuovo, media=media)

    assert len(_righe(database_nuovo, TAVOLI)) == 2
    assert _righe(database_nuovo, TAVOLI) == _righe(originale, TAVOLI)
    assert _righe(database_nuovo, CONTATORI) == _righe(originale, CONTATORI)
    assert len(_righe(database_nuovo, CONTATORI)) == Snapshot.objects.count() > 0
    verbale = TavoloConfronto.objects.get(titolo="Tavolo con verbale").verbale.name
    assert (media / verbale).read_bytes() == PDF


def test_restore_puts_back_what_was_deleted_after_the_backup(tmp_path, capsys):
    _dati()
    call_command("backup", cartella=str(tmp_path / "backups"))
    (archivio,) = (tmp_path / "backups").iterdir()
    TavoloConfronto.objects.filter(titolo="Tavolo senza verbale").delete()
    Snapshot.objects.all().delete()

    call_command("restore", str(archivio), interactive=False)
    assert "ripristinato" in capsys.readouterr().out
    assert TavoloConfronto.objects.filter(titolo="Tavolo senza verbale").count() == 1
    assert Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).get().valore == 2


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    _dati()
    falso = tmp_path / "falso.tar"
    falso.write_bytes(b"non sono un archivio")
    with pytest.raises(CommandError, match="non è un backup leggibile"):
        call_command("restore", str(falso), interactive=False)
    assert TavoloConfronto.objects.count() == 2
