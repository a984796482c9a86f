"""What the live pages cost (issue 20 part 3, issue 23 part 4): 200 open dashboards polling the
counters' generation every few seconds.

- **Queries per 304**: in this process, a coordinator's session polls `/contatori/generazione/`
  with the generation's ETag RICHIESTE times; Django's query log counts the queries (target 0: the
  poll is answered from the cache before the session or the user are read).
- **The server's CPU**: gunicorn as in the load run (bench/carico.py's settings, Redis as the cache),
  measured from /proc (user + system time of the master and its workers) over SECONDI seconds
  idle, then over SECONDI seconds with POLLER clients, each a thread with its own keep-alive
  connection (opened again when gunicorn closed it, as a browser does) and a session cookie, asking
  every OGNI seconds as frontend/vivo.js does. The figures
  are the share of one core, the polls a second, their p95 and the share answered 304.

`python -m bench --solo vivo` runs this section alone (BENCH_REDIS_URL names the Redis database).
"""

from __future__ import annotations

import http.client
import os
import statistics
import threading
import time
from pathlib import Path

from bench import Riga

RICHIESTE = 200
POLLER = 200
OGNI = 5.0  # s, as frontend/vivo.js (OGNI_MS)
SECONDI = 30
URL = "/contatori/generazione/"


def _query_per_304() -> tuple[float, int]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="coordinatore"))
    etag = client.get(URL, secure=True)["ETag"]
    risposte = []
    with CaptureQueriesContext(connection) as query:
        for _ in range(RICHIESTE):
            risposte.append(client.get(URL, secure=True, HTTP_IF_NONE_MATCH=etag).status_code)
    return len(query) / RICHIESTE, sum(1 for r in risposte if r == 304)


def _gruppo(pid: int) -> list[int]:
    """The process and its descendants (gunicorn's master and workers)."""
    figli: dict[int, list[int]] = {}
    for voce in Path("/proc").iterdir():
        if voce.name.isdigit():
            try:
                campi = (voce / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            figli.setdefault(int(campi[1]), []).append(int(voce.name))
    tutti, da_vedere = [], [pid]
    while da_vedere:
        p = da_vedere.pop()
        tutti.append(p)
        da_vedere += figli.get(p, [])
    return tutti


def _cpu_secondi(pid: int) -> float:
    totale = 0
    for p in _gruppo(pid):
        try:
            campi = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        totale += int(campi[11]) + int(campi[12])  # utime, stime in clock ticks
    return totale / os.sysconf("SC_CLK_TCK")


def _pid_di(porta: int) -> int:
    """gunicorn's master: of the processes holding the socket that listens on the port (the master
    and its workers; gunicorn renames their titles, so the command line does not say), the parent."""
    inode = next(
        (
            campi[9]
            for campi in (riga.split() for riga in Path("/proc/net/tcp").read_text().splitlines()[1:])
            if int(campi[1].split(":")[1], 16) == porta and campi[3] == "0A"  # 0A: LISTEN
        ),
        None,
    )
    trovati = []
    for voce in Path("/proc").iterdir():
        if not voce.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) == f"socket:[{inode}]" for fd in (voce / "fd").iterdir()):
                trovati.append(int(voce.name))
        except OSError:
            continue
    if inode is None or not trovati:
        raise RuntimeError(f"gunicorn su {porta} non trovato in /proc")
    return min(trovati)


def _poller(host: str, porta: int, sessione: str, fine: float, tempi: list[float], stati: list[int], avvio: float) -> None:
    connessione: http.client.HTTPConnection | None = None
    etag = ""
    time.sleep(avvio)  # spread over the interval, as pages opened at different times
    while time.monotonic() < fine:
        inizio = time.monotonic()
        intestazioni = {"Cookie": f"sessionid={sessione}", "X-Forwarded-Proto": "https", "Accept": "application/json"}
        if etag:
            intestazioni["If-None-Match"] = etag
        # gunicorn closes a connection idle for 2 s (its keepalive): a browser then sends the request
        # again on a new connection, and so does a poller, once.
        for tentativo in (1, 2):
            try:
                if connessione is None:
                    connessione = http.client.HTTPConnection(host, porta, timeout=30)
                connessione.request("GET", URL, headers=intestazioni)
                risposta = connessione.getresponse()
                risposta.read()
            except (OSError, http.client.HTTPException):
                connessione = None
                if tentativo == 2:
                    stati.append(0)
                continue
            etag = risposta.getheader("ETag") or etag
            stati.append(risposta.status)
            tempi.append((time.monotonic() - inizio) * 1000)
            break
        time.sleep(max(0.0, OGNI - (time.monotonic() - inizio)))


