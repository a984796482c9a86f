"""A small hand-built programme whose every counter is known in advance (see `ATTESI`)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from eventi.models import Tema
from programma.models import Fase, ProgettoStrategico, Programma
from regioni.models import Comune, Ente, Provincia
from tests import factories


def provincia(sigla: str) -> Provincia:
    return Provincia.objects.get(sigla=sigla)


def _province(slug: str) -> int:
    return Provincia.objects.filter(regione__slug=slug).count()


def _libera_lock() -> None:
    from django.conf import settings
    from django.core.cache import cache

    from contatori.services import CHIAVE_LOCK

    cache.delete(CHIAVE_LOCK)
    if settings.REDIS_URL:
        import redis

        redis.Redis.from_url(settings.REDIS_URL).delete(CHIAVE_LOCK)


@pytest.fixture(autouse=True)
def senza_lock():
    """No recount lock left over by another test."""
    _libera_lock()
    yield
    _libera_lock()


@pytest.fixture
def eager(monkeypatch):
    """Run queued tasks in-process even when REDIS_URL points at a real broker."""
    from programma.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def dati(programma, progetto, altro_progetto):
    """Lombardia and Sicilia in the active edition, Lombardia again in an old one, and Piemonte's work."""
    lombardia, sicilia = progetto.regione, altro_progetto.regione
    vecchia = Programma.objects.create(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    enti_l = list(Ente.objects.filter(regione=lombardia).order_by("tipo", "nome"))
    progetto_vecchio = factories.ProgettoRegionaleFactory(programma=vecchia, regione=lombardia, ente_capofila=enti_l[2])
    progetto_vecchio.enti_partecipanti.set([enti_l[3]])
    # Enti: Lombardia {capofila, enti_l[1]}, Sicilia {its capofila, also a partner of Lombardia}.
    progetto.enti_partecipanti.set([progetto.ente_capofila, enti_l[1], altro_progetto.ente_capofila])

    org = {nome: factories.OrganizzazioneFactory(nome=nome, regione=lombardia) for nome in "ABCDF"}
    # Organisations are per region: Sicily's "A" is its own row, and "E" is Sicilian.
    org_sicilia = {nome: factories.OrganizzazioneFactory(nome=nome, regione=sicilia) for nome in "AE"}
    # Run by a Camera with no project role: one more Camera coinvolta (a planned tavolo's Camera is not).
    t1 = factories.TavoloConfrontoFactory(progetto=progetto, provincia=provincia("MI"), ente=enti_l[4])  # 25 participants
    t1.organizzazioni.set([org["A"], org["B"]])
    t2 = factories.TavoloConfrontoFactory(
        progetto=progetto, provincia=provincia("BG"), n_esperti=1, n_associazioni=0, n_imprese=0, n_istituzioni=0, n_gestori=0
    )
    t2.organizzazioni.set([org["B"], org["C"]])
    pianificato = factories.TavoloConfrontoFactory(progetto=progetto, stato="pianificato", provincia=provincia("CO"), ente=enti_l[5])
    pianificato.organizzazioni.set([org["D"]])
    factories.TavoloConfrontoFactory(progetto=progetto, stato="annullato", provincia=provincia("VA"))
    s1 = factories.TavoloConfrontoFactory(progetto=altro_progetto, provincia=provincia("PA"))  # 25
    s1.organizzazioni.set([org_sicilia["A"], org_sicilia["E"]])
    vecchio = factories.TavoloConfrontoFactory(progetto=progetto_vecchio, provincia=provincia("SO"))
    vecchio.organizzazioni.set([org["F"]])

    E = factories.EventoFactory
    e1 = E(progetto=progetto, tipo="incontro_bul_5g", n_partecipanti=40, n_imprese=25, provincia=provincia("MI"))
    e2 = E(progetto=progetto, tipo="seminario", n_partecipanti=30, n_imprese=10)
    e2.temi.set(Tema.objects.filter(codice__in=["bul", "5g"]))  # both themes: still counted once
    e3 = E(progetto=progetto, tipo="seminario", n_partecipanti=20, n_imprese=5, provincia=provincia("MN"), stato="annullato")
    e3.temi.set(Tema.objects.filter(codice="bul"))
    # Comuni informed: Milano at two held events counts once; the cancelled event's comune not at all.
    comune = {nome: Comune.objects.get(nome=nome) for nome in ("Milano", "Bergamo", "Mantova", "Sondrio")}
    e1.comuni_informati.set([comune["Milano"], comune["Bergamo"]])
    e2.comuni_informati.set([comune["Milano"]])
    e3.comuni_informati.set([comune["Mantova"]])
    E(progetto=progetto, tipo="convegno", n_partecipanti=20, n_imprese=5)
    E(progetto=progetto, tipo="tappa_roadshow", n_partecipanti=50, n_imprese=0)
    E(progetto=progetto, tipo="tappa_roadshow", stato="pianificato", provincia=provincia("PV"))
    E(progetto=altro_progetto, tipo="incontro_bul_5g", stato="annullato", provincia=provincia("ME"))
    E(progetto=altro_progetto, tipo="tappa_roadshow", n_partecipanti=10, n_imprese=3, provincia=provincia("CT"))
    E(progetto=progetto_vecchio, tipo="incontro_bul_5g", provincia=provincia("LO")).comuni_informati.set([comune["Sondrio"]])

    R = factories.ReportFactory
    R(progetto=progetto, pubblicato=True), R(progetto=progetto, pubblicato=True), R(progetto=progetto)
    R(progetto=altro_progetto, pubblicato=True), R(progetto=progetto_vecchio, pubblicato=True)
    R(progetto=progetto, tipo="libro_bianco", pubblicato=True), R(progetto=progetto, tipo="presentazione", pubblicato=True)
    R(progetto=altro_progetto, tipo="presentazione")
    # Proposed, not yet published; and published by the old checkbox without its file: neither counts.
    R(progetto=progetto, tipo="libro_bianco", stato="in_revisione", file="report/proposto.pdf")
    R(progetto=altro_progetto, tipo="libro_bianco", stato="pubblicato")
    # A webinar on "digitale" is phase 3's awareness too: its firms count.
    e4 = E(progetto=altro_progetto, tipo="webinar", online=True, luogo="", n_partecipanti=12, n_imprese=7)
    e4.temi.set(Tema.objects.filter(codice="digitale"))

    # Strategic projects: Lombardia's approved, Sicily's published, the old edition's not counted.
    ProgettoStrategico.objects.create(progetto=progetto, titolo="L", stato="approvato")
    factories.libro_pubblicato(ProgettoStrategico.objects.create(progetto=altro_progetto, titolo="S"))
    factories.libro_pubblicato(ProgettoStrategico.objects.create(progetto=progetto_vecchio, titolo="V"))

    Opera = factories.OperaPrioritariaFactory
    Opera(regione=lombardia, progetto=progetto, livello_priorita=1, costo_stimato=1_000_000, finanziamento_pnrr=True)
    Opera(regione=lombardia, livello_priorita=2, costo_stimato=Decimal("2500000.50"))
    Opera(regione=lombardia, progetto=progetto_vecchio, livello_priorita=1, costo_stimato=9_000_000, finanziamento_pnrr=True)
    Opera(regione=sicilia, livello_priorita=1, costo_stimato=None, finanziamento_pnrr=True)
    Opera(regione=factories.regione("piemonte"), livello_priorita=1, costo_stimato=500)

    ieri, tra_un_mese = timezone.localdate() - dt.timedelta(days=1), timezone.localdate() + dt.timedelta(days=30)

    def fase(prog, numero, **campi):
        Fase.objects.filter(progetto=prog, numero=numero).update(**campi)

    fase(progetto, 1, stato="completata", avanzamento=100, data_fine_prevista=ieri)
    fase(progetto, 2, stato="in_corso", avanzamento=50, data_fine_prevista=ieri)
    fase(progetto, 3, data_fine_prevista=tra_un_mese)
    fase(altro_progetto, 1, stato="completata", avanzamento=100)
    fase(altro_progetto, 2, stato="in_corso", avanzamento=30, data_fine_prevista=ieri)
    fase(progetto_vecchio, 1, stato="completata", avanzamento=100)
    fase(progetto_vecchio, 2, stato="in_corso", avanzamento=10, data_fine_prevista=ieri)
    return {"lombardia": lombardia, "sicilia": sicilia, "piemonte": factories.regione("piemonte")}


def percento(parte: int, totale: int) -> Decimal:
    return (Decimal(parte) * 100 / Decimal(totale)).quantize(Decimal("0.01"))


def attesi() -> dict[str, dict[str, Decimal]]:
    """counter -> {"lombardia", "sicilia", "piemonte", "nazionale"} for the `dati` fixture."""
    from regioni.models import Provincia

    return {
        "regioni_coperte": {"lombardia": 1, "sicilia": 1, "piemonte": 0, "nazionale": 2},
        "copertura_territoriale": {
            "lombardia": percento(2, _province("lombardia")),  # MI, BG
            "sicilia": percento(2, _province("sicilia")),  # PA, CT
            "piemonte": 0,
            "nazionale": percento(4, Provincia.objects.count()),
        },
        "enti_coinvolti": {"lombardia": 2, "sicilia": 1, "piemonte": 0, "nazionale": 3},
        "camere_coinvolte": {"lombardia": 3, "sicilia": 1, "piemonte": 0, "nazionale": 4},
        "tavoli_svolti": {"lombardia": 2, "sicilia": 1, "piemonte": 0, "nazionale": 3},
        "partecipanti_tavoli": {"lombardia": 26, "sicilia": 25, "piemonte": 0, "nazionale": 51},
        # A is at tavoli of both regions: 3 + 2 regionally, 4 nationally.
        "stakeholder_distinti": {"lombardia": 3, "sicilia": 2, "piemonte": 0, "nazionale": 5},
        "opere_individuate": {"lombardia": 2, "sicilia": 1, "piemonte": 1, "nazionale": 4},
        "opere_livello_1": {"lombardia": 1, "sicilia": 1, "piemonte": 1, "nazionale": 3},
        "valore_opere": {
            "lombardia": Decimal("3500000.50"), "sicilia": 0, "piemonte": 500, "nazionale": Decimal("3500500.50"),
        },
        "opere_pnrr": {"lombardia": 1, "sicilia": 1, "piemonte": 0, "nazionale": 2},
        "eventi_svolti": {"lombardia": 4, "sicilia": 2, "piemonte": 0, "nazionale": 6},
        "seminari_svolti": {"lombardia": 1, "sicilia": 0, "piemonte": 0, "nazionale": 1},
        "partecipanti_eventi": {"lombardia": 140, "sicilia": 22, "piemonte": 0, "nazionale": 162},
        "imprese_bul_5g": {"lombardia": 35, "sicilia": 7, "piemonte": 0, "nazionale": 42},
        "comuni_raggiunti": {"lombardia": 2, "sicilia": 0, "piemonte": 0, "nazionale": 2},
        "report_pubblicati": {"lombardia": 4, "sicilia": 1, "piemonte": 0, "nazionale": 5},
        "report_analisi_pubblicati": {"lombardia": 2, "sicilia": 1, "piemonte": 0, "nazionale": 3},
        "libri_bianchi_pubblicati": {"lombardia": 1, "sicilia": 0, "piemonte": 0, "nazionale": 1},
        "presentazioni_pubblicate": {"lombardia": 1, "sicilia": 0, "piemonte": 0, "nazionale": 1},
        "strategici_approvati": {"lombardia": 1, "sicilia": 1, "piemonte": 0, "nazionale": 2},
        "strategici_pubblicati": {"lombardia": 0, "sicilia": 1, "piemonte": 0, "nazionale": 1},
        "tappe_roadshow": {"lombardia": 1, "sicilia": 1, "piemonte": 0, "nazionale": 2},
        "fasi_completate": {"lombardia": 1, "sicilia": 1, "piemonte": 0, "nazionale": 2},
        "avanzamento_medio": {
            "lombardia": Decimal("37.50"), "sicilia": Decimal("32.50"), "piemonte": 0, "nazionale": Decimal("35.00"),
        },
        "fasi_in_ritardo": {"lombardia": 1, "sicilia": 1, "piemonte": 0, "nazionale": 2},
    }
