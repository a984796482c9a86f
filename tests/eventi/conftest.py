import pytest
from django.core.files.base import ContentFile

from eventi.models import Tema
from regioni.models import Provincia
from tests import factories

# The smallest file the content check accepts as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evento(progetto):
    evento = factories.EventoFactory(
        progetto=progetto, titolo="Banda ultralarga a Bergamo", materiali=ContentFile(PDF, name="slide.pdf")
    )
    evento.temi.set(Tema.objects.filter(codice__in=["bul", "5g"]))
    return evento


@pytest.fixture
def evento_sicilia(altro_progetto):
    return factories.EventoFactory(progetto=altro_progetto, titolo="Roadshow a Catania", tipo="tappa_roadshow")


@pytest.fixture
def dati_evento(progetto):
    """A valid POST for the event form."""
    return {
        "titolo": "5G per le imprese della Brianza",
        "tipo": "incontro_bul_5g",
        "fase": progetto.fasi.get(numero=3).pk,
        "data": "2025-10-02",
        "stato": "svolto",
        "luogo": "Camera di commercio",
        "provincia": Provincia.objects.get(sigla="MB").pk,
        "n_partecipanti": "60",
        "n_imprese": "35",
        "temi": list(Tema.objects.filter(codice__in=["5g", "digitale"]).values_list("pk", flat=True)),
        "descrizione": "Calendario dei cantieri.",
    }
