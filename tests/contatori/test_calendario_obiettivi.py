"""The expected share of a target follows the calendar of its counter's phase (#20 part 8)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from contatori.models import Obiettivo
from contatori.obiettivi import obiettivi, progresso
from contatori.registry import PER_CHIAVE
from contatori.services import ricalcola
from programma.models import Fase
from tests import factories

pytestmark = pytest.mark.django_db

GIORNO = dt.date(2025, 12, 1)  # 334 days into an edition of 2025


@pytest.fixture
def lombardia():
    progetto = factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    progetto.programma.data_fine = dt.date(2025, 12, 31)
    progetto.programma.save()
    date = {
        1: (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        3: (dt.date(2025, 9, 1), dt.date(2025, 12, 31)),
        4: (dt.date(2026, 1, 10), dt.date(2026, 4, 30)),  # the roadshow starts next year
    }
    for numero, (inizio, fine) in date.items():
        Fase.objects.filter(progetto=progetto, numero=numero).update(data_inizio_prevista=inizio, data_fine_prevista=fine)
    return progetto


def _obiettivo(progetto, chiave, valore, regione=True):
    Obiettivo.objects.create(programma=progetto.programma, contatore=chiave, regione=progetto.regione if regione else None, valore=valore)
    return obiettivi(progetto.programma)[chiave][progetto.regione_id if regione else None]


def test_the_registry_knows_each_counters_phase():
    assert PER_CHIAVE["tappe_roadshow"].fase == 4
    assert PER_CHIAVE["tavoli_svolti"].fase == 1
    assert PER_CHIAVE["imprese_bul_5g"].fase == 3
    assert PER_CHIAVE["eventi_svolti"].fase is None  # events of every phase: the whole edition


def test_a_roadshow_counter_expects_nothing_before_phase_4_starts(lombardia):
    p = progresso(Decimal(0), _obiettivo(lombardia, "tappe_roadshow", 5), lombardia.programma, oggi=GIORNO)
    assert p.atteso == 0
    assert p.stato == "in_linea"  # not "in ritardo", though 91% of the edition has gone


def test_the_expected_share_is_the_elapsed_fraction_of_the_phase(lombardia):
    # Phase 3 runs 1 September - 31 December: on 1 December 91 of its 121 days have gone.
    p = progresso(Decimal(50), _obiettivo(lombardia, "imprese_bul_5g", 100), lombardia.programma, oggi=GIORNO)
    assert p.atteso == Decimal("75.2")
    assert p.stato == "in_ritardo"
    # Phase 1 is over: all of it is expected.
    assert progresso(Decimal(9), _obiettivo(lombardia, "tavoli_svolti", 10), lombardia.programma, oggi=GIORNO).atteso == 100
    # A counter of no phase follows the edition, as before.
    atteso = progresso(Decimal(0), _obiettivo(lombardia, "eventi_svolti", 10), lombardia.programma, oggi=GIORNO).atteso
    assert atteso == Decimal("91.8")


def test_a_national_target_follows_the_regions_span_of_the_phase(lombardia):
    sicilia = factories.ProgettoRegionaleFactory(regione=factories.regione("sicilia"), programma=lombardia.programma)
    Fase.objects.filter(progetto=sicilia, numero=4).update(data_inizio_prevista=dt.date(2025, 11, 1), data_fine_prevista=dt.date(2026, 2, 28))
    nazionale = _obiettivo(lombardia, "tappe_roadshow", 40, regione=False)
    # Sicilia's roadshow started on 1 November, Lombardia's ends on 30 April: 30 of 180 days.
    assert progresso(Decimal(0), nazionale, lombardia.programma, oggi=GIORNO).atteso == Decimal("16.7")


def test_a_future_planned_roadshow_stop_is_never_behind(client_coordinatore):
    """The "behind target" list and the dashboard read the same rule: a stop planned next month, in a
    phase that has not started, is not late, though most of the edition has gone."""
    oggi = timezone.localdate()
    programma = factories.ProgrammaFactory(nome="In corso", data_inizio=oggi - dt.timedelta(days=700), data_fine=oggi + dt.timedelta(days=20))
    progetto = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("lombardia"))
    fase = progetto.fasi.get(numero=4)
    fase.data_inizio_prevista, fase.data_fine_prevista = oggi + dt.timedelta(days=10), oggi + dt.timedelta(days=90)
    fase.save()
    factories.EventoFactory(
        progetto=progetto, fase=fase, tipo="tappa_roadshow", stato="pianificato", data=oggi + dt.timedelta(days=30), n_partecipanti=0, n_imprese=0,
    )  # fmt: skip
    for chiave in ("tappe_roadshow", "eventi_svolti"):
        Obiettivo.objects.create(programma=programma, contatore=chiave, regione=progetto.regione, valore=3)
    ricalcola(origine="test")
    risposta = client_coordinatore.get("/cruscotto/obiettivi/in-ritardo/")
    assert risposta.status_code == 200
    in_ritardo = {r["contatore"].chiave for r in risposta.context["righe"]}
    assert in_ritardo == {"eventi_svolti"}  # of the whole edition: behind; the roadshow: not yet expected
    html = client_coordinatore.get("/cruscotto/regioni/lombardia/").content.decode()
    scheda = {k: re.sub(r"\s+", " ", v) for k, v in re.findall(r'data-testid="obiettivo-(\w+)">(.*?)</p>', html, re.S)}
    assert "in linea" in scheda["tappe_roadshow"] and "in ritardo" in scheda["eventi_svolti"]
