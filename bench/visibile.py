"""How soon a saved change shows, and how a burst of saves coalesces (issue 12), in the load run.

Called by bench/carico.py with its gunicorn (cache on), its Celery worker and its sessions opened in
advance, after the Locust runs, so `--solo carico` measures it too. Everything goes over HTTP to
127.0.0.1, as a browser would: the Operatore GETs the tavolo's form and POSTs it back with the CSRF
token; the save queues its recount through the normal path (signal, debounce, worker).

- **Time to visible**: CAMPIONI saves, one at a time, each moving a counter: the number of experts
  of a held tavolo of REGIONE goes up by one, then back down, so `partecipanti_tavoli` moves by one
  in the region and nationally. After each save's response, four readers poll every SONDAGGIO
  seconds, in parallel: the open data (`/api/contatori/`, the region's value), the public page (the
  national card, as an anonymous visitor), the coordinator's dashboard (the national card) and the
  region page (the region's card). A sample is the time from the save's response to the moment the
  last of the four shows the new value. Each sample starts once the previous one is visible and the
  data is counted, so each is its own debounce window.
- **Burst**: RAFFICA saves, THREAD_RAFFICA Operatori of different regions saving a tavolo each (a
  changed summary) as fast as the server answers, then the last one moves the counter; then the
  time until it shows, and the recounts the run log records from the burst's start until then.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlparse

import requests
from requests.cookies import create_cookie

from bench import Riga, formatta_numero
from bench.modulo import Modulo

CONTATORE = "partecipanti_tavoli"
CAMPO = "n_esperti"  # one of tavoli.models.CAMPI_PARTECIPANTI: +1 on a held tavolo is +1 to CONTATORE
REGIONE = "lombardia"
CAMPIONI = 20
PAUSA = 0.5  # s after a sample is visible and counted, before the next save
SONDAGGIO = 0.1  # s between two reads of the same page
ATTESA_MASSIMA = 30.0  # s: a change not visible by then is a failed sample
RAFFICA = 1000
THREAD_RAFFICA = 8
OBIETTIVO_VISIBILE = "≤ 5"  # s, p95 (issue 12)
_SCHEDA = re.compile(r'data-testid="valore-' + CONTATORE + r'">([^<]*)<')


class _Client:
    """One browser: a requests session, with a session opened in advance when `sessione` is given.

    The server runs with DEBUG off, so its cookies are Secure; the client claims HTTPS through the
    proxy header the settings trust and sends them back over plain HTTP (as bench/locustfile.py)."""

    def __init__(self, url: str, sessione: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.http = requests.Session()
        self.http.headers.update({"X-Forwarded-Proto": "https", "Referer": f"https://{urlparse(self.url).netloc}/"})
        if sessione:
            self.http.cookies.set_cookie(create_cookie("sessionid", sessione, domain=urlparse(self.url).hostname or "127.0.0.1"))

    def _richiesta(self, metodo: str, percorso: str, **opzioni: object) -> requests.Response:
        risposta = self.http.request(metodo, self.url + percorso, allow_redirects=False, timeout=60, **opzioni)  # type: ignore[arg-type]
        for cookie in self.http.cookies:
            cookie.secure = False  # else requests would not send them over HTTP
        return risposta

    def get(self, percorso: str) -> requests.Response:
        risposta = self._richiesta("GET", percorso)
        if risposta.status_code != 200:
            raise RuntimeError(f"GET {percorso}: HTTP {risposta.status_code}")
        return risposta

    def modulo(self, percorso: str, campo: str) -> dict[str, list[str]]:
        lettore = Modulo(campo)
        lettore.feed(self.get(percorso).text)
        return lettore.dati()

    def invia(self, percorso: str, dati: dict[str, list[str]]) -> None:
        """POST a form with the CSRF token; a valid form answers with a redirect."""
        token = next((c.value for c in self.http.cookies if c.name == "csrftoken"), "")
        corpo = urlencode({**dati, "csrfmiddlewaretoken": [token]}, doseq=True)
        risposta = self._richiesta("POST", percorso, data=corpo, headers={"Content-Type": "application/x-www-form-urlencoded"})
        if risposta.status_code != 302:
            raise RuntimeError(f"POST {percorso}: HTTP {risposta.status_code}")


def _versione(tavolo_id: int) -> list[str]:
    """The version the tavolo's form would carry if read now: a save posts back the version it was read
    at, and one over an older version is refused. Read from the database rather than by a GET of the
    form before every save, which would halve the burst's rate."""
    from programma.activities.versioni import versione_di
    from tavoli.models import TavoloConfronto

    return [str(versione_di(TavoloConfronto.objects.get(pk=tavolo_id)))]


