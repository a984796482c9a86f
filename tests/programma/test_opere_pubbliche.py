"""The published priority works: /opere/, /opere/<pk>/, /dati/opere.csv and /dati/opere.json.

What it proves: a work is public only once a published strategic project endorses it (an approved
one's, or one no project endorses, is not, and its page is a 404); the dataset carries the public
fields only, the CUP with its OpenCUP page, and the licence; the list filters by region.
"""

import csv
import io

import pytest
from django.test import Client

from programma.models import OperaPrioritaria, OperaSostenuta, ProgettoStrategico
from regioni.models import Provincia
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonimo():
    return Client()


@pytest.fixture
def opere(progetto, altro_progetto):
    Opera = factories.OperaPrioritariaFactory
    pubblica = Opera(
        regione=altro_progetto.regione, progetto=altro_progetto, codice="SIC-1", cup="J11B21000000001", titolo="Porto di Palermo",
        modalita="portuale", stato="in_esecuzione", costo_stimato=12_500_000, descrizione="Nota interna dello staff", semaforo="rosso",
    )  # fmt: skip
    pubblica.province.set(Provincia.objects.filter(sigla__in=["PA", "TP"]))
    approvata = Opera(regione=progetto.regione, progetto=progetto, codice="LOM-1", titolo="Opera di un progetto solo approvato")
    Opera(regione=altro_progetto.regione, codice="SIC-2", titolo="Opera che nessuno sostiene")
    pubblicato = ProgettoStrategico.objects.create(progetto=altro_progetto, titolo="Libro Bianco della Sicilia")
    OperaSostenuta.objects.create(progetto_strategico=pubblicato, opera=pubblica)
    factories.libro_pubblicato(pubblicato)
    solo_approvato = ProgettoStrategico.objects.create(progetto=progetto, titolo="L", stato="approvato")
    OperaSostenuta.objects.create(progetto_strategico=solo_approvato, opera=approvata)
    return {"pubblica": pubblica, "approvata": approvata}


def test_only_works_a_published_project_endorses_are_public(opere):
    assert list(OperaPrioritaria.objects.pubbliche().values_list("codice", flat=True)) == ["SIC-1"]


def test_the_page_of_a_work_that_is_not_public_is_a_404(opere, anonimo):
    assert anonimo.get(f"/opere/{opere['approvata'].pk}/").status_code == 404
    html = anonimo.get(f"/opere/{opere['pubblica'].pk}/").content.decode()
    assert "Porto di Palermo" in html and "https://www.opencup.gov.it/portale/progetto/-/cup/J11B21000000001" in html
    assert "Libro Bianco della Sicilia" in html and "Nota interna" not in html


def test_the_json_has_the_public_fields_and_the_licence(opere, anonimo):
    response = anonimo.get("/dati/opere.json")
    assert 'rel="license"' in response["Link"] and response["Access-Control-Allow-Origin"] == "*"
    corpo = response.json()
    assert corpo["licenza"]["sigla"] == "CC BY 4.0" and "Unioncamere" in corpo["licenza"]["attribuzione"]
    assert corpo["totale"] == 1
    (opera,) = corpo["opere"]
    assert set(opera) == {"codice", "cup", "url_opencup", "titolo", "modalita", "stato", "costo_stimato",
                          "codice_istat_regione", "regione", "province", "pagina"}  # fmt: skip
    assert opera["url_opencup"] == "https://www.opencup.gov.it/portale/progetto/-/cup/J11B21000000001"
    assert (opera["regione"], opera["codice_istat_regione"], opera["province"], opera["costo_stimato"]) == ("Sicilia", "19", ["PA", "TP"], 12500000)
    assert opera["modalita"] == "Portuale" and opera["stato"] == "In esecuzione"


def test_the_csv_has_the_same_rows(opere, anonimo):
    response = anonimo.get("/dati/opere.csv")
    assert 'rel="license"' in response["Link"]
    righe = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["codice"] for r in righe] == ["SIC-1"]
    assert righe[0]["province"] == "PA|TP" and righe[0]["cup"] == "J11B21000000001" and righe[0]["costo_stimato"] == "12500000"


def test_the_list_filters_by_region(opere, anonimo):
    assert "Porto di Palermo" in anonimo.get("/opere/?regione=19").content.decode()
    assert "Porto di Palermo" not in anonimo.get("/opere/?regione=03").content.decode()
