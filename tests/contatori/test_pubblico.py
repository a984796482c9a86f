import csv
import io

import pytest

from contatori.registry import CONTATORI
from contatori.services import ricalcola
from tests.contatori.conftest import attesi

pytestmark = pytest.mark.django_db


def test_it_works_without_login(dati, client):
    ricalcola(origine="test")
    response = client.get("/contatori/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mappa: @svg-maps/italy, CC BY 4.0" in html
    assert "Aggiornato alle" in html
    # Aggregates only: no organisation names, no users.
    assert "Organizzazione" not in html and "operatore-" not in html


def test_the_api_has_the_design_shape(dati, client):
    ricalcola(origine="test")
    body = client.get("/api/contatori/").json()
    # The keys docs/INTERFACES.md documents, and beside them (added, never renamed) the regions' names and the licence.
    assert set(body) == {"programma", "aggiornato_il", "nazionale", "regioni", "definizioni", "obiettivi", "nomi_regioni", "licenza"}
    assert body["obiettivi"] == {"nazionale": {}, "regioni": {}}
    assert body["programma"] == "Programma Infrastrutture 2025-2026"
    assert set(body["nazionale"]) == {c.chiave for c in CONTATORI}
    assert set(body["regioni"]) == {f"{n:02d}" for n in range(1, 21)}
    assert body["definizioni"]["tavoli_svolti"] == {"etichetta": "Tavoli svolti", "unita": "tavoli"}
    valori = attesi()
    for chiave, atteso in valori.items():
        assert body["nazionale"][chiave] == pytest.approx(float(atteso["nazionale"])), chiave
        assert body["regioni"]["03"][chiave] == pytest.approx(float(atteso["lombardia"])), chiave
        assert body["regioni"]["19"][chiave] == pytest.approx(float(atteso["sicilia"])), chiave


def test_the_api_is_empty_before_the_first_recount(client):
    body = client.get("/api/contatori/").json()
    assert body["aggiornato_il"] is None and body["nazionale"]["tavoli_svolti"] == 0


def test_the_csv_has_one_row_per_region_and_the_nation(dati, client):
    ricalcola(origine="test")
    response = client.get("/api/contatori.csv")
    assert response["Content-Type"].startswith("text/csv")
    righe = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(righe) == 1 + 20 + 1
    lombardia = next(r for r in righe if r[0] == "03")
    assert lombardia[1] == "Lombardia"
    assert lombardia[2 + [c.chiave for c in CONTATORI].index("tavoli_svolti")] == "2"


def test_it_rejects_post(client):
    assert client.post("/api/contatori/").status_code == 405


def test_the_api_names_the_regions_and_carries_its_licence(dati, client):
    ricalcola(origine="test")
    response = client.get("/api/contatori/")
    body = response.json()
    assert body["nomi_regioni"]["03"] == "Lombardia" and len(body["nomi_regioni"]) == 20
    assert body["licenza"]["url"].startswith("https://creativecommons.org/licenses/by/4.0/")
    assert "Fonte:" in body["licenza"]["attribuzione"]
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/deed.it>; rel="license"'
    assert client.get("/api/contatori.csv")["Link"] == response["Link"]


def test_the_public_page_revalidates_with_a_304(dati, client):
    ricalcola(origine="test")
    primo = client.get("/contatori/?contatore=eventi_svolti")
    assert primo["ETag"] and client.get("/contatori/?contatore=eventi_svolti", HTTP_IF_NONE_MATCH=primo["ETag"]).status_code == 304
