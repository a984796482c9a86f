from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Length
from django.utils import timezone

from contatori.models import Snapshot
from contatori.registry import CONTATORI
from eventi.models import Evento
from programma import fields
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Report
from regioni.models import Regione
from regioni.scoping import ambito_di
from tavoli.models import Organizzazione, TavoloConfronto

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    # Without the counters' history (test_it_writes_a_rising_history covers it): 200,000 rows a run.
    call_command("seed_demo", "--senza-ricalcolo", "--senza-libri", "--giorni-storia", "0", *args, stdout=out)
    return out.getvalue()


def conteggi() -> dict[str, int]:
    return {
        "tavoli": TavoloConfronto.objects.count(),
        "organizzazioni": Organizzazione.objects.count(),
        "partecipazioni": TavoloConfronto.organizzazioni.through.objects.count(),
        "opere": OperaPrioritaria.objects.count(),
        "province_opere": OperaPrioritaria.province.through.objects.count(),
        "eventi": Evento.objects.count(),
        "temi_eventi": Evento.temi.through.objects.count(),
        "comuni_informati": Evento.comuni_informati.through.objects.count(),
        "enti_partecipanti": ProgettoRegionale.enti_partecipanti.through.objects.count(),
        "report": Report.objects.count(),
        "fasi": Fase.objects.count(),
    }


def test_it_works():
    out = StringIO()
    call_command("seed_demo", "--senza-libri", "--giorni-storia", "0", stdout=out)
    assert "Dati dimostrativi (scala 1)" in out.getvalue()

    utente = get_user_model().objects.get(username="operatore-lombardia")
    assert utente.check_password("demo")
    assert ambito_di(utente).regione.slug == "lombardia"
    assert get_user_model().objects.filter(username__startswith="operatore-").count() == 20

    regioni = Regione.objects.count()
    assert ProgettoRegionale.objects.count() == regioni == 20
    assert Fase.objects.count() == 4 * regioni
    for modello in (TavoloConfronto, Evento, Report):
        assert modello.objects.values("progetto__regione").distinct().count() == regioni
    assert OperaPrioritaria.objects.values("regione").distinct().count() == regioni

    # Volumes and mix of the programme's first edition.
    assert 94 <= TavoloConfronto.objects.count() <= 120
    assert 1800 <= Organizzazione.objects.filter(tavoli__isnull=False).distinct().count() <= 2400
    assert 480 <= OperaPrioritaria.objects.count() <= 540
    assert 130 <= Evento.objects.count() <= 170
    assert Report.objects.count() == 40
    opere = OperaPrioritaria.objects.all()
    assert 150e9 <= opere.aggregate(totale=Sum("costo_stimato"))["totale"] <= 260e9
    modalita = dict(opere.values_list("modalita").annotate(n=Count("id")))
    assert modalita["stradale"] > modalita["ferroviaria"] > modalita["portuale"]
    assert 0.35 <= opere.filter(livello_priorita=1).count() / opere.count() <= 0.6
    assert opere.filter(finanziamento_pnrr=True).exists()
    assert TavoloConfronto.objects.filter(stato="svolto").count() > TavoloConfronto.objects.exclude(stato="svolto").count()
    assert Evento.objects.filter(tipo="tappa_roadshow").exists()
    assert Evento.objects.filter(temi__codice="bul").exists()
    assert Fase.objects.filter(numero=1, stato="completata").count() >= 15
    assert Fase.objects.in_ritardo().exists()
    # Every long text of the demo fits its field's limit (programma/fields.py).
    troppo_lunghi = {
        f"{modello.__name__}.{campo.name}": lunghezza
        for modello in apps.get_models()
        for campo in modello._meta.get_fields()
        if isinstance(campo, fields.TestoLungo)
        if (lunghezza := modello._default_manager.aggregate(n=Max(Length(campo.name)))["n"] or 0) > campo.max_length
    }
    assert troppo_lunghi == {}
    # Tavoli are held in the region's own provinces.
    assert not TavoloConfronto.objects.exclude(provincia__regione=F("progetto__regione")).exists()
    # Phase 3's held awareness events informed comuni of their own region; the Camere take part in the projects.
    informati = Evento.comuni_informati.through.objects
    assert informati.count() > 100
    assert not informati.exclude(comune__provincia__regione=F("evento__progetto__regione")).exists()
    assert not informati.exclude(evento__stato="svolto").exists()
    assert ProgettoRegionale.objects.filter(enti_partecipanti__tipo="camera_commercio").distinct().count() >= 15


