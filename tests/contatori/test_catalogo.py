"""The DCAT-AP_IT catalogue of the open data (/dati/catalog.ttl and .jsonld, contatori/catalogo.py).

What it proves: the Turtle parses into one catalogue and at least three datasets, each with every
mandatory property; the whole graph conforms to SEMIC's DCAT-AP 3.0.1 shapes and to our shapes
for DCAT-AP_IT's mandatory properties (and those shapes do catch a missing property); every
distribution's access and download URL answers 200; the JSON-LD is the same graph.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF

from contatori.catalogo import DCATAPIT
from contatori.services import ricalcola
from programma.models import OperaSostenuta, ProgettoStrategico

pytestmark = pytest.mark.django_db

SHACL = Path(__file__).parent / "shacl"
OBBLIGATORIE_DATASET = (
    DCTERMS.identifier, DCTERMS.title, DCTERMS.description, DCTERMS.modified, DCAT.theme,
    DCTERMS.rightsHolder, DCTERMS.accrualPeriodicity, DCAT.contactPoint, DCAT.keyword,
)  # fmt: skip


@pytest.fixture
def catalogo(dati, client) -> Graph:
    # A published strategic project endorsing a work, so the works' dataset has a row.
    strategico = ProgettoStrategico.objects.get(stato="pubblicato", progetto__regione=dati["sicilia"], progetto__programma__attivo=True)
    OperaSostenuta.objects.create(progetto_strategico=strategico, opera=dati["sicilia"].opere.first())
    ricalcola(origine="test")
    response = client.get("/dati/catalog.ttl")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/turtle")
    assert 'rel="license"' in response["Link"]
    return Graph().parse(data=response.content, format="turtle")


def test_it_has_one_catalogue_and_the_datasets_with_every_mandatory_property(catalogo):
    cataloghi = list(catalogo.subjects(RDF.type, DCAT.Catalog))
    assert len(cataloghi) == 1
    for proprieta in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.modified, FOAF.homepage):
        assert catalogo.value(cataloghi[0], proprieta) is not None, proprieta
    dataset = list(catalogo.objects(cataloghi[0], DCAT.dataset))
    assert len(dataset) >= 3
    for d in dataset:
        assert (d, RDF.type, DCATAPIT.Dataset) in catalogo and (d, RDF.type, DCAT.Dataset) in catalogo
        for proprieta in OBBLIGATORIE_DATASET:
            assert catalogo.value(d, proprieta) is not None, (d, proprieta)
        distribuzioni = list(catalogo.objects(d, DCAT.distribution))
        assert distribuzioni, d
        for dist in distribuzioni:
            for proprieta in (DCAT.accessURL, DCAT.downloadURL, DCTERMS.format, DCTERMS.license):
                assert catalogo.value(dist, proprieta) is not None, (dist, proprieta)


def _conforme(grafo: Graph, forme: str) -> tuple[bool, str]:
    conforme, _report, testo = validate(grafo, shacl_graph=Graph().parse(SHACL / forme), inference="none")
    return conforme, testo


@pytest.mark.parametrize("forme", ["dcat-ap-3.0.1-SHACL.ttl", "dcat-ap_it-obbligatorie.ttl"])
def test_it_conforms_to_the_shapes(catalogo, forme):
    conforme, testo = _conforme(catalogo, forme)
    assert conforme, testo


@pytest.mark.parametrize(
    ("proprieta", "forme"),
    [
        (DCTERMS.rightsHolder, "dcat-ap_it-obbligatorie.ttl"),
        (DCAT.theme, "dcat-ap_it-obbligatorie.ttl"),
        (DCAT.downloadURL, "dcat-ap_it-obbligatorie.ttl"),
        (DCTERMS.description, "dcat-ap-3.0.1-SHACL.ttl"),
        (DCAT.accessURL, "dcat-ap-3.0.1-SHACL.ttl"),
    ],
)
def test_the_shapes_catch_a_missing_property(catalogo, proprieta, forme):
    """The validation can fail: the same graph without one mandatory property does not conform."""
    catalogo.remove((None, proprieta, None))
    conforme, _testo = _conforme(catalogo, forme)
    assert not conforme


def test_every_distribution_answers(catalogo, client):
    indirizzi = {u for p in (DCAT.accessURL, DCAT.downloadURL) for u in catalogo.objects(None, p)}
    assert len(indirizzi) >= 4
    for url in indirizzi:
        parti = urlsplit(str(url))
        response = client.get(parti.path, QUERY_STRING=parti.query)
        assert response.status_code == 200, url


def test_the_jsonld_is_the_same_catalogue(catalogo, client):
    response = client.get("/dati/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    assert isomorphic(Graph().parse(data=response.content, format="json-ld"), catalogo)


def test_the_open_data_page_lists_every_dataset_with_its_licence(catalogo, client):
    html = client.get("/dati/").content.decode()
    assert html.count('data-testid="dataset"') == len(list(catalogo.subjects(RDF.type, DCATAPIT.Dataset)))
    assert "CC BY 4.0" in html and "Fonte: Unioncamere" in html
    assert all(str(URIRef(u)).split("testserver")[1] in html for u in catalogo.objects(None, DCAT.accessURL))
