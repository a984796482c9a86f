import pytest

from programma.models import Indicazione, OperaSostenuta, ProgettoStrategico
from tests import factories


@pytest.fixture
def strategico(progetto):
    """A draft of Lombardia's strategic project, ready to submit (context, objectives, one recommendation)."""
    strategico = ProgettoStrategico.objects.create(
        progetto=progetto,
        titolo="Libro Bianco delle infrastrutture lombarde",
        contesto="La Lombardia concentra un quinto dell'export nazionale.",
        obiettivi="Completare i corridoi ferroviari merci.",
    )
    Indicazione.objects.create(
        progetto_strategico=strategico, tema="logistica", testo="Potenziare gli interporti.", destinatario="Regione"
    )
    return strategico


@pytest.fixture
def opera_lombarda(progetto):
    return factories.OperaPrioritariaFactory(titolo="Quadruplicamento Milano-Pavia", progetto=progetto, costo_stimato=1_234_567)


@pytest.fixture
def strategico_completo(strategico, opera_lombarda, progetto):
    OperaSostenuta.objects.create(progetto_strategico=strategico, opera=opera_lombarda, livello=1)
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo logistica di Milano")
    strategico.tavoli.add(tavolo)
    strategico.enti_firmatari.add(progetto.ente_capofila)
    return strategico


@pytest.fixture
def strategico_siciliano(altro_progetto):
    return ProgettoStrategico.objects.create(progetto=altro_progetto, titolo="Libro Bianco della Sicilia")


@pytest.fixture(autouse=True)
def _cache_vuota():
    """Public PDFs are cached: no test reads another's (primary keys are reused between tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
