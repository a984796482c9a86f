"""`python -m bench [--scala-max N] [--keep] [--solo FASE]`: the benchmark harness behind `make bench`.

Runs against PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/programma_bench),
dropped and recreated at the start unless --keep. Phases, each printing its figures as it goes:
migrate; seed_demo --scale 1; [bench.contatori]; seed_demo --scale N; bench.liste (list pages);
[bench.pesi] (page weights in Chromium); [bench.contatori at scale N]; [bench.importazione];
[bench.carico] (the load run); [bench.vivo] (200 open dashboards polling). Modules in brackets
are optional hooks. `--solo importazione`, `--solo carico` or `--solo vivo` runs just that phase after seeding scale 1
(with --keep, on whatever the database holds), to iterate on one figure without the whole bench.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Callable
from urllib.parse import unquote, urlparse

from bench import Riga, esito, formatta_numero, stampa

DATABASE_PREDEFINITO = "postgres://postgres@127.0.0.1:5432/programma_bench"
# --solo FASE: the optional module and its title.
SOLO = {
    "importazione": "Importazione delle opere",
    "risultati": "Risultati del programma (stampa dei Libri Bianchi, download, documenti pubblici)",
    "carico": "Carico: gunicorn, PostgreSQL, Redis e un worker",
    "vivo": "Pagine vive: 200 cruscotti aperti che chiedono la generazione dei contatori",
}


def prepara_database(url: str, *, ricrea: bool) -> None:
    """Create the bench database (dropping it first for a clean run) through the `postgres` database."""
    import psycopg
    from psycopg import sql

    parti = urlparse(url)
    if parti.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"BENCH_DATABASE_URL deve indicare un database PostgreSQL, non {parti.scheme!r}.")
    nome = unquote(parti.path.lstrip("/"))
    connessione = psycopg.connect(
        host=parti.hostname or "127.0.0.1",
        port=parti.port or 5432,
        user=unquote(parti.username or "postgres"),
        password=unquote(parti.password) if parti.password else None,
        dbname="postgres",
        autocommit=True,
    )
    with connessione:
        esiste = connessione.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nome]).fetchone()
        if esiste and ricrea:
            connessione.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(nome)))
            esiste = None
        if not esiste:
            connessione.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nome)))
    print(f"Database di benchmark: {parti.hostname}:{parti.port or 5432}/{nome} ({'ricreato' if ricrea else 'mantenuto'})")


def secondi(fn: Callable[[], object]) -> float:
    inizio = time.perf_counter()
    fn()
    return round(time.perf_counter() - inizio, 2)


def aggancio(modulo: str, titolo: str, **kwargs: object) -> list[Riga]:
    """Run an optional bench module written elsewhere; a missing one is a printed note, not an error."""
    nome = f"bench.{modulo}"
    try:
        misuratore = importlib.import_module(nome)
    except ModuleNotFoundError as errore:
        if errore.name != nome:
            raise
        print(f"\n== {titolo}\n  {nome} non presente: fase saltata")
        return []
    return stampa(misuratore.misura(**kwargs), titolo)


def volumi() -> list[Riga]:
    from django.db import connection

    from eventi.models import Evento
    from programma.models import OperaPrioritaria, Report
    from tavoli.models import Organizzazione, TavoloConfronto

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        dimensione = cursor.fetchone()[0] / 1024 / 1024
    return [
        ("tavoli di confronto", TavoloConfronto.objects.count(), "righe", ""),
        ("organizzazioni", Organizzazione.objects.count(), "righe", ""),
        ("opere prioritarie", OperaPrioritaria.objects.count(), "righe", ""),
        ("eventi", Evento.objects.count(), "righe", ""),
        ("report", Report.objects.count(), "righe", ""),
        ("dimensione del database", round(dimensione, 1), "MB", ""),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark su PostgreSQL.")
    parser.add_argument("--scala-max", type=int, default=100, help="Scala dei dati per le misure (predefinita 100).")
    parser.add_argument("--keep", action="store_true", help="Non ricreare il database (riusa i dati esistenti).")
    parser.add_argument(
        "--solo",
        choices=sorted(SOLO),
        help="Solo questa fase, su dati a scala 1 (per iterare; con --keep sui dati presenti): importazione, risultati, carico o vivo.",
    )
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_DATABASE_URL", DATABASE_PREDEFINITO)
    prepara_database(url, ricrea=not args.keep)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)  # eager tasks: recounts run in-process, where they are timed
    os.environ["DJANGO_DEBUG"] = "true"  # seed_demo refuses to run otherwise
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programma.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # DEBUG would record every query (and hold it in memory) while we time; seeding only needs
    # SEED_DEMO_ALLOWED, which settings derived from DEBUG at load time.
    settings.DEBUG = False

    righe: list[Riga] = []
    inizio = time.perf_counter()
    migrazione = secondi(lambda: call_command("migrate", interactive=False, verbosity=0))
    righe += stampa([("migrate", migrazione, "s", "")], "Migrazioni")

    def seed(scala: int) -> float:
        print(f"\n-- seed_demo --scale {scala}", flush=True)
        return secondi(lambda: call_command("seed_demo", "--scale", str(scala), "--senza-ricalcolo"))

    righe += stampa([("seed_demo --scale 1", seed(1), "s", "< 60")], "Dati dimostrativi, scala 1")
    if args.solo:
        # With --keep the database holds whatever an earlier run seeded (often scale 100): say so.
        righe += aggancio(args.solo, SOLO[args.solo], scala="dei dati presenti" if args.keep else 1)
        return _riepilogo(righe, inizio)
    righe += aggancio("contatori", "Contatori, scala 1", scala=1)

    if args.scala_max > 1:
        durata = seed(args.scala_max)
        descrizione = f"seed_demo --scale {args.scala_max} (da scala 1)"
        righe += stampa([(descrizione, durata, "s", "< 600")], f"Dati dimostrativi, scala {args.scala_max}")
    # Planner statistics as autovacuum would have them on a live database, not stale after a bulk load.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    righe += stampa(volumi(), f"Volumi a scala {args.scala_max}")
    from bench import liste

    print(f"\n== Pagine elenco, tempo del server (mediana di 7 richieste dopo 2 di riscaldamento), scala {args.scala_max}")
    righe += liste.misura()  # prints its rows as it goes
    righe += aggancio("pesi", f"Peso delle pagine nel browser (KiB trasferiti), scala {args.scala_max}")
    if args.scala_max > 1:
        righe += aggancio("contatori", f"Contatori, scala {args.scala_max}", scala=args.scala_max)
    righe += aggancio("importazione", SOLO["importazione"])
    righe += aggancio("risultati", f"{SOLO['risultati']}, scala {args.scala_max}")
    righe += aggancio("carico", SOLO["carico"], scala=args.scala_max)
    righe += aggancio("vivo", SOLO["vivo"], scala=args.scala_max)
    return _riepilogo(righe, inizio)


def _riepilogo(righe: list[Riga], inizio: float) -> int:
    mancati = [r for r in righe if esito(r[1], r[3]) == "NO"]
    print(f"\nBenchmark completato in {time.perf_counter() - inizio:.0f} s: {len(righe)} misure, obiettivi mancati: {len(mancati)}.")
    for descrizione, valore, unita, obiettivo in mancati:
        print(f"  NO  {descrizione}: {formatta_numero(valore)} {unita} (obiettivo {obiettivo})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
