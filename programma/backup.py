"""Backup and restore of the database and the uploaded files, as one tar archive.

The archive holds `manifest.json`, the database (`database.dump`, pg_dump's custom format, on
PostgreSQL; `database.sqlite3`, a copy made with SQLite's online backup API, on the embedded
default) and the media folder under `media/`. Both copies are consistent while the site runs.

It holds password hashes, live sessions and second-factor secrets: only its owner reads it. The
archive is written with mode 0600 in a folder of mode 0700, and the database's password reaches
pg_dump and pg_restore through a password file of mode 0600 in a private temporary folder, never
on their command line (which `ps` shows to every user of the machine). Encrypting the archive at
rest is the operator's step (README, "Backups").
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

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


# Only the owner may read or enter: the archive, its folder, the password file.
SOLO_PROPRIETARIO_FILE = 0o600
SOLO_PROPRIETARIO_CARTELLA = 0o700


def _esegui(comando: list[str], ambiente: dict[str, str]) -> None:
    if shutil.which(comando[0]) is None:
        raise ErroreBackup(f"Comando {comando[0]} non trovato: installare il client di PostgreSQL.")
    esito = subprocess.run(comando, capture_output=True, text=True, env=ambiente)
    if esito.returncode != 0:
        raise ErroreBackup(f"{comando[0]} non riuscito: {esito.stderr.strip()[-2000:]}")


def _campo_passfile(valore: object) -> str:
    """A field of a libpq password file: ':' and '\\' escaped."""
    return str(valore).replace("\\", "\\\\").replace(":", "\\:")


@contextmanager
def ambiente_postgres(database: dict[str, Any]) -> Iterator[dict[str, str]]:
    """The environment pg_dump and pg_restore connect with: host, port, user and database as libpq
    variables, the password in a password file of mode 0600 in a temporary folder of mode 0700,
    removed afterwards. Nothing secret goes on the command line."""
    ambiente = dict(os.environ)
    ambiente.update(
        PGHOST=str(database.get("HOST") or "127.0.0.1"),
        PGDATABASE=str(database["NAME"]),
        PGCONNECT_TIMEOUT="10",
    )
    if database.get("PORT"):
        ambiente["PGPORT"] = str(database["PORT"])
    if database.get("USER"):
        ambiente["PGUSER"] = str(database["USER"])
    if sslmode := (database.get("OPTIONS") or {}).get("sslmode"):
        ambiente["PGSSLMODE"] = str(sslmode)
    with tempfile.TemporaryDirectory(prefix="programma-pg-") as privata:
        if database.get("PASSWORD"):
            passfile = Path(privata) / "pgpass"
            riga = ":".join(_campo_passfile(v) for v in ("*", "*", "*", database.get("USER") or "*", database["PASSWORD"]))
            descrittore = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SOLO_PROPRIETARIO_FILE)
            with os.fdopen(descrittore, "w") as f:
                f.write(riga + "\n")
            ambiente["PGPASSFILE"] = str(passfile)
            ambiente.pop("PGPASSWORD", None)  # it would win over the file
        yield ambiente


def cartella_riservata(cartella: Path) -> None:
    """Create the backups' folder with mode 0700, or tighten an existing one of ours to it; refuse a
    folder others may read that is not ours to tighten."""
    cartella.mkdir(mode=SOLO_PROPRIETARIO_CARTELLA, parents=True, exist_ok=True)
    stato = cartella.stat()
    if stato.st_mode & 0o077:
        if stato.st_uid != os.getuid():
            raise ErroreBackup(
                f"La cartella {cartella} è accessibile ad altri utenti e non è tua: "
                "scegli con --cartella una cartella riservata a chi fa il backup."
            )
        os.chmod(cartella, SOLO_PROPRIETARIO_CARTELLA)


def crea_backup(cartella: Path, *, database: dict[str, Any], media: Path) -> Path:
    """Write backups/programma-<timestamp>.tar and return its path."""
    motore = _motore(database)
    cartella_riservata(cartella)
    creato_il = timezone.now()
    destinazione = cartella / f"programma-{timezone.localtime(creato_il):%Y%m%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory() as tmp:  # mode 0700: the dump stays private until archived
        if motore == "postgresql":
            file_database = Path(tmp) / "database.dump"
            with ambiente_postgres(database) as ambiente:
                _esegui(["pg_dump", "--format=custom", "--no-owner", f"--file={file_database}"], ambiente)
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
        # Created 0600 from the start (not chmod-ed after): no moment in which another user may open it.
        descrittore = os.open(parziale, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, SOLO_PROPRIETARIO_FILE)
        os.fchmod(descrittore, SOLO_PROPRIETARIO_FILE)  # a leftover partial file keeps its old mode otherwise
        with os.fdopen(descrittore, "wb") as uscita, tarfile.open(fileobj=uscita, mode="w") as archivio:
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
            with ambiente_postgres(database) as ambiente:
                _esegui(
                    [
                        "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
                        "--single-transaction", f"--dbname={database['NAME']}", str(file_database),
                    ],
                    ambiente,
                )  # fmt: skip
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