def _valore_scheda(html: str) -> int:
    trovato = _SCHEDA.search(html)
    if not trovato:
        raise RuntimeError(f"nessuna scheda {CONTATORE} nella pagina")
    return int(trovato.group(1).strip().replace(".", ""))


class _Lettori:
    """The four places a change must show, each read by its own client and thread."""

    def __init__(self, url: str, sessione_coordinatore: str, regione: str, codice_istat: str) -> None:
        anonimo_api, anonimo_pagina = _Client(url), _Client(url)
        cruscotto, pagina_regione = _Client(url, sessione_coordinatore), _Client(url, sessione_coordinatore)
        # name -> (read the value, whether it is the region's value or the national one)
        self.pagine: dict[str, tuple[Callable[[], int], str]] = {
            "API": (lambda: int(anonimo_api.get("/api/contatori/").json()["regioni"][codice_istat][CONTATORE]), "regione"),
            "pagina pubblica": (lambda: _valore_scheda(anonimo_pagina.get("/contatori/").text), "nazionale"),
            "cruscotto": (lambda: _valore_scheda(cruscotto.get("/cruscotto/").text), "nazionale"),
            "pagina della regione": (lambda: _valore_scheda(pagina_regione.get(f"/cruscotto/regioni/{regione}/").text), "regione"),
        }
        self._esecutore = ThreadPoolExecutor(len(self.pagine), thread_name_prefix="visibile")

    def leggi(self) -> dict[str, int]:
        return {nome: leggi() for nome, (leggi, _ambito) in self.pagine.items()}

    def attendi(self, attesi: dict[str, int], dal: float) -> dict[str, float | None]:
        """Poll every page until it shows its expected value: seconds from `dal` (monotonic), None if never."""

        def una(nome: str) -> float | None:
            leggi, ambito = self.pagine[nome]
            while True:
                if leggi() == attesi[ambito]:
                    return time.monotonic() - dal
                if time.monotonic() - dal > ATTESA_MASSIMA:
                    return None
                time.sleep(SONDAGGIO)

        futuri = {nome: self._esecutore.submit(una, nome) for nome in self.pagine}
        return {nome: futuro.result() for nome, futuro in futuri.items()}

    def chiudi(self) -> None:
        self._esecutore.shutdown()


def _quiete(limite: float = 60.0) -> None:
    """Wait until every committed change is counted and no recount runs (the Locust runs' saves)."""
    from contatori.models import DatiModificati, RicalcoloLog

    scadenza = time.monotonic() + limite
    while DatiModificati.attuale().da_ricalcolare or RicalcoloLog.objects.filter(esito=RicalcoloLog.Esito.IN_CORSO).exists():
        if time.monotonic() > scadenza:
            print(f"    attenzione: dati ancora da contare dopo {limite:.0f} s", flush=True)
            return
        time.sleep(0.1)


def _adesso() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _p95(valori: list[float]) -> float:
    return statistics.quantiles(valori, n=20, method="inclusive")[18] if len(valori) > 1 else valori[0]


class _Modifica:
    """The Operatore of REGIONE and the held tavolo whose experts they move, with the values the
    pages should show next."""

    def __init__(self, url: str, sessione: str) -> None:
        from contatori.registry import tavoli_svolti
        from programma.models import Programma

        tavolo = (
            tavoli_svolti(Programma.objects.attivo())
            .filter(progetto__regione__slug=REGIONE)
            .select_related("progetto__regione")
            .order_by("pk")
            .first()
        )
        if tavolo is None:
            raise RuntimeError(f"nessun tavolo svolto in {REGIONE} nell'edizione attiva")
        self.tavolo_id = tavolo.pk
        self.codice_istat = tavolo.progetto.regione.codice_istat
        self.client = _Client(url, sessione)
        self.percorso = f"/tavoli/{tavolo.pk}/modifica/"
        self.dati = self.client.modulo(self.percorso, "sintesi")
        self.attesi: dict[str, int] = {}  # "regione" / "nazionale" -> the value the pages should show

    def salva(self, spostamento: int) -> tuple[float, dt.datetime]:
        """Save the tavolo with CAMPO moved by `spostamento`; when the response arrived (monotonic, wall)."""
        self.dati[CAMPO] = [str(int(self.dati[CAMPO][0]) + spostamento)]
        self.dati["versione"] = _versione(self.tavolo_id)
        self.client.invia(self.percorso, self.dati)
        risposta = time.monotonic(), _adesso()
        self.attesi = {ambito: valore + spostamento for ambito, valore in self.attesi.items()}
        return risposta


