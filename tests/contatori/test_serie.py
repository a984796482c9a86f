"""The charts' data: a point a day for the last 90 days, one a week before, and the regions' comparison."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from contatori.models import Snapshot
from contatori.selectors import GIORNI_GIORNALIERI, serie_per_regione, serie_storiche
from contatori.services import ricalcola
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/cruscotto/"


def _storia(programma, regione, giorni: int, *, contatore: str = "tavoli_svolti", passo: int = 1) -> None:
    """A row a day for `giorni` days up to today, rising by `passo` a day."""
    oggi = timezone.localdate()
    Snapshot.objects.bulk_create(
        Snapshot(
            contatore=contatore, regione=regione, programma=programma, giorno=oggi - dt.timedelta(days=n),
            valore=Decimal(passo * (giorni - n)), calcolato_il=timezone.now() - dt.timedelta(days=n),
        )
        for n in range(giorni)
    )


def test_the_chart_has_a_point_a_day_for_90_days_then_a_point_a_week(programma):
    programma.data_inizio = timezone.localdate() - dt.timedelta(days=400)
    programma.save()
    _storia(programma, None, 300)
    oggi = timezone.localdate()
    giorni = [g for g, _ in serie_storiche(programma, regione_id=None, ultimo=oggi)["tavoli_svolti"]]
    distanze = [(oggi - g).days for g in giorni]
    assert distanze[-GIORNI_GIORNALIERI - 1:] == list(range(GIORNI_GIORNALIERI, -1, -1))
    settimanali = distanze[: -GIORNI_GIORNALIERI - 1]
    # A whole number of weeks before the newest day, back to the oldest row: the browser keeps one a week.
    assert settimanali == list(range(294, GIORNI_GIORNALIERI, -7))
    assert all(d % 7 == 0 for d in settimanali)


def test_the_chart_starts_at_the_editions_start(programma):
    programma.data_inizio = timezone.localdate() - dt.timedelta(days=120)
    programma.save()
    _storia(programma, None, 300)
    giorni = [g for g, _ in serie_storiche(programma, regione_id=None, ultimo=timezone.localdate())["tavoli_svolti"]]
    assert min(giorni) >= programma.data_inizio


def test_the_comparison_reads_one_counter_for_the_regions_asked(programma, django_assert_num_queries):
    lombardia, sicilia, piemonte = (factories.regione(s) for s in ("lombardia", "sicilia", "piemonte"))
    for regione in (lombardia, sicilia, piemonte):
        _storia(programma, regione, 10)
    _storia(programma, lombardia, 10, contatore="eventi_svolti")
    with django_assert_num_queries(1):
        serie = serie_per_regione(programma, "tavoli_svolti", regioni=[lombardia.pk, sicilia.pk], ultimo=timezone.localdate())
    assert set(serie) == {lombardia.pk, sicilia.pk}
    assert [v for _, v in serie[lombardia.pk]] == [Decimal(n) for n in range(1, 11)]


def test_the_dashboard_compares_the_largest_regions_by_default(dati, client_coordinatore):
    ricalcola(origine="test")
    risposta = client_coordinatore.get(URL)
    voci = risposta.context["regioni_confronto"]()
    assert [v["regione"].slug for v in voci[:2]] == ["lombardia", "sicilia"]  # 2 and 1 tavoli held
    assert [v["predefinita"] for v in voci] == [True] * 5 + [False] * 15
    dati_js = risposta.context["confronto_js"]()
    assert dati_js["etichetta"].startswith("Tavoli svolti")
    assert [r["slug"] for r in dati_js["regioni"]] == [v["regione"].slug for v in voci]
    assert dati_js["regioni"][0]["valori"] == [2]
    html = risposta.content.decode()
    assert 'id="confronto-lombardia" value="lombardia" checked data-predefinita' in html
    assert 'id="confronto-sardegna" value="sardegna">' in html


def test_the_dashboard_compares_the_counter_asked_for(dati, client_coordinatore):
    ricalcola(origine="test")
    risposta = client_coordinatore.get(URL, {"confronto": "partecipanti_eventi"})
    assert risposta.context["confronto"].chiave == "partecipanti_eventi"
    assert risposta.context["confronto_js"]()["regioni"][0] == {"slug": "lombardia", "nome": "Lombardia", "valori": [140]}
    # A count of regions compares nothing (0 or 1 each): the map's counter, then the default.
    assert client_coordinatore.get(URL, {"confronto": "regioni_coperte"}).context["confronto"].chiave == "tavoli_svolti"
    assert client_coordinatore.get(URL, {"confronto": "nessuno", "contatore": "eventi_svolti"}).context["confronto"].chiave == "eventi_svolti"


def test_the_comparison_is_cached_per_counter(dati, client_coordinatore):
    ricalcola(origine="test")
    tavoli = client_coordinatore.get(URL).content.decode()
    eventi = client_coordinatore.get(URL, {"confronto": "eventi_svolti"}).content.decode()
    assert '<option value="eventi_svolti" selected>' in eventi and '<option value="eventi_svolti" selected>' not in tavoli
    # The map's fragment is shared by both (the same chosen counter).
    assert client_coordinatore.get(URL).content.decode().count("Tavoli svolti (tavoli)") == tavoli.count("Tavoli svolti (tavoli)")


def test_the_series_share_one_list_of_days(dati, programma, client_coordinatore):
    ricalcola(origine="test")
    oggi = Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).get()
    Snapshot.objects.create(
        contatore="tavoli_svolti", regione=None, programma=programma, giorno=oggi.giorno - dt.timedelta(days=3),
        valore=Decimal(1), calcolato_il=oggi.calcolato_il,
    )
    ricalcola(origine="test")  # the days before today are written by earlier recounts: the page reads a later one
    serie = client_coordinatore.get(URL).context["serie_js"]()
    assert serie["giorni"] == [(oggi.giorno - dt.timedelta(days=3)).isoformat(), oggi.giorno.isoformat()]
    assert serie["contatori"]["tavoli_svolti"]["valori"] == [1, 3]
    assert serie["contatori"]["eventi_svolti"]["valori"] == [None, 6]  # no row that day: a gap, not a zero
