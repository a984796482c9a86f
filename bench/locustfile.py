"""Who loads the site in `make bench` (bench/carico.py runs it headless against gunicorn on 127.0.0.1).

Operatori browse their lists and save a tavolo; Coordinatori read the dashboard and region pages;
anonymous visitors read the public pages (the counters, the home, a region's page, the calendar) and
the open data (the API, the CSV, the DCAT catalogue). `CARICO_SOLO_PUBBLICO=1` keeps only the
anonymous visitors, without pauses: the capacity run that compares the cache on and off.

The server runs with DEBUG off, so its cookies are Secure: the client claims HTTPS through the proxy
header the settings trust (SECURE_PROXY_SSL_HEADER) and keeps Secure cookies over plain HTTP.
"""

from __future__ import annotations

import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser
from requests.cookies import create_cookie

from bench.modulo import Modulo

SOLO_PUBBLICO = os.environ.get("CARICO_SOLO_PUBBLICO") == "1"
# username -> session key, opened by bench/carico.py (a login per user would time PBKDF2, not pages).
SESSIONI: dict[str, str] = json.loads(Path(os.environ["CARICO_SESSIONI"]).read_text()) if os.environ.get("CARICO_SESSIONI") else {}
REGIONI = [u.removeprefix("operatore-") for u in SESSIONI if u.startswith("operatore-")] or ["lombardia"]
# Every region's public page, whoever is logged in (seed_demo's slugs).
REGIONI_PUBBLICHE = ["piemonte", "lombardia", "veneto", "emilia-romagna", "toscana", "lazio", "campania", "puglia", "sicilia", "sardegna"]
PASSWORD = "demo"  # seed_demo's demo users
_TAVOLO = re.compile(r'href="/tavoli/(\d+)/"')


class _CookieAncheSuHttp(DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request) -> bool:  # type: ignore[no-untyped-def]
        return True


class _Utente(FastHttpUser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(_CookieAncheSuHttp())
        if self.username in SESSIONI:
            self.client.cookiejar.set_cookie(create_cookie("sessionid", SESSIONI[self.username], domain=self.host.split("://", 1)[-1].split(":")[0]))
        elif self.username:
            self.client.get("/accounts/login/", name="login")
            self.invia("/accounts/login/", {"username": [self.username], "password": [PASSWORD]}, nome="login")

    @property
    def default_headers(self) -> dict[str, str]:  # type: ignore[override]
        return {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host.split('://', 1)[-1].rstrip('/')}/"}

    def invia(self, url: str, dati: dict[str, list[str]], *, nome: str) -> None:
        """POST a form with the CSRF token; a success is the redirect that follows a valid form."""
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        corpo = urlencode({**dati, "csrfmiddlewaretoken": [token]}, doseq=True)
        intestazioni = {**self.default_headers, "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(url, data=corpo, headers=intestazioni, name=nome, allow_redirects=False, catch_response=True) as r:
            # Two Operatori of a region saving the same tavolo at once: the second is refused with the
            # form again (its version is stale), which is the server doing its job, not a failure.
            concorrente = r.status_code == 200 and "Mentre compilavi il modulo" in (r.text or "")
            if r.status_code != 302 and not concorrente:
                r.failure(f"{nome}: HTTP {r.status_code}")


class Anonimo(_Utente):
    weight = 5
    wait_time = constant(0) if SOLO_PUBBLICO else between(0.5, 2)

    @task(3)
    def pagina_pubblica(self) -> None:
        self.client.get("/contatori/", name="/contatori/")

    @task(2)
    def api(self) -> None:
        self.client.get("/api/contatori/", name="/api/contatori/")

    @task(1)
    def csv(self) -> None:
        self.client.get("/api/contatori.csv", name="/api/contatori.csv")

    # The public pages of issue 19: the visitors' home, a region's page, the events' calendar and the
    # open-data catalogue, each kept per counter generation like /contatori/.
    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(1)
    def regione(self) -> None:
        self.client.get(f"/regioni/{random.choice(REGIONI_PUBBLICHE)}/", name="/regioni/<slug>/")

    @task(1)
    def calendario(self) -> None:
        self.client.get("/eventi/calendario/", name="/eventi/calendario/")

    @task(1)
    def catalogo(self) -> None:
        self.client.get("/dati/catalog.ttl", name="/dati/catalog.ttl")


if not SOLO_PUBBLICO:

    class Operatore(_Utente):
        weight = 4
        wait_time = between(0.5, 2)

        def on_start(self) -> None:
            self.regione = random.choice(REGIONI)
            self.username = f"operatore-{self.regione}"
            super().on_start()

        @task(2)
        def tavoli(self) -> None:
            self.client.get("/tavoli/", name="/tavoli/")

        @task(2)
        def eventi(self) -> None:
            self.client.get("/eventi/", name="/eventi/")

        @task(2)
        def opere(self) -> None:
            self.client.get("/programma/opere/", name="/programma/opere/")

        @task(1)
        def salva_tavolo(self) -> None:
            elenco = self.client.get("/tavoli/?ordine=-data", name="/tavoli/").text
            tavoli = _TAVOLO.findall(elenco)
            if not tavoli:
                return
            url = f"/tavoli/{random.choice(tavoli)}/modifica/"
            modulo = Modulo("sintesi")
            modulo.feed(self.client.get(url, name="/tavoli/<id>/modifica/").text)
            dati = modulo.dati()
            dati["sintesi"] = [f"Sintesi aggiornata durante la prova di carico ({random.randint(1, 10**9)})."]
            self.invia(url, dati, nome="/tavoli/<id>/modifica/ (salva)")

    class Coordinatore(_Utente):
        weight = 1
        wait_time = between(0.5, 2)
        username = "coordinatore"

        @task(3)
        def cruscotto(self) -> None:
            self.client.get("/cruscotto/", name="/cruscotto/")

        @task(1)
        def regione(self) -> None:
            self.client.get(f"/cruscotto/regioni/{random.choice(REGIONI)}/", name="/cruscotto/regioni/<slug>/")
