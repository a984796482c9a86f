from decimal import Decimal

import pytest

from contatori.registry import CONTATORI, PER_CHIAVE, _report_per_tipo, calcola_tutti
from programma.models import Report
from tests.contatori.conftest import attesi

pytestmark = pytest.mark.django_db

CATALOGO = [
    "regioni_coperte", "copertura_territoriale", "enti_coinvolti", "camere_coinvolte", "tavoli_svolti", "partecipanti_tavoli",
    "stakeholder_distinti", "opere_individuate", "opere_livello_1", "valore_opere", "opere_pnrr", "eventi_svolti",
    "seminari_svolti", "partecipanti_eventi", "imprese_bul_5g", "comuni_raggiunti", "report_pubblicati", "report_analisi_pubblicati",
    "libri_bianchi_pubblicati", "presentazioni_pubblicate", "strategici_approvati", "strategici_pubblicati",
    "tappe_roadshow", "fasi_completate",
    "avanzamento_medio", "fasi_in_ritardo",
]


def test_it_has_the_starting_catalogue():
    assert [c.chiave for c in CONTATORI] == CATALOGO
    for contatore in CONTATORI:
        assert str(contatore.etichetta) and str(contatore.descrizione) and contatore.unita


@pytest.mark.parametrize("chiave", CATALOGO)
def test_it_counts_every_region_and_the_nation(dati, programma, chiave):
    valori = calcola_tutti(programma)[chiave]
    atteso = attesi()[chiave]
    assert valori[dati["lombardia"].pk] == Decimal(atteso["lombardia"])
    assert valori[dati["sicilia"].pk] == Decimal(atteso["sicilia"])
    assert valori[dati["piemonte"].pk] == Decimal(atteso["piemonte"])
    assert valori[None] == Decimal(atteso["nazionale"])
    assert len(valori) == 21  # 20 regions and the nation


