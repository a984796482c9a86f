"""Counter figures for `make bench`: recount time, and the dashboard's server time at two scales.

`misura(1)` then `misura(100)`: the second call also reports the ratio of the two dashboard
times, which stays near 1 because the dashboard reads snapshot rows only.
"""

from __future__ import annotations

from bench import Riga, misura_ms

# Dashboard median (ms) measured by the first call, for the ratio at the larger scale.
_cruscotto_ms: dict[int, float] = {}


def _client_coordinatore():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from regioni.scoping import Ruolo

    utente = get_user_model().objects.filter(groups__name=Ruolo.COORDINATORE).order_by("pk").first()
    if utente is None:
        raise SystemExit("Nessun coordinatore: eseguire prima seed_demo.")
    client = Client()
    client.force_login(utente)
    return client


def misura(scala: int) -> list[Riga]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contatori.services import ricalcola

    def ricalcolo() -> None:
        esito = ricalcola(origine="bench")
        if not esito.eseguito:
            raise RuntimeError("ricalcolo saltato: un altro è in corso")

    ricalcolo_s = misura_ms(ricalcolo, ripetizioni=3, riscaldamento=1) / 1000
    client = _client_coordinatore()

    def cruscotto() -> None:
        assert client.get("/cruscotto/").status_code == 200

    def api() -> None:
        assert client.get("/api/contatori/").status_code == 200

    # More repetitions than elsewhere: the ratio of two medians is what is judged.
    cruscotto_ms = misura_ms(cruscotto, ripetizioni=15, riscaldamento=3)
    api_ms = misura_ms(api)
    with CaptureQueriesContext(connection) as query:
        cruscotto()
    _cruscotto_ms.setdefault(scala, cruscotto_ms)

    righe: list[Riga] = [
        (f"ricalcolo dei contatori, scala {scala}", round(ricalcolo_s, 3), "s", "< 3"),
        (f"cruscotto nazionale, tempo del server, scala {scala}", round(cruscotto_ms, 1), "ms", "< 300"),
        (f"query del cruscotto, scala {scala}", len(query.captured_queries), "query", "<= 15"),
        (f"API pubblica /api/contatori/, scala {scala}", round(api_ms, 1), "ms", "< 150"),
    ]
    piu_piccola = min(_cruscotto_ms)
    if scala > piu_piccola:
        rapporto = cruscotto_ms / _cruscotto_ms[piu_piccola]
        righe.append((f"cruscotto: scala {scala} / scala {piu_piccola}", round(rapporto, 2), "x", "<= 1.5"))
    return righe
