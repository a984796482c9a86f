"""The load run of `make bench` (issue 12): Locust, headless, against gunicorn on PostgreSQL and Redis
with a Celery worker, all started here on 127.0.0.1 and stopped at the end.

Four figures: the mixed load (operators browsing and saving, coordinators on the dashboard, anonymous
visitors on the public pages and open data: throughput, p50/p95/p99 per page against issue 23's
targets, errors); the stress step (more users until the p95 passes 1 s: the knee); the capacity of
each public page with the generation cache on and off (CONTATORI_CACHE_SECONDI=0), in the same run, on
the same server settings (GUNICORN_WORKERS × GUNICORN_THREADS, as in docker-compose.yml);
and, on the same server and worker once Locust has stopped, how soon a saved change shows on the
dashboard, the region page, the public page and the API, and how a burst of saves coalesces
(bench/visibile.py).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench import visibile

CARTELLA_PROGETTO = Path(__file__).resolve().parent.parent
# The settings the figures come from; docker-compose.yml and README.md say the same.
GUNICORN_WORKERS = 3
GUNICORN_THREADS = 4
UTENTI_MISTO, SECONDI_MISTO = 40, 30
UTENTI_PUBBLICO, SECONDI_PUBBLICO = 10, 20
# Each server is warmed up before it is measured, by the same users for this long, not counted: the
# first seconds of a gunicorn process load its templates, open its connections and fill its memory,
# once per deploy; in a 30 s run they were the whole tail (server-side times over 1 s, all within the
# first 4 s; none over 230 ms after them).
SECONDI_RISCALDAMENTO = 10
# Issue 23's targets for every page of the mixed load, at the 95th percentile.
P95_PERSONALE_MS, P95_PUBBLICO_MS = 500, 200
# The public pages (names as bench/locustfile.py gives them), each also timed with the cache off.
PAGINE_PUBBLICHE = [
    "/contatori/", "/api/contatori/", "/api/contatori.csv", "/", "/regioni/<slug>/", "/eventi/calendario/", "/dati/catalog.ttl",
]
# The stress step: more users, SECONDI_GRADINO each, until the p95 of all requests passes 1 s.
GRADINI_UTENTI, SECONDI_GRADINO, P95_GINOCCHIO_MS = (60, 80, 120, 160, 240), 20, 1000
# The operators' regions (seed_demo makes an operatore-<slug> for each).
REGIONI = ["piemonte", "lombardia", "veneto", "emilia-romagna", "toscana", "lazio", "campania", "puglia", "sicilia", "sardegna"]


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ambiente(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-carico",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


@contextlib.contextmanager
def _processo(argomenti: list[str], ambiente: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A child process in its own group, stopped (TERM, then KILL) with everything it forked.
    Tools run as `python -m`: the virtualenv's scripts may carry another interpreter's shebang."""
    with open(log, "ab") as uscita:
        processo = subprocess.Popen(argomenti, env=ambiente, cwd=CARTELLA_PROGETTO, stdout=uscita, stderr=uscita, start_new_session=True)
    try:
        yield processo
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(processo.pid, signal.SIGTERM)
        try:
            processo.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(processo.pid, signal.SIGKILL)
            processo.wait()


@contextlib.contextmanager
def _gunicorn(cartella: Path, *, cache: bool) -> Iterator[str]:
    porta = _porta_libera()
    ambiente = _ambiente(CONTATORI_CACHE_SECONDI="3600" if cache else "0")
    argomenti = [
        sys.executable, "-m", "gunicorn", "programma.wsgi:application", "--bind", f"127.0.0.1:{porta}",
        "--workers", str(GUNICORN_WORKERS), "--threads", str(GUNICORN_THREADS), "--worker-class", "gthread",
        "--timeout", "120", "--log-level", "warning",
    ]
    with _processo(argomenti, ambiente, cartella / "gunicorn.log"):
        url = f"http://127.0.0.1:{porta}"
        for _ in range(120):
            with contextlib.suppress(OSError):
                richiesta = urllib.request.Request(f"{url}/healthz", headers={"X-Forwarded-Proto": "https"})
                urllib.request.urlopen(richiesta, timeout=2)
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn non risponde: vedi " + str(cartella / "gunicorn.log"))
        yield url


