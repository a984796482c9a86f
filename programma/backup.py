"""Backup and restore of the database and the uploaded files, as one tar archive.

The archive holds `manifest.json`, the database (`database.dump`, pg_dump's custom format, on
PostgreSQL; `database.sqlite3`, a copy made with SQLite's online backup API, on the embedded
default) and the media folder under `media/`. Both copies are consistent while the site runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

from programma.connections import url_postgres

FORMATO = 1
MANIFESTO = "manifest.json"


class ErroreBackup(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Italian)."""


@dataclass(frozen=True)
class Manifesto:
    formato: int
    creato_il: str
    motore: str  # "postgresql" or "sqlite"
    file_database: str


def _motore(database: dict[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise ErroreBackup(f"Database non supportato per il backup: {engine}")


def _sqlite(nome: str | Path) -> sqlite3.Connection:
    nome = str(nome)
    return sqlite3.connect(nome, uri=nome.startswith("file:"))


def _esegui(comando: list[str]) -> None:
    if shutil.which(comando[0]) is None:
        raise ErroreBackup(f"Comando {comando[0]} non trovato: installare il client di PostgreSQL.")
    esito = subprocess.run(comando, capture_output=True, text=True)
    if esito.returncode != 0:
        raise ErroreBackup(f"{comando[0]} non riuscito: {esito.stderr.strip()[-2000:]}")


def crea_backup(cartella: Path, *, database: dict[str, Any], media: Path) -> Path:
    """Write backups/programma-<timestamp>.tar and return its path."""
    motore = _motore(database)
    cartella.mkdir(parents=True, exist_ok=True)
    creato_il = timezone.now()
    destinazione = cartella / f"programma-{timezone.localtime(creato_il):%Y%m%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory() as tmp:
        if motore == "postgresql":
            file_database = Path(tmp) / "database.dump"
            _esegui(["pg_dump", "--format=custom", "--no-owner", f"--file={file_database}", f"--dbname={url_postgres(database)}"])
        else:
            if not str(database["NAME"]).startswith("file:") and not Path(database["NAME"]).is_file():
                raise ErroreBackup(f"Il database {database['NAME']} non esiste: nulla da salvare.")
            file_database = Path(tmp) / "database.sqlite3"
            sorgente, copia = _sqlite(database["NAME"]), sqlite3.connect(file_database)
            try:
                sorgente.backup(copia)  # a consistent copy even while the site writes
            finally:
                copia.close()
                sorgente.close()
        manifesto = Manifesto(formato=FORMATO, creato_il=creato_il.isoformat(), motore=motore, file_database=file_database.name)
        (Path(tmp) / MANIFESTO).write_text(json.dumps(manifesto.__dict__, indent=2))
        parziale = destinazione.with_suffix(".tar.parziale")
        with tarfile.open(parziale, "w") as archivio:
            archivio.add(Path(tmp) / MANIFESTO, arcname=MANIFESTO)
            archivio.add(file_database, arcname=file_database.name)
            if media.is_dir():
                archivio.add(media, arcname="media")
        parziale.rename(destinazione)  # a backup file is whole or absent
    return destinazione


def leggi_manifesto(file: Path) -> Manifesto:
    try:
        with tarfile.open(file) as archivio:
            membro = archivio.extractfile(MANIFESTO)
            dati = json.loads(membro.read()) if membro else None
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise ErroreBackup(f"{file} non è un backup leggibile ({exc}).") from exc
    if not dati or dati.get("formato") != FORMATO:
        raise ErroreBackup(f"{file}: formato di backup sconosciuto.")
    return Manifesto(**dati)


def ripristina_backup(file: Path, *, database: dict[str, Any], media: Path) -> Manifesto:
    """Replace the database's content and add the archive's files to the media folder."""
    manifesto = leggi_manifesto(file)
    motore = _motore(database)
    if motore != manifesto.motore:
        raise ErroreBackup(f"Il backup è di un database {manifesto.motore}, la destinazione è {motore}.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(file) as archivio:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archivio.extractall(tmp, filter="data")
        file_database = Path(tmp) / manifesto.file_database
        # Django's own connections to the target would hold locks or stale caches.
        for alias in connections:
            if connections[alias].settings_dict.get("NAME") == database.get("NAME"):
                connections[alias].close()
        if motore == "postgresql":
            # One transaction: a restore that fails leaves the database as it was.
            _esegui([
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
                "--single-transaction", f"--dbname={url_postgres(database)}", str(file_database),
            ])
        else:
            sorgente, destinazione = sqlite3.connect(file_database), _sqlite(database["NAME"])
            try:
                sorgente.backup(destinazione)
            finally:
                destinazione.close()
                sorgente.close()
        if (Path(tmp) / "media").is_dir():
            shutil.copytree(Path(tmp) / "media", media, dirs_exist_ok=True)
    return manifesto
