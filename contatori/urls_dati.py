"""Open data: the page that lists the datasets and the DCAT-AP_IT catalogue (no login)."""

from django.urls import path

from contatori.views import dati

app_name = "dati"

urlpatterns = [
    path("dati/", dati.indice, name="indice"),
    path("dati/catalog.ttl", dati.catalogo_ttl, name="catalogo_ttl"),
    path("dati/catalog.jsonld", dati.catalogo_jsonld, name="catalogo_jsonld"),
]