def _locust(url: str, cartella: Path, nome: str, *, utenti: int, secondi: int, solo_pubblico: bool) -> dict[str, dict[str, str]]:
    prefisso = cartella / nome
    subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(CARTELLA_PROGETTO / "bench" / "locustfile.py"), "--headless",
            "--users", str(utenti), "--spawn-rate", str(utenti), "--run-time", f"{secondi}s", "--host", url,
            "--csv", str(prefisso), "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING",
        ],
        env={**os.environ, "CARICO_SOLO_PUBBLICO": "1" if solo_pubblico else "0"},
        cwd=CARTELLA_PROGETTO,
        stdout=subprocess.DEVNULL,
        stderr=open(cartella / f"{nome}.log", "wb"),
        check=False,  # locust exits 1 when a request failed: the failures are counted below
    )
    with open(f"{prefisso}_failures.csv", newline="") as f:
        for guasto in csv.DictReader(f):
            print(f"    ERRORE {guasto['Method']} {guasto['Name']}: {guasto['Error']} ({guasto['Occurrences']} volte)")
    with open(f"{prefisso}_stats.csv", newline="") as f:
        return {riga["Name"]: riga for riga in csv.DictReader(f)}


def _gradini(url: str, cartella: Path) -> list[tuple[int, dict[str, str], int]]:
    """The stress step: the mixed load with more and more users, until the p95 of all requests passes
    P95_GINOCCHIO_MS; each step's totals (users, aggregated row, failed requests)."""
    gradini = []
    for utenti in GRADINI_UTENTI:
        statistiche = _locust(url, cartella, f"gradino-{utenti}", utenti=utenti, secondi=SECONDI_GRADINO, solo_pubblico=False)
        totale = statistiche["Aggregated"]
        errori = sum(int(r["Failure Count"]) for n, r in statistiche.items() if n != "Aggregated")
        print(f"    gradino {utenti:>3} utenti: {float(totale['Requests/s']):6.1f} rich/s, p95 {totale['95%']} ms, errori {errori}", flush=True)
        gradini.append((utenti, totale, errori))
        if float(totale["95%"]) > P95_GINOCCHIO_MS:
            break
    return gradini


def _ginocchio(gradini: list[tuple[int, dict[str, str], int]]) -> list[tuple[str, float, str, str]]:
    """The knee: the last step whose p95 stayed within P95_GINOCCHIO_MS (the mixed load's 40 users if none)."""
    entro = [g for g in gradini if float(g[1]["95%"]) <= P95_GINOCCHIO_MS]
    oltre = [g for g in gradini if float(g[1]["95%"]) > P95_GINOCCHIO_MS]
    righe: list[tuple[str, float, str, str]] = []
    if entro:
        utenti, totale, _errori = entro[-1]
        righe += [
            (f"Ginocchio: ultimo gradino con p95 ≤ {P95_GINOCCHIO_MS} ms", utenti, "utenti", ""),
            ("Ginocchio: throughput a quel gradino", float(totale["Requests/s"]), "rich/s", ""),
        ]
    if oltre:
        utenti, totale, errori = oltre[0]
        righe += [
            (f"Primo gradino con p95 > {P95_GINOCCHIO_MS} ms", utenti, "utenti", ""),
            ("  il suo p95", float(totale["95%"]), "ms", ""),
            ("  il suo throughput", float(totale["Requests/s"]), "rich/s", ""),
        ]
    righe.append(("Gradini: richieste non riuscite", sum(g[2] for g in gradini), "errori", "= 0"))
    return righe


def _stampa_pagine(titolo: str, statistiche: dict[str, dict[str, str]]) -> None:
    print(f"\n  {titolo}")
    print(f"    {'pagina':<38} {'richieste':>9} {'rich/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errori':>6}")
    for nome, r in statistiche.items():
        print(
            f"    {nome:<38} {r['Request Count']:>9} {float(r['Requests/s']):>7.1f} {r['50%']:>7} {r['95%']:>7} {r['99%']:>7} {r['Failure Count']:>6}",
            flush=True,
        )


# Sessions opened in advance, with the server's secret key: a login hashes the password on purpose
# slowly (PBKDF2), and 40 users logging in at once would measure that rather than the pages.
_SESSIONI = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
sessioni = {}
for utente in get_user_model().objects.filter(username__in=%r):
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(utente.pk), "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = utente.get_session_auth_hash()
    s.create()
    sessioni[utente.username] = s.session_key