def test_it_is_idempotent():
    seed()
    prima = conteggi()
    out = seed()
    assert conteggi() == prima
    assert "tavoli di confronto: 108 (nuovi: 0)" in out


def test_it_never_touches_user_rows():
    seed()
    progetto = ProgettoRegionale.objects.get(regione__slug="lombardia")
    mio = TavoloConfronto.objects.create(progetto=progetto, titolo="Il mio tavolo", data="2025-03-01", luogo="Milano")
    fase = progetto.fasi.get(numero=3)
    fase.note = "Modificata a mano"
    fase.save()
    seed()
    mio.refresh_from_db()
    assert mio.titolo == "Il mio tavolo"
    assert progetto.fasi.get(numero=3).note == "Modificata a mano"


def test_it_scales():
    seed()
    uno = conteggi()
    seed("--scale", "2")
    due = conteggi()
    for voce in ("tavoli", "opere", "eventi", "report"):
        assert due[voce] == 2 * uno[voce], voce
    assert 1.7 * uno["organizzazioni"] <= due["organizzazioni"] <= 2.1 * uno["organizzazioni"]
    assert due["fasi"] == uno["fasi"]


def test_it_requires_debug_or_force(settings):
    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        seed()
    assert not TavoloConfronto.objects.exists()
    seed("--force")
    assert TavoloConfronto.objects.exists()


def test_it_rejects_bad_scale():
    with pytest.raises(CommandError):
        seed("--scale", "0")


def test_it_restores_missing_phases():
    seed()
    Fase.objects.filter(progetto__regione__slug="molise").delete()
    seed()
    fasi = Fase.objects.filter(progetto__regione__slug="molise")
    assert fasi.count() == 4
    assert not fasi.filter(data_inizio_prevista__isnull=True).exists()


def test_it_includes_operators_of_camere_and_the_ente_behind_every_activity():
    from contatori.registry import calcola_tutti
    from programma.models import Programma

    seed()
    ambito = ambito_di(get_user_model().objects.get(username="camera-lombardia"))
    assert (ambito.ente.tipo, ambito.regione.slug) == ("camera_commercio", "lombardia")
    for modello in (TavoloConfronto, Evento, Report, OperaPrioritaria):
        assert not modello.objects.filter(ente__isnull=True).exists(), modello
    # Activities are spread over the Camere, not one ente per region.
    assert TavoloConfronto.objects.values("ente").distinct().count() > Regione.objects.count()
    valori = calcola_tutti(Programma.objects.attivo())
    assert valori["camere_coinvolte"][None] > valori["regioni_coperte"][None]


def test_it_writes_a_rising_history_of_the_counters():
    out = StringIO()
    call_command("seed_demo", "--senza-libri", "--giorni-storia", "130", stdout=out)
    oggi = timezone.localdate()
    assert Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).count() == 131  # 130 days and today's recount
    serie: dict[tuple[str, int | None], list] = {}
    for chiave, regione_id, giorno, valore in Snapshot.objects.order_by("giorno").values_list("contatore", "regione_id", "giorno", "valore"):
        serie.setdefault((chiave, regione_id), []).append((giorno, valore))
    assert len(serie) == len(CONTATORI) * 21
    for (chiave, regione_id), valori in serie.items():
        numeri = [v for _, v in valori]
        # Rising day by day, and ending at today's values as the recount computed them.
        assert numeri == sorted(numeri), (chiave, regione_id)
        assert valori[-1][0] == oggi
    tavoli = serie[("tavoli_svolti", None)]
    assert tavoli[0][1] < tavoli[-1][1]
    # Additive counters add up nationally on every past day.
    regioni = [s for (chiave, regione_id), s in serie.items() if chiave == "tavoli_svolti" and regione_id is not None]
    assert tavoli[50][1] == sum(s[50][1] for s in regioni)

    righe = Snapshot.objects.count()
    out = StringIO()
    call_command("seed_demo", "--senza-libri", "--giorni-storia", "130", stdout=out)
    assert Snapshot.objects.count() == righe
    assert "Valori storici dei contatori scritti: 0 in " in out.getvalue()


def test_it_rejects_a_negative_history():
    with pytest.raises(CommandError):
        seed("--giorni-storia", "-1")