@pytest.mark.parametrize("chiave", CATALOGO)
def test_it_uses_one_grouped_query_per_counter(dati, programma, chiave, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        PER_CHIAVE[chiave].calcola(programma)


def test_distinct_stakeholders_add_up_over_regions(dati, programma):
    """Organisations are per region: "A" at a Lombard and a Sicilian tavolo is two stakeholders."""
    valori = calcola_tutti(programma)["stakeholder_distinti"]
    assert valori[None] == sum(v for k, v in valori.items() if k is not None) == 5


def test_it_ignores_planned_and_cancelled_activities(dati, programma):
    from eventi.models import Evento
    from tavoli.models import TavoloConfronto

    prima = calcola_tutti(programma)
    TavoloConfronto.objects.filter(progetto__programma=programma, stato="svolto").update(stato="annullato")
    Evento.objects.filter(progetto__programma=programma, stato="svolto").update(stato="pianificato")
    dopo = calcola_tutti(programma)
    for chiave in ["tavoli_svolti", "partecipanti_tavoli", "stakeholder_distinti", "eventi_svolti",
                   "partecipanti_eventi", "imprese_bul_5g", "tappe_roadshow", "copertura_territoriale"]:
        assert prima[chiave][None] > 0
        assert dopo[chiave][None] == 0, chiave


def test_it_counts_nothing_of_other_editions(dati, programma):
    from programma.models import Programma

    vecchia = Programma.objects.get(nome="Edizione 2023-2024")
    valori = calcola_tutti(vecchia)
    assert valori["tavoli_svolti"][None] == 1
    assert valori["stakeholder_distinti"][None] == 1
    # Only the old project's work: works with no project belong to the edition active when recorded.
    assert valori["opere_individuate"][None] == 1


# Found by `make mutants` (docs/ARCHITECTURE.md, "Mutants"): rules no other test named exactly.


@pytest.mark.parametrize(
    "chiave, tipo",
    [
        ("report_analisi_pubblicati", Report.Tipo.REPORT_ANALISI),
        ("libri_bianchi_pubblicati", Report.Tipo.LIBRO_BIANCO),
        ("presentazioni_pubblicate", Report.Tipo.PRESENTAZIONE),
    ],
)
def test_a_counter_of_one_kind_of_report_counts_that_kind_published_in_the_edition(dati, programma, chiave, tipo):
    """`_report_per_tipo` builds the three counters when the registry is imported: built here, so that a
    change to it fails a test (the other tests read the counters it built at import)."""
    valori = _report_per_tipo(tipo)(programma)
    atteso = attesi()[chiave]
    assert {regione: valori.get(dati[regione].pk, 0) for regione in ("lombardia", "sicilia", "piemonte")} == {
        regione: Decimal(atteso[regione]) for regione in ("lombardia", "sicilia", "piemonte")
    }
    assert valori[None] == Decimal(atteso["nazionale"])


def test_a_counter_reads_one_in_the_singular():
    """"1 regione", "2 regioni": the counter's unit follows its value; "%" has no singular."""
    regioni, copertura = PER_CHIAVE["regioni_coperte"], PER_CHIAVE["copertura_territoriale"]
    assert [regioni.unita_per(Decimal(n)) for n in (1, 2)] == ["regione", "regioni"]
    assert copertura.unita_per(Decimal(1)) == "%"


def test_a_region_whose_phases_are_all_at_zero_counts_as_zero_in_the_national_mean(dati, programma):
    """The national mean is over every phase: a region that has not started weighs its phases at 0."""
    from programma.models import Fase
    from tests import factories

    factories.ProgettoRegionaleFactory(programma=programma, regione=dati["piemonte"])
    valori = PER_CHIAVE["avanzamento_medio"].calcola(programma)
    fasi = Fase.objects.filter(progetto__programma=programma)
    assert valori[dati["piemonte"].pk] == 0
    assert valori[None] == (Decimal(150 + 130) / fasi.count()).quantize(Decimal("0.01")) == Decimal("23.33")


def test_an_edition_without_projects_counts_zero_everywhere(programma):
    """A new edition, nothing recorded yet: every counter is a Decimal 0 in every region and nationally
    (no division by zero, no int 0 from an empty sum)."""
    valori = calcola_tutti(programma)
    assert {chiave: set(per_regione.values()) for chiave, per_regione in valori.items()} == {chiave: {0} for chiave in CATALOGO}
    assert {type(valore) for per_regione in valori.values() for valore in per_regione.values()} == {Decimal}


def test_a_camera_counts_for_any_one_of_its_roles_and_an_unione_never(programma, progetto, altro_progetto):
    """A Camera coinvolta leads a project, or is a partner, or ran a held tavolo or event: one of them is
    enough. An Unione regionale leading a project is an Ente coinvolto, not a Camera."""
    from regioni.models import Ente
    from tests import factories

    assert progetto.ente_capofila.tipo == Ente.Tipo.CAMERA_COMMERCIO  # Lombardia: leads, nothing else
    sicilia = altro_progetto.regione
    altro_progetto.ente_capofila = Ente.objects.get(regione=sicilia, tipo=Ente.Tipo.UNIONE_REGIONALE)
    altro_progetto.save()
    camera_sicilia = Ente.objects.filter(regione=sicilia, tipo=Ente.Tipo.CAMERA_COMMERCIO).order_by("nome").first()
    factories.EventoFactory(progetto=altro_progetto, ente=camera_sicilia)  # Sicilia: ran a held event, nothing else
    valori = PER_CHIAVE["camere_coinvolte"].calcola(programma)
    assert (valori[progetto.regione_id], valori[sicilia.pk], valori[None]) == (1, 1, 2)


def test_an_ente_partner_of_several_projects_counts_once(programma, progetto, altro_progetto):
    """Enti coinvolti are distinct: leading one project and partnering two more is still one Ente."""
    from tests import factories

    piemonte = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("piemonte"))
    for partner_di in (altro_progetto, piemonte):
        partner_di.enti_partecipanti.add(progetto.ente_capofila)
    valori = PER_CHIAVE["enti_coinvolti"].calcola(programma)
    assert (valori[progetto.regione_id], valori[altro_progetto.regione_id], valori[piemonte.regione_id], valori[None]) == (1, 1, 1, 3)
