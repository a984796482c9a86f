"""Benchmark of the import of works (issues 5 and 12), end to end, against a plain COPY of the same file.

One 200,000-row CSV as Italian Excel writes it (Windows-1252, `;`, '1.234,56', '31/12/2027', 'SÌ') is
written to a temporary file; then, in the same run, three rounds of the two below, alternated, each
after a CHECKPOINT and with autovacuum idle (`_quieta`), compared by their medians:

- `psql \\copy` of that file into an unindexed table of text columns: the floor, what PostgreSQL
  needs just to take the bytes in;
- `python manage.py import_opere FILE` in its own process: reading, checking, writing, the history
  row, all of it (the recount it queues goes to the broker, as in production, and is dropped here).

`misura()` returns (descrizione, valore, unità, obiettivo) tuples for the bench harness: rows per
second, both times, their ratio (target ≤ 10×, stretch ≤ 6×), and the time to refuse the same file
with one bad row (nothing written, the row named).
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import DatabaseError, connection

N_RIGHE = 200_000
# Rounds of (psql \\copy, import_opere), alternated; the medians are compared. One round of a
# 0.3 s COPY is at the mercy of whatever else the machine does in that second.
GIRI = 3
PREFISSO = "BENCH-IMP-"
RIGA_ERRATA = 173_457
NOME_FILE = "bench-opere.csv"  # as Excel shows it (header = 1)

MODALITA = ["Stradale", "FERROVIARIA", "ferroviaria", "Portuale", "Interportuale/logistica", "Aeroportuale", "ciclabile", "Digitale"]
STATI = ["Proposta", "In progettazione", "IN ESECUZIONE", "in affidamento", "Completata", ""]
SEMAFORI = ["Verde", "GIALLO", "rosso", ""]
BOOLEANI = ["SÌ", "sì", "no", "", "x", "NO"]


def genera_righe(n: int = N_RIGHE, seme: int = 5) -> list[list[str]]:
    """Valid works as Italian Excel writes them: capitals, '1.234,56', '31/12/2027', 'SÌ'."""
    from regioni.models import Provincia, Regione

    caso = random.Random(seme)
    regioni = list(Regione.objects.order_by("codice_istat"))
    sigle: dict[int, list[str]] = {}
    for sigla, regione_id in Provincia.objects.values_list("sigla", "regione_id"):
        sigle.setdefault(regione_id, []).append(sigla)
    righe = []
    for i in range(n):
        regione = regioni[i % len(regioni)]
        nome = regione.nome.upper() if i % 3 else (regione.codice_istat if i % 2 else regione.nome)
        province = caso.sample(sigle[regione.pk], min(len(sigle[regione.pk]), 1 + i % 2))
        costo = caso.randint(10_000, 900_000_000_00)
        intero, cent = divmod(costo, 100)
        righe.append(
            [
                f"{PREFISSO}{i:06d}",
                f"J{i % 90 + 10}B{i % 10}{i:010d}" if i % 4 else "",
                f"Opera prioritaria di prova numero {i} — {regione.nome_breve}",
                "Collegamento strategico per il territorio; intervento di adeguamento." if i % 5 == 0 else "",
                MODALITA[i % len(MODALITA)],
                str(1 + i % 3),
                STATI[i % len(STATI)],
                SEMAFORI[i % len(SEMAFORI)],
                f"{intero:,}".replace(",", ".") + f",{cent:02d}",
                BOOLEANI[i % len(BOOLEANI)],
                BOOLEANI[(i // 7) % len(BOOLEANI)],
                "Fondi regionali" if i % 2 else "",
                nome,
                "|".join(province),
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2026 + i % 8}",
            ]
        )
    return righe


def colonne_file() -> tuple[str, ...]:
    """The 15 columns the generated file has: the format's, without the optional edition, project
    and tavolo (a file as a region sends it; the works go to the active edition)."""
    from programma.importazione.fileformat import COLONNE

    return COLONNE[: COLONNE.index("data_completamento_prevista") + 1]


def csv_italiano(righe: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(colonne_file())
    writer.writerows(righe)
    return buffer.getvalue().encode("cp1252")


def _pulisci() -> None:
    from programma.importazione.models import Importazione
    from programma.models import OperaPrioritaria

    tabella = OperaPrioritaria._meta.db_table
    through = OperaPrioritaria.province.through._meta.db_table
    with connection.cursor() as cursor:
        # Raw deletes: the generated works have no history and no links but their provinces.
        cursor.execute(
            f"DELETE FROM {through} WHERE operaprioritaria_id IN (SELECT id FROM {tabella} WHERE codice LIKE %s)",
            [PREFISSO + "%"],
        )
        cursor.execute(f"DELETE FROM {tabella} WHERE codice LIKE %s", [PREFISSO + "%"])
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # Each run leaves 100,000 dead rows; without autovacuum they would slow every later run.
            cursor.execute(f"VACUUM ANALYZE {tabella}, {through}")
    Importazione.objects.filter(origine="bench").delete()
    Importazione.objects.filter(origine="comando", nome_file=NOME_FILE).delete()


CARTELLA_PROGETTO = Path(__file__).resolve().parent.parent


def _url_database() -> str:
    # Set by bench/__main__.py from BENCH_DATABASE_URL before Django starts.
    url = os.environ.get("DATABASE_URL", "")
    assert url.startswith("postgres"), "il confronto con psql \\copy richiede PostgreSQL"
    return url


def _psql_copy(percorso: Path) -> float:
    """`psql \\copy` of the file into a bare table (text columns, no index, no constraint; logged
    like the works table, so both pay for the write-ahead log), timed end to end like the command."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copia_opere")
        cursor.execute(f"CREATE TABLE bench_copia_opere ({', '.join(f'{c} text' for c in colonne_file())})")
    comando = f"\\copy bench_copia_opere FROM '{percorso}' WITH (FORMAT csv, HEADER true, DELIMITER ';', ENCODING 'WIN1252')"
    inizio = time.perf_counter()
    subprocess.run(["psql", _url_database(), "-v", "ON_ERROR_STOP=1", "-q", "-c", comando], check=True)
    durata = time.perf_counter() - inizio
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copia_opere")
        assert cursor.fetchone()[0] == N_RIGHE
        cursor.execute("DROP TABLE bench_copia_opere")
    return durata


