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


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_operatore_sees_only_their_region(model, attivita, operatore):
    rows = list(model.objects.for_user(operatore))
    assert rows, "the operator's own region has rows"
    lombardia = factories.regione("lombardia")
    path = model.objects.get_queryset().regione_field
    for row in rows:
        obj = row
        for step in path.split("__") if path else []:
            obj = getattr(obj, step)
        assert obj == lombardia


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