print(json.dumps(sessioni))
"""


def _sessioni(ambiente: dict[str, str], cartella: Path) -> Path:
    utenti = ["coordinatore", *(f"operatore-{r}" for r in REGIONI)]
    uscita = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _SESSIONI % utenti],
        env=ambiente, cwd=CARTELLA_PROGETTO, check=True, capture_output=True, text=True,
    ).stdout
    percorso = cartella / "sessioni.json"
    percorso.write_text(uscita.strip().splitlines()[-1])
    return percorso


def _prepara(ambiente: dict[str, str]) -> None:
    import redis
    from django.core.management import call_command

    from contatori.services import CHIAVE_IN_CODA, CHIAVE_LOCK

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=ambiente, cwd=CARTELLA_PROGETTO, check=True
    )
    client = redis.Redis.from_url(ambiente["REDIS_URL"])
    client.delete("celery", f":1:{CHIAVE_IN_CODA}", f":1:{CHIAVE_LOCK}", CHIAVE_LOCK)  # left by an earlier run
    call_command("ricalcola_contatori")  # a generation for the pages to show


def misura(*, scala: int | str = 1, **_opzioni: object) -> list[tuple[str, float, str, str]]:
    ambiente = _ambiente()
    _prepara(ambiente)
    print(
        f"  gunicorn {GUNICORN_WORKERS} worker × {GUNICORN_THREADS} thread (gthread), 1 worker Celery, scala {scala}; "
        f"misto: {UTENTI_MISTO} utenti per {SECONDI_MISTO} s, dopo {SECONDI_RISCALDAMENTO} s di riscaldamento non misurati; "
        f"capacità pubblica: {UTENTI_PUBBLICO} utenti senza pause per {SECONDI_PUBBLICO} s",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-carico-") as temporanea:
        cartella = Path(temporanea)
        os.environ["CARICO_SESSIONI"] = str(_sessioni(ambiente, cartella))
        worker = [sys.executable, "-m", "celery", "-A", "programma", "worker", "--pool", "solo", "--loglevel", "WARNING", "--without-gossip",
            "--without-mingle"]
        with _processo(worker, ambiente, cartella / "worker.log"):
            with _gunicorn(cartella, cache=True) as url:
                riscaldamento = [_locust(url, cartella, "riscaldamento", utenti=UTENTI_MISTO, secondi=SECONDI_RISCALDAMENTO, solo_pubblico=False)]
                misto = _locust(url, cartella, "misto", utenti=UTENTI_MISTO, secondi=SECONDI_MISTO, solo_pubblico=False)
                _stampa_pagine("Carico misto (cache attiva)", misto)
                gradini = _gradini(url, cartella)
                con_cache = _locust(url, cartella, "pubblico-cache", utenti=UTENTI_PUBBLICO, secondi=SECONDI_PUBBLICO, solo_pubblico=True)
                _stampa_pagine("Solo visitatori anonimi, cache attiva", con_cache)
                sessioni = json.loads(Path(os.environ["CARICO_SESSIONI"]).read_text())
                righe_visibile = visibile.misura(url=url, sessioni=sessioni, regioni=REGIONI)
            with _gunicorn(cartella, cache=False) as url:
                riscaldamento.append(
                    _locust(url, cartella, "riscaldamento-senza-cache", utenti=UTENTI_PUBBLICO, secondi=SECONDI_RISCALDAMENTO, solo_pubblico=True)
                )
                senza_cache = _locust(url, cartella, "pubblico-senza-cache", utenti=UTENTI_PUBBLICO, secondi=SECONDI_PUBBLICO, solo_pubblico=True)
                _stampa_pagine("Solo visitatori anonimi, cache spenta (CONTATORI_CACHE_SECONDI=0)", senza_cache)
        errori = sum(int(r["Failure Count"]) for s in (misto, con_cache, senza_cache, *riscaldamento) for n, r in s.items() if n != "Aggregated")
        if errori:
            for log in sorted(cartella.glob("*.log")):
                print(f"  --- {log.name} (ultime righe)\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
    totale = misto["Aggregated"]
    righe: list[tuple[str, float, str, str]] = [
        (f"Carico misto: {UTENTI_MISTO} utenti, {SECONDI_MISTO} s: throughput", float(totale["Requests/s"]), "rich/s", ""),
        ("Carico misto: p95 di tutte le richieste", float(totale["95%"]), "ms", ""),
        ("Carico misto: p99 di tutte le richieste", float(totale["99%"]), "ms", ""),
        ("Richieste non riuscite (tutte le prove)", errori, "errori", "= 0"),
    ]
    for nome, r in misto.items():
        if nome != "Aggregated":
            obiettivo = P95_PUBBLICO_MS if nome in PAGINE_PUBBLICHE else P95_PERSONALE_MS
            righe.append((f"Carico misto: p95 di {nome}", float(r["95%"]), "ms", f"≤ {obiettivo}"))
    righe += _ginocchio(gradini)
    for pagina in PAGINE_PUBBLICHE:
        acceso, spento = float(con_cache[pagina]["Requests/s"]), float(senza_cache[pagina]["Requests/s"])
        righe += [
            (f"{pagina}: throughput con la cache", acceso, "rich/s", ""),
            (f"{pagina}: throughput senza la cache", spento, "rich/s", ""),
            (f"{pagina}: con / senza la cache", acceso / spento if spento else float("inf"), "×", "≥ 5"),
        ]
    return righe + righe_visibile
