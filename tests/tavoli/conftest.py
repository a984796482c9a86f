import pytest
from django.core.files.base import ContentFile

from regioni.models import Provincia
from tests import factories

# The smallest file the content check accepts as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def tavolo(progetto):
    return factories.TavoloConfrontoFactory(
        progetto=progetto, titolo="Tavolo sulla logistica", verbale=ContentFile(PDF, name="verbale.pdf")
    )


@pytest.fixture
def tavolo_sicilia(altro_progetto):
    return factories.TavoloConfrontoFactory(progetto=altro_progetto, titolo="Tavolo dei porti siciliani")


@pytest.fixture
def milano(db):
    return Provincia.objects.get(sigla="MI")


@pytest.fixture
def dati_tavolo(milano):
    """A valid POST for the tavolo form."""
    return {
        "titolo": "Tavolo sui valichi alpini",
        "data": "2025-06-10",
        "stato": "svolto",
        "modalita": "in_presenza",
        "luogo": "Sala Colonne",
        "provincia": milano.pk,
        "n_esperti": "3",
        "n_associazioni": "5",
        "n_imprese": "8",
        "n_istituzioni": "2",
        "n_gestori": "1",
        "sintesi": "Priorità: il nodo ferroviario.",
        "elenco_organizzazioni": "Confindustria Lombardia; associazioni\nRFI; Gestori di infrastrutture",
    }