def misura(*, url: str, sessioni: dict[str, str], regioni: list[str]) -> list[Riga]:
    from contatori.models import RicalcoloLog
    from contatori.services import INTERVALLO_MINIMO_SECONDI, RITARDO_SECONDI

    modifica = _Modifica(url, sessioni[f"operatore-{REGIONE}"])
    lettori = _Lettori(url, sessioni["coordinatore"], REGIONE, modifica.codice_istat)
    print(
        f"\n  Modifica visibile: {CAMPIONI} salvataggi di un tavolo svolto ({REGIONE}, {CAMPO} ±1, quindi {CONTATORE} ±1), "
        f"letti ogni {SONDAGGIO * 1000:.0f} ms su API, pagina pubblica, cruscotto e pagina della regione",
        flush=True,
    )
    try:
        _quiete()
        prima = lettori.leggi()
        modifica.attesi = {"regione": prima["API"], "nazionale": prima["cruscotto"]}
        if any(valore != modifica.attesi[lettori.pagine[nome][1]] for nome, valore in prima.items()):
            raise RuntimeError(f"le pagine non concordano prima della prova: {prima}")
        tempi: list[float] = []
        per_pagine: dict[str, list[float]] = {nome: [] for nome in lettori.pagine}
        attese: list[float] = []
        durate: list[float] = []
        mancati = 0
        for i in range(CAMPIONI):
            _quiete()
            time.sleep(PAUSA)
            inizio = _adesso()
            dal, risposta = modifica.salva(1 if i % 2 == 0 else -1)  # back and forth
            per_pagina = lettori.attendi(modifica.attesi, dal)
            if None in per_pagina.values():
                mancati += 1
                print(f"    campione {i + 1}: non visibile entro {ATTESA_MASSIMA:.0f} s su {[n for n, t in per_pagina.items() if t is None]}")
                tempi.append(ATTESA_MASSIMA)
                continue
            tempi.append(max(t for t in per_pagina.values() if t is not None))
            for nome, t in per_pagina.items():
                per_pagine[nome].append(t or 0.0)
            # The recount that counted it: the first completed one started after the save was sent.
            ricalcolo = (
                RicalcoloLog.objects.filter(esito=RicalcoloLog.Esito.COMPLETATO, avviato_il__gte=inizio).order_by("avviato_il").first()
            )
            if ricalcolo is not None and ricalcolo.durata is not None:
                attese.append((ricalcolo.avviato_il - risposta).total_seconds())
                durate.append(ricalcolo.durata.total_seconds())
        print("    secondi per campione: " + " ".join(f"{t:.1f}" for t in tempi), flush=True)
        print("    mediane per pagina: " + ", ".join(f"{n} {statistics.median(t):.2f} s" for n, t in per_pagine.items() if t), flush=True)
        if attese:
            attesa, durata = statistics.median(attese), statistics.median(durate)
            print(
                f"    mediane: dalla risposta all'avvio del ricalcolo {attesa:.2f} s (debounce {RITARDO_SECONDI} s, "
                f"non prima di {INTERVALLO_MINIMO_SECONDI} s dall'avvio del precedente), "
                f"ricalcolo {durata:.2f} s, resto (pagine ricostruite e lettura) {statistics.median(tempi) - attesa - durata:.2f} s",
                flush=True,
            )
        righe: list[Riga] = [
            ("Modifica visibile su cruscotto, regione, pagina pubblica e API: p50", round(statistics.median(tempi), 2), "s", ""),
            ("Modifica visibile su cruscotto, regione, pagina pubblica e API: p95", round(_p95(tempi), 2), "s", OBIETTIVO_VISIBILE),
            ("Modifica visibile su cruscotto, regione, pagina pubblica e API: max", round(max(tempi), 2), "s", ""),
            ("Modifica visibile: campioni mai visibili", mancati, "campioni", "= 0"),
        ]
        righe += _raffica(url, sessioni, regioni, lettori, modifica)
    finally:
        lettori.chiudi()
    return righe


