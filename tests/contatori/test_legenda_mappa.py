"""The map's legend says what each colour stands for (issue #20): the counter's values, as steps of
the highest region's, or the % of the target where regions have one; on the dashboard, in the data
the script recolours the map with, and on the public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contatori import mappa_italia
from contatori.models import Obiettivo
from contatori.services import ricalcola

pytestmark = pytest.mark.django_db


def test_each_colour_of_the_legend_has_its_values(dati, programma, client_coordinatore, client):
    ricalcola(origine="test")
    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", regione=dati["lombardia"], valore=8)
    ricalcola(origine="test")  # on commit, saving them queues a recount: the page reads the generation after it
    risposta = client_coordinatore.get(reverse("contatori:dashboard"), {"contatore": "tavoli_svolti"})
    mappa = risposta.context["mappa"]()
    assert mappa["legenda"] == list(
        zip(mappa_italia.SCALA, ["0%", "fino al 20%", "20%–40%", "40%–60%", "60%–80%", "80%–100%"], strict=True)
    )
    html = risposta.content.decode()
    assert "Percentuale dell’obiettivo raggiunta" in html and '<span data-passo>fino al 20%</span>' in html

    # A counter without targets: its values, in whole numbers, up to the highest region's (4 events
    # held in the `dati` fixture): a step no whole number falls in says so.
    legende = risposta.context["valori_js"]()["legende"]
    assert legende["eventi_svolti"] == ["0", "—", "1", "2", "3", "4"]
    assert legende["tavoli_svolti"] == [testo for _, testo in mappa["legenda"]]

    pubblica = client.get(reverse("contatori:pubblico"), {"contatore": "eventi_svolti"})
    assert [testo for _, testo in pubblica.context["mappa"]()["legenda"]] == ["0", "—", "1", "2", "3", "4"]
    assert "<span data-passo>4</span>" in pubblica.content.decode()


def test_a_count_with_a_larger_highest_value_has_a_range_per_colour():
    from decimal import Decimal
    from types import SimpleNamespace

    from contatori.presentation import legenda_mappa
    from contatori.registry import PER_CHIAVE

    regioni = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    quadro = SimpleNamespace(valore=lambda chiave, pk: {1: Decimal(100), 2: Decimal(7)}[pk])
    assert legenda_mappa(quadro, regioni, PER_CHIAVE["eventi_svolti"], False) == ["0", "1–19", "20–39", "40–59", "60–79", "80–100"]
