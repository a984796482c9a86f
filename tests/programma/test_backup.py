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


# --- only its owner reads it (issue #21) ---------------------------------------------------------
# The archive holds password hashes, live sessions and second-factor secrets.


def test_the_archive_is_mode_0600_in_a_folder_of_mode_0700(tmp_path):
    _dati()
    cartella = tmp_path / "backups"
    cartella.mkdir(mode=0o755)
    cartella.chmod(0o755)  # a folder made before the rule, readable by everyone: tightened
    call_command("backup", cartella=str(cartella))
    (archivio,) = cartella.iterdir()
    assert oct(archivio.stat().st_mode & 0o777) == "0o600"
    assert oct(cartella.stat().st_mode & 0o777) == "0o700"


def test_a_folder_others_may_read_that_is_not_ours_is_refused(tmp_path, monkeypatch):
    import os

    from programma import backup

    _dati()
    cartella = tmp_path / "condivisa"
    cartella.mkdir()
    cartella.chmod(0o755)
    altro = os.getuid() + 1
    monkeypatch.setattr(backup.os, "getuid", lambda: altro)  # as if the folder were someone else's
    with pytest.raises(CommandError, match="accessibile ad altri utenti e non è tua"):
        call_command("backup", cartella=str(cartella))
    assert list(cartella.iterdir()) == []


def test_the_database_password_never_reaches_pg_dumps_command_line(tmp_path, monkeypatch):
    """`ps` shows every process's arguments to every user: the password goes in a 0600 file."""
    import subprocess

    from programma import backup

    database = {
        "ENGINE": "django.db.backends.postgresql", "NAME": "programma", "USER": "programma",
        "PASSWORD": "segreta:con\\caratteri", "HOST": "db.interno", "PORT": "5433",
    }  # fmt: skip
    visti: list[dict[str, Any]] = []

    def pg_dump_finto(comando, **opzioni):
        ambiente = opzioni["env"]
        passfile = Path(ambiente["PGPASSFILE"])
        visti.append({"comando": comando, "ambiente": ambiente, "modo": passfile.stat().st_mode & 0o777, "righe": passfile.read_text()})
        file = next(a for a in comando if a.startswith("--file=")).removeprefix("--file=")
        Path(file).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(comando, 0, "", "")

    monkeypatch.setattr(backup.shutil, "which", lambda nome: f"/usr/bin/{nome}")
    monkeypatch.setattr(backup.subprocess, "run", pg_dump_finto)
    monkeypatch.setenv("PGPASSWORD", "una-vecchia-password")  # would win over the file: not passed on
    archivio = backup.crea_backup(tmp_path / "backups", database=database, media=tmp_path / "media")

    (chiamata,) = visti
    assert not any("segreta" in argomento or "db.interno" in argomento for argomento in chiamata["comando"])
    assert chiamata["modo"] == 0o600 and chiamata["righe"] == "*:*:*:programma:segreta\\:con\\\\caratteri\n"
    ambiente = chiamata["ambiente"]
    assert (ambiente["PGHOST"], ambiente["PGPORT"], ambiente["PGUSER"], ambiente["PGDATABASE"]) == ("db.interno", "5433", "programma", "programma")
    assert "PGPASSWORD" not in ambiente
    assert not Path(ambiente["PGPASSFILE"]).exists()  # removed once pg_dump is done
    assert archivio.stat().st_mode & 0o777 == 0o600