def _raffica(url: str, sessioni: dict[str, str], regioni: list[str], lettori: _Lettori, modifica: _Modifica) -> list[Riga]:
    from contatori.models import RicalcoloLog
    from tavoli.models import TavoloConfronto

    # One Operatore per thread, each saving a tavolo of their own region (not the samples' tavolo).
    salvatori: list[tuple[_Client, str, dict[str, list[str]], int]] = []
    for regione in [r for r in regioni if f"operatore-{r}" in sessioni][:THREAD_RAFFICA]:
        tavolo = (
            TavoloConfronto.objects.filter(progetto__regione__slug=regione)
            .exclude(pk=modifica.tavolo_id)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if tavolo is not None:
            client = _Client(url, sessioni[f"operatore-{regione}"])
            percorso = f"/tavoli/{tavolo}/modifica/"
            salvatori.append((client, percorso, client.modulo(percorso, "sintesi"), tavolo))
    if not salvatori:
        raise RuntimeError("nessun tavolo per la raffica")
    altri = RAFFICA - 1  # the last save moves the counter
    quanti = [altri // len(salvatori) + (1 if i < altri % len(salvatori) else 0) for i in range(len(salvatori))]
    errori: list[str] = []

    def salva_in_raffica(indice: int) -> None:
        from django.db import connection

        client, percorso, dati, tavolo = salvatori[indice]
        try:
            for n in range(quanti[indice]):
                try:
                    sintesi = [f"Raffica di salvataggi del benchmark, {indice}.{n}."]
                    client.invia(percorso, {**dati, "sintesi": sintesi, "versione": _versione(tavolo)})
                except Exception as errore:  # counted and shown; the burst goes on
                    errori.append(str(errore))
        finally:
            connection.close()  # this thread's own connection (_versione)

    _quiete()
    time.sleep(PAUSA)
    inizio, inizio_monotono = _adesso(), time.monotonic()
    filoni = [threading.Thread(target=salva_in_raffica, args=(i,)) for i in range(len(salvatori))]
    for filone in filoni:
        filone.start()
    for filone in filoni:
        filone.join()
    dal, _risposta = modifica.salva(1)
    durata = dal - inizio_monotono
    per_pagina = lettori.attendi(modifica.attesi, dal)
    visibile = _adesso()
    dopo = ATTESA_MASSIMA if None in per_pagina.values() else max(t for t in per_pagina.values() if t is not None)
    nel_periodo = RicalcoloLog.objects.filter(avviato_il__gte=inizio, avviato_il__lte=visibile)
    eseguiti = nel_periodo.filter(esito=RicalcoloLog.Esito.COMPLETATO).count()
    # A task recounts again (up to RIPETIZIONI_MASSIME times) only for changes with no recount queued.
    task = nel_periodo.filter(esito=RicalcoloLog.Esito.COMPLETATO).order_by().values("task_id").distinct().count()
    saltati = nel_periodo.filter(esito=RicalcoloLog.Esito.SALTATO).count()
    print(
        f"\n  Raffica: {RAFFICA} salvataggi ({len(salvatori)} Operatori in parallelo, l'ultimo sposta {CONTATORE}) in {durata:.1f} s "
        f"({RAFFICA / durata:.0f} al secondo), non riusciti {len(errori)}; dall'ultimo alla modifica visibile {dopo:.1f} s; "
        f"ricalcoli avviati nel frattempo: {eseguiti} eseguiti da {task} task, {saltati} saltati (già in corso)",
        flush=True,
    )
    for errore in sorted(set(errori))[:5]:
        print(f"    ERRORE {errore} ({errori.count(errore)} volte)")
    raffica = f"Raffica di {formatta_numero(RAFFICA)} salvataggi"
    # "A handful of recounts, not 1,000": at most one every INTERVALLO_MINIMO_SECONDI of the burst, and
    # one more for its last save. The burst lasts what the machine takes to answer 1,000 saves (20-30 s
    # on two cores), so the target follows its length rather than a number fixed for one machine.
    from contatori.services import INTERVALLO_MINIMO_SECONDI

    massimo = int(durata // INTERVALLO_MINIMO_SECONDI) + 2
    return [
        (f"{raffica}: durata", round(durata, 1), "s", ""),
        (f"{raffica}: ricalcoli eseguiti (al più 1 ogni {INTERVALLO_MINIMO_SECONDI} s, e l'ultimo)", eseguiti, "ricalcoli", f"≤ {massimo}"),
        ("Raffica: dall'ultimo salvataggio alla modifica visibile", round(dopo, 2), "s", OBIETTIVO_VISIBILE),
        ("Raffica: salvataggi non riusciti", len(errori), "errori", "= 0"),
    ]
