"""Every number of the counter pages that is a link opens exactly the records it counts.

On the demo data (seed_demo): for each card of the dashboard and of a region page, and for the
region table's cells of a few regions, follow the link and compare the list's count (`totale`), or
the list's figure the counter names (`Collegamento.misura`: participants, an amount, an average),
with the counter's own value.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from contatori.registry import CONTATORI

pytestmark = pytest.mark.django_db

# Counters no list shows exactly (a share of provinces; distinct enti, Camere, organisations, comuni):
# their numbers are not links.
SENZA_ELENCO = {"copertura_territoriale", "enti_coinvolti", "camere_coinvolte", "stakeholder_distinti", "comuni_raggiunti"}


def _numero_dell_elenco(client, url: str, misura: str) -> Decimal:
    risposta = client.get(url)
    assert risposta.status_code == 200, url
    filtro = risposta.context["filtro"]
    assert filtro.form.is_valid(), (url, filtro.form.errors)
    if not misura:
        return Decimal(risposta.context["totale"])
    riepilogo = next(r for r in risposta.context["riepiloghi"] if r["chiave"] == misura)
    assert riepilogo["testo"] in risposta.content.decode(), url  # shown beside the count
    return Decimal(str(riepilogo["valore"])).quantize(Decimal("0.01"))


def _controlla(client, numeri: list[tuple[str, str, Decimal]]) -> int:
    """(counter key, link, the counter's value): each link's list shows the value."""
    misure = {c.chiave: c.collegamento.misura for c in CONTATORI if c.collegamento}
    for chiave, url, valore in numeri:
        assert _numero_dell_elenco(client, url, misure[chiave]) == valore.quantize(Decimal("0.01")), (chiave, url)
    return len(numeri)


@pytest.fixture
def demo(client):
    call_command("seed_demo", "--senza-libri", "--giorni-storia", "0", stdout=StringIO())
    client.force_login(get_user_model().objects.get(username="coordinatore"))
    return client


def test_every_linked_number_opens_exactly_its_records(demo):
    client = demo
    cruscotto = client.get("/cruscotto/")
    quadro = cruscotto.context["quadro"]()

    schede = cruscotto.context["schede"]()
    assert {s["contatore"].chiave for s in schede if not s["url"]} == SENZA_ELENCO
    controllati = _controlla(client, [(s["contatore"].chiave, s["url"], quadro.valore(s["contatore"].chiave)) for s in schede if s["url"]])

    for riga in cruscotto.context["tabella"]():
        if riga["regione"].slug not in ("lombardia", "molise", "sicilia"):
            continue
        celle = zip(cruscotto.context["regionali"], riga["celle"])
        controllati += _controlla(client, [(c.chiave, cella["url"], cella["valore"]) for c, cella in celle if cella["url"]])

    regione = client.get("/cruscotto/regioni/toscana/")
    toscana = regione.context["regione"]
    controllati += _controlla(
        client, [(s["contatore"].chiave, s["url"], quadro.valore(s["contatore"].chiave, toscana.pk)) for s in regione.context["schede"]() if s["url"]]
    )
    assert controllati == 21 + 3 * 20 + 20