def _carico(url: str, sessione: str) -> dict[str, float]:
    host, porta = url.split("//")[1].split(":")
    pid = _pid_di(int(porta))
    time.sleep(2)
    inizio, cpu = time.monotonic(), _cpu_secondi(pid)
    time.sleep(SECONDI)
    a_riposo = (_cpu_secondi(pid) - cpu) / (time.monotonic() - inizio) * 100
    tempi: list[float] = []
    stati: list[int] = []
    fine = time.monotonic() + OGNI + SECONDI
    fili = [
        threading.Thread(target=_poller, args=(host, int(porta), sessione, fine, tempi, stati, OGNI * i / POLLER), daemon=True)
        for i in range(POLLER)
    ]
    for filo in fili:
        filo.start()
    time.sleep(OGNI)  # every poller started and sent its first (200) request
    n0, inizio, cpu = len(stati), time.monotonic(), _cpu_secondi(pid)
    time.sleep(SECONDI)
    durata = time.monotonic() - inizio
    con_poller = (_cpu_secondi(pid) - cpu) / durata * 100
    misurati = stati[n0:]
    for filo in fili:
        filo.join(timeout=OGNI + 35)
    return {
        "riposo": a_riposo,
        "poller": con_poller,
        "al_secondo": len(misurati) / durata,
        "p95": statistics.quantiles(tempi[n0:], n=20)[-1] if len(tempi) > n0 + 20 else 0.0,
        "quota_304": 100 * sum(1 for s in misurati if s == 304) / max(1, len(misurati)),
        "errori": sum(1 for s in stati if s not in (200, 304)),
    }


def misura(*, scala: int | str = 1, **_opzioni: object) -> list[Riga]:
    import json
    import tempfile

    from django.core.management import call_command

    from bench import carico

    carico_medio = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  carico della macchina all'inizio (uptime, 1/5/15 min): {carico_medio}; {os.cpu_count()} core", flush=True)
    call_command("ricalcola_contatori")  # a generation to poll
    query, n304 = _query_per_304()
    righe: list[Riga] = [
        (f"Sondaggio con la generazione invariata: query per 304 ({n304}/{RICHIESTE} 304)", query, "query", "= 0"),
    ]
    ambiente = carico._ambiente()
    carico._prepara(ambiente)
    with tempfile.TemporaryDirectory(prefix="bench-vivo-") as temporanea:
        cartella = Path(temporanea)
        sessione = json.loads(carico._sessioni(ambiente, cartella).read_text())["coordinatore"]
        with carico._gunicorn(cartella, cache=True) as url:
            cifre = _carico(url, sessione)
    print(f"  carico della macchina alla fine (uptime): {' / '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    return righe + [
        (f"gunicorn a riposo, {SECONDI} s: CPU (% di un core)", round(cifre["riposo"], 1), "%", ""),
        (f"gunicorn con {POLLER} cruscotti aperti (uno ogni {OGNI:g} s): CPU", round(cifre["poller"], 1), "%", ""),
        (f"{POLLER} cruscotti aperti: sondaggi al secondo", round(cifre["al_secondo"], 1), "rich/s", ""),
        (f"{POLLER} cruscotti aperti: p95 del sondaggio", round(cifre["p95"], 1), "ms", "< 50"),
        (f"{POLLER} cruscotti aperti: risposte 304", round(cifre["quota_304"], 1), "%", "> 99"),
        (f"{POLLER} cruscotti aperti: richieste non riuscite", cifre["errori"], "errori", "= 0"),
    ]