def _import_opere(percorso: Path) -> float:
    """`manage.py import_opere FILE` in its own process, as an administrator would run it."""
    ambiente = {**os.environ, "DATABASE_URL": _url_database(), "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench"}
    # With a broker the recount is queued for a worker (as in production) instead of running inside
    # the command; the queue is emptied afterwards. Without one it would run eagerly and be timed.
    ambiente["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    inizio = time.perf_counter()
    esito = subprocess.run(
        [sys.executable, "manage.py", "import_opere", str(percorso)],
        env=ambiente,
        cwd=CARTELLA_PROGETTO,
        capture_output=True,
        text=True,
    )
    durata = time.perf_counter() - inizio
    assert esito.returncode == 0, esito.stdout[-2000:] + esito.stderr[-2000:]
    _svuota_coda(ambiente["REDIS_URL"])
    return durata


def _svuota_coda(url: str) -> None:
    import redis

    from contatori.services import CHIAVE_IN_CODA

    client = redis.Redis.from_url(url)
    client.delete("celery", f":1:{CHIAVE_IN_CODA}")  # Celery's default queue, Django's cache key format


def _quieta(attesa_massima: float = 120) -> None:
    """Start each round on a quiet server: a CHECKPOINT (the writes of the seeding and of the last
    round flushed now, not during the timed COPY), then wait for autovacuum to finish on this
    database. Right after `seed_demo --scale 100` a single round shared the two cores with
    PostgreSQL's own background work and read 12.2x where a quiet one read 9.5x."""
    with connection.cursor() as cursor:
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError:  # a bench user that is neither superuser nor pg_checkpoint: skip it
            print("  (CHECKPOINT non consentito a questo utente: giri senza)", flush=True)
        fine = time.monotonic() + attesa_massima
        while time.monotonic() < fine:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()"
            )
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.5)


def misura(**_opzioni: object) -> list[tuple[str, float, str, str]]:
    from contatori.coda import ricalcolo_sospeso
    from programma.importazione.services import importa_opere
    from programma.models import OperaPrioritaria

    righe = genera_righe()
    with tempfile.TemporaryDirectory(prefix="bench-importazione-") as cartella:
        percorso = Path(cartella) / NOME_FILE
        percorso.write_bytes(csv_italiano(righe))
        _pulisci()
        try:
            copie, durate = [], []
            for _giro in range(GIRI):
                _quieta()
                copie.append(_psql_copy(percorso))
                durate.append(_import_opere(percorso))
                assert OperaPrioritaria.objects.filter(codice__startswith=PREFISSO).count() == N_RIGHE
                _pulisci()
            copia, durata = statistics.median(copie), statistics.median(durate)
            secondi = "; ".join(f"{c:.2f} / {d:.2f}" for c, d in zip(copie, durate))
            print(f"  {GIRI} giri, psql \\copy / import_opere in secondi: {secondi}; confrontate le mediane".replace(".", ","), flush=True)

            errate = [list(r) for r in righe]
            errate[RIGA_ERRATA - 2][14] = "31/02/2027"
            with ricalcolo_sospeso():
                inizio = time.perf_counter()
                esito_errato = importa_opere(csv_italiano(errate), nome_file="bench-errato.csv", origine="bench")
                durata_errata = time.perf_counter() - inizio
            righe_indicate = sorted({e.riga for e in esito_errato.errori})
            nulla_scritto = not OperaPrioritaria.objects.filter(codice__startswith=PREFISSO).exists()
            assert nulla_scritto and righe_indicate == [RIGA_ERRATA], righe_indicate
        finally:
            _pulisci()
    n = f"{N_RIGHE:_}".replace("_", ".")
    return [
        (f"import_opere di {n} opere da CSV italiano (processo intero)", N_RIGHE / durata, "righe/s", "≥ 10.000"),
        ("import_opere: durata totale (lettura, validazione, scrittura)", durata, "s", ""),
        ("psql \\copy dello stesso file in una tabella senza indici", copia, "s", ""),
        ("import_opere rispetto a psql \\copy (obiettivo ambizioso ≤ 6)", durata / copia, "×", "≤ 10"),
        (f"1 riga errata su {n}: nulla scritto, indicata la riga {RIGA_ERRATA}".replace("_", "."), durata_errata, "s", ""),
    ]
