import pytest

from eventi.models import Evento
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Report
from regioni.models import Ente, Provincia, Regione
from regioni.scoping import ambito_di
from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def attivita(progetto, altro_progetto):
    """One of each scoped object in Lombardia and in Sicilia."""
    for p in (progetto, altro_progetto):
        factories.TavoloConfrontoFactory(progetto=p)
        factories.EventoFactory(progetto=p)
        factories.ReportFactory(progetto=p)
        factories.OperaPrioritariaFactory(regione=p.regione, progetto=p)


SCOPED = [Regione, Provincia, Ente, ProgettoRegionale, Fase, OperaPrioritaria, Report, TavoloConfronto, Evento]


# Each model's region, written out here and not read from `regione_field`, the setting under test.
REGIONE_DI = {
    Regione: lambda r: r,
    Provincia: lambda p: p.regione,
    Ente: lambda e: e.regione,
    ProgettoRegionale: lambda p: p.regione,
    Fase: lambda f: f.progetto.regione,
    OperaPrioritaria: lambda o: o.regione,
    Report: lambda r: r.progetto.regione,
    TavoloConfronto: lambda t: t.progetto.regione,
    Evento: lambda e: e.progetto.regione,
}


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_operatore_sees_only_their_region(model, attivita, operatore):
    """Proves the operator gets exactly Lombardia's rows: all of them, and none of Sicilia's."""
    tutte = list(model.objects.all())
    attese = {obj.pk for obj in tutte if REGIONE_DI[model](obj).slug == "lombardia"}
    assert attese and len(attese) < len(tutte), "rows in Lombardia and elsewhere"
    assert {obj.pk for obj in model.objects.for_user(operatore)} == attese


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_coordinatore_sees_every_region(model, attivita, coordinatore):
    assert model.objects.for_user(coordinatore).count() == model.objects.count()


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_user_without_role_sees_nothing(model, attivita):
    senza_ruolo = factories.UserFactory(username="senza-ruolo")
    assert not model.objects.for_user(senza_ruolo).exists()


def test_anonymous_sees_nothing(attivita):
    from django.contrib.auth.models import AnonymousUser

    assert not TavoloConfronto.objects.for_user(AnonymousUser()).exists()


def test_operator_without_ente_sees_nothing(attivita):
    from regioni.scoping import Ruolo

    orfano = factories.crea_utente("orfano", Ruolo.OPERATORE)
    assert not TavoloConfronto.objects.for_user(orfano).exists()


def test_scope_is_computed_once_per_user(operatore, django_assert_num_queries):
    with django_assert_num_queries(2):
        ambito_di(operatore)
        ambito_di(operatore)
    assert ambito_di(operatore).regione.slug == "lombardia"


def test_only_own_region_is_writable(operatore, coordinatore, amministratore):
    lombardia, sicilia = factories.regione("lombardia"), factories.regione("sicilia")
    assert ambito_di(operatore).puo_modificare(lombardia.pk)
    assert not ambito_di(operatore).puo_modificare(sicilia.pk)
    assert not ambito_di(coordinatore).puo_modificare(lombardia.pk)
    assert ambito_di(amministratore).puo_modificare(sicilia.pk)
