"""Every open-data body carries the same headers, whatever its format and app: the licence (a CSV
has nowhere else to say it) and CORS, so that any site may read it from a browser
(programma.dati_aperti.dato_aperto). The counters' CSV lacked CORS until they were one call."""

import pytest
from django.urls import reverse

from contatori.services import ricalcola

pytestmark = pytest.mark.django_db

APERTI = [
    "contatori:api",
    "contatori:api_csv",
    "opere:dati_json",
    "opere:dati_csv",
    "documenti:api",
    "eventi:calendario_ics",
    "dati:catalogo_ttl",
    "dati:catalogo_jsonld",
]


@pytest.mark.parametrize("nome", APERTI)
def test_every_open_data_body_has_its_licence_and_cors(client, programma, nome):
    ricalcola(origine="test")
    risposta = client.get(reverse(nome))
    assert risposta.status_code == 200
    assert risposta["Link"] == '<https://creativecommons.org/licenses/by/4.0/deed.it>; rel="license"'
    assert risposta["Access-Control-Allow-Origin"] == "*"


def test_a_refused_filter_is_readable_from_another_site_too(client, programma):
    """The API's 400 names the bad filter; a script on another site may read why (CORS), as the data."""
    risposta = client.get(reverse("documenti:api"), {"tipo": "non-un-tipo"})
    assert risposta.status_code == 400 and "tipo" in risposta.json()["errori"]
    assert risposta["Access-Control-Allow-Origin"] == "*"
