"""Benchmark of the import of works (issue 5): 100,000 generated rows on the current database.

`misura()` returns (descrizione, valore, unità, obiettivo) tuples for the bench harness:
rows per second of the full import (read + validate + write), the time of a plain COPY of the
same rows into a bare unlogged table and the ratio between the two, and the time to refuse a
file with one bad row among 100,000 (nothing written, the row named).
"""

from __future__ import annotations

import csv
import io
import random
import time

from django.db import connection

N_RIGHE = 100_000
PREFISSO = "BENCH-IMP-"
RIGA_ERRATA = 73_457  # as Excel shows it (header = 1)

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


def csv_italiano(righe: list[list[str]]) -> bytes:
    from programma.importazione.formato import COLONNE

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLONNE)
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


def _copia_semplice(righe: list[list[str]]) -> float:
    """A plain COPY of the same rows, already in canonical form, into a bare table (no index, no
    constraint; logged like the works table, so both pay for the write-ahead log)."""
    from programma.importazione.formato import leggi_data, leggi_importo
    from regioni.models import Regione

    regioni = {}
    for r in Regione.objects.all():
        regioni[r.nome.upper()] = regioni[r.nome] = regioni[r.codice_istat] = r.pk
    buffer = io.StringIO()
    for r in righe:
        canonica = [
            *r[:5],
            r[5],
            r[6] or "proposta",
            r[7] or "verde",
            str(leggi_importo(r[8])),
            "t" if r[9] in ("SÌ", "sì", "x") else "f",
            "t" if r[10] in ("SÌ", "sì", "x") else "f",
            r[11],
            str(regioni[r[12]]),
            r[13],
            leggi_data(r[14]).isoformat(),
        ]
        buffer.write("\t".join(canonica) + "\n")
    dati = buffer.getvalue().encode()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copia_opere")
        cursor.execute(
            """CREATE TABLE bench_copia_opere (
                codice varchar(40), cup varchar(15), titolo varchar(300), descrizione text,
                modalita varchar(40), livello_priorita smallint, stato varchar(40), semaforo varchar(20),
                costo_stimato numeric(15, 2), finanziamento_pnrr boolean, commissario_straordinario boolean,
                fonte_finanziamento varchar(250), regione_id bigint, province text, data_completamento_prevista date)"""
        )
        inizio = time.perf_counter()
        with cursor.cursor.copy("COPY bench_copia_opere FROM STDIN") as copia:
            copia.write(dati)
        durata = time.perf_counter() - inizio
        cursor.execute("SELECT count(*) FROM bench_copia_opere")
        assert cursor.fetchone()[0] == len(righe)
        cursor.execute("DROP TABLE bench_copia_opere")
    return durata


def misura(**_opzioni: object) -> list[tuple[str, float, str, str]]:
    from contatori.services import ricalcolo_sospeso
    from programma.importazione.servizi import importa_opere
    from programma.models import OperaPrioritaria

    righe = genera_righe()
    dati = csv_italiano(righe)
    _pulisci()
    try:
        # The recount an import queues runs in the worker in production; here (eager) it would be timed too.
        with ricalcolo_sospeso():
            inizio = time.perf_counter()
            esito = importa_opere(dati, nome_file="bench.csv", origine="bench")
            durata = time.perf_counter() - inizio
        assert esito.valido and esito.create == N_RIGHE, esito.errori[:5]
        assert OperaPrioritaria.objects.filter(codice__startswith=PREFISSO).count() == N_RIGHE
        _pulisci()

        copia = _copia_semplice(righe) if connection.vendor == "postgresql" else float("nan")

        errate = [list(r) for r in righe]
        errate[RIGA_ERRATA - 2][14] = "31/02/2027"
        dati_errati = csv_italiano(errate)
        with ricalcolo_sospeso():
            inizio = time.perf_counter()
            esito_errato = importa_opere(dati_errati, nome_file="bench-errato.csv", origine="bench")
            durata_errata = time.perf_counter() - inizio
        righe_indicate = sorted({e.riga for e in esito_errato.errori})
        nulla_scritto = not OperaPrioritaria.objects.filter(codice__startswith=PREFISSO).exists()
        assert nulla_scritto and righe_indicate == [RIGA_ERRATA], righe_indicate
    finally:
        _pulisci()
    return [
        (f"Importazione di {N_RIGHE:_} opere da CSV italiano ({connection.vendor})".replace("_", "."), N_RIGHE / durata, "righe/s", "≥ 10.000"),
        ("Importazione: durata totale (lettura, validazione, scrittura; senza il ricalcolo dei contatori)", durata, "s", "—"),
        ("COPY semplice delle stesse righe in una tabella nuda", copia, "s", "—"),
        ("Importazione rispetto al COPY semplice", durata / copia, "×", "≤ 10"),
        (f"1 riga errata su {N_RIGHE:_}: nulla scritto, indicata la riga {RIGA_ERRATA}".replace("_", "."), durata_errata, "s", "nulla scritto"),
    ]


if __name__ == "__main__":
    import django

    django.setup()
    for descrizione, valore, unita, obiettivo in misura():
        print(f"{descrizione}: {valore:.2f} {unita} (obiettivo {obiettivo})")
