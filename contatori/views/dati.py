"""Open data for people and for harvesters: /dati/ lists the datasets with their licence, and the
DCAT-AP_IT catalogue (contatori.catalogo) is served as Turtle and JSON-LD."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from contatori.catalogo import DATASET, grafo, identificativo
from contatori.generation import generazione_di
from programma.cache import pagina_pubblica
from programma.dati_aperti import LICENZA_NOME, LICENZA_TITOLO, LICENZA_URL, attribuzione, dato_aperto


@pagina_pubblica
def indice(request: HttpRequest) -> HttpResponse:
    context = {
        "dataset": [{"dataset": d, "identificativo": identificativo(d)} for d in DATASET],
        "licenza_nome": LICENZA_NOME,
        "licenza_titolo": LICENZA_TITOLO,
        "licenza_url": LICENZA_URL,
        "attribuzione": attribuzione(),
    }
    return render(request, "pubblico/dati.html", context)


def _catalogo(request: HttpRequest, formato: str, content_type: str) -> HttpResponse:
    gen = generazione_di(request)  # already read by pagina_pubblica: no second query
    modificato = timezone.localdate(gen.terminato_il) if gen else timezone.localdate()
    corpo = grafo(assoluto=request.build_absolute_uri, modificato=modificato).serialize(format=formato, encoding="utf-8")
    risposta = HttpResponse(corpo, content_type=content_type)
    return dato_aperto(risposta)


@pagina_pubblica
def catalogo_ttl(request: HttpRequest) -> HttpResponse:
    return _catalogo(request, "turtle", "text/turtle; charset=utf-8")


@pagina_pubblica
def catalogo_jsonld(request: HttpRequest) -> HttpResponse:
    return _catalogo(request, "json-ld", "application/ld+json")
