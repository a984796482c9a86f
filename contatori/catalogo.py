"""The open data's catalogue: DCAT-AP_IT (the Italian profile of DCAT-AP), built with rdflib.

One `dcat:Catalog` of four datasets (counters, documents, priority works, events), each both
`dcat:Dataset` and `dcatapit:Dataset` with DCAT-AP_IT's mandatory properties, each distribution
with its access and download URL, a format of the EU's file-type vocabulary and the licence
(programma.dati_aperti). The national portal (dati.gov.it) harvests it from /dati/catalog.ttl or
/dati/catalog.jsonld; /dati/ shows the same list to people (`DATASET` is read by both).
tests/contatori/test_catalogo.py validates it with SHACL: DCAT-AP's shapes and our own for
DCAT-AP_IT's mandatory properties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD

from programma.dati_aperti import LICENZA_EU, LICENZA_NOME, LICENZA_TITOLO

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# The EU vocabularies DCAT-AP asks for (publications.europa.eu, "authority tables").
TEMA = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FORMATO = Namespace("http://publications.europa.eu/resource/authority/file-type/")
FREQUENZA = Namespace("http://publications.europa.eu/resource/authority/frequency/")
LINGUA_ITA = URIRef("http://publications.europa.eu/resource/authority/language/ITA")
TIPO_LICENZA_ATTRIBUZIONE = URIRef("http://purl.org/adms/licencetype/Attribution")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
# The labels the EU vocabulary gives the themes used (a skos:Concept carries its prefLabel).
ETICHETTE_TEMI = {
    "ECON": "Economia e finanze", "GOVE": "Governo e settore pubblico", "TECH": "Scienza e tecnologia", "TRAN": "Trasporti",
}  # fmt: skip


# The media type (IANA) of each format of the EU file-type vocabulary the distributions use.
MEDIA_TYPE_DEL_FORMATO = {"JSON": "application/json", "CSV": "text/csv", "ICS": "text/calendar"}


@dataclass(frozen=True)
class Distribuzione:
    url_name: str  # the URL that serves it, reversed
    formato: str  # a code of the EU file-type vocabulary
    titolo: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPE_DEL_FORMATO[self.formato]


@dataclass(frozen=True)
class Dataset:
    chiave: str  # the end of its identifier, "<IPA code>:programma-infrastrutture-<chiave>"
    titolo: str
    descrizione: str
    pagina: str  # URL name of its page for people (dcat:landingPage)
    temi: tuple[str, ...]  # EU data themes
    frequenza: str  # EU frequency
    parole: tuple[str, ...]
    distribuzioni: tuple[Distribuzione, ...]


DATASET = (
    Dataset(
        "contatori",
        _("Contatori del Programma Infrastrutture"),
        _("L'avanzamento del programma regione per regione e in Italia: tavoli, partecipanti, stakeholder, opere, eventi, "
          "imprese raggiunte, documenti pubblicati e fasi, con gli obiettivi dell'edizione. Dati aggregati, senza dati personali."),
        "contatori:pubblico",
        ("GOVE", "ECON"),
        "CONT",
        ("infrastrutture", "camere di commercio", "indicatori", "regioni"),
        (
            Distribuzione("contatori:api", "JSON", _("Contatori in JSON, con obiettivi e nomi delle regioni")),
            Distribuzione("contatori:api_csv", "CSV", _("Contatori per regione in CSV")),
        ),
    ),
    Dataset(
        "documenti",
        _("Documenti pubblicati del Programma Infrastrutture"),
        _("I progetti territoriali strategici delle regioni con il loro Libro Bianco, i report e le analisi nazionali "
          "pubblicati dal programma, con i collegamenti ai file."),
        "documenti:lista",
        ("GOVE",),
        "IRREG",
        ("infrastrutture", "libro bianco", "report", "camere di commercio"),
        (Distribuzione("documenti:api", "JSON", _("Elenco dei documenti in JSON (100 per pagina)")),),
    ),
    Dataset(
        "opere",
        _("Opere prioritarie del Programma Infrastrutture"),
        _("Le infrastrutture indicate come prioritarie dai progetti territoriali strategici pubblicati: codice, CUP con "
          "il collegamento a OpenCUP, titolo, modalità, stato, costo stimato, regione e province."),
        "opere:lista",
        ("TRAN", "ECON"),
        "IRREG",
        ("infrastrutture", "opere pubbliche", "CUP", "trasporti"),
        (
            Distribuzione("opere:dati_csv", "CSV", _("Opere prioritarie in CSV")),
            Distribuzione("opere:dati_json", "JSON", _("Opere prioritarie in JSON")),
        ),
    ),
    Dataset(
        "eventi",
        _("Calendario degli eventi del Programma Infrastrutture"),
        _("Seminari, incontri con le imprese su banda ultralarga, 5G e digitale e tappe del roadshow camerale in "
          "programma: data, ora, luogo, temi, partner e iscrizione."),
        "eventi:calendario",
        ("ECON", "TECH"),
        "IRREG",
        ("eventi", "banda ultralarga", "5G", "imprese", "roadshow"),
        (Distribuzione("eventi:calendario_ics", "ICS", _("Eventi in programma in iCalendar (RFC 5545)")),),
    ),
)


def identificativo(dataset: Dataset) -> str:
    """DCAT-AP_IT's identifier: the publisher's IPA code, a colon, the dataset's own code."""
    return f"{settings.DATI_TITOLARE_IPA}:programma-infrastrutture-{dataset.chiave}"


def grafo(*, assoluto: Callable[[str], str], modificato: dt.date) -> Graph:
    """The catalogue as an RDF graph; `assoluto` turns a path into this site's full URL, `modificato`
    is the date the data were last counted (every dataset follows that version)."""
    g = Graph()
    for prefisso, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("dcatapit", DCATAPIT), ("vcard", VCARD)):
        g.bind(prefisso, ns)
    base = assoluto(reverse("dati:indice"))
    catalogo, titolare, contatto = (URIRef(f"{base}#{n}") for n in ("catalogo", "titolare", "contatto"))
    data = Literal(modificato, datatype=XSD.date)

    def testo(valore: object) -> Literal:
        return Literal(str(valore), lang="it")

    def di_classe(nodo: URIRef, classe: URIRef) -> URIRef:
        """A node of a vocabulary (a theme, a format, a page) said with its class, as DCAT-AP's ranges ask."""
        g.add((nodo, RDF.type, classe))
        return nodo

    g.add((titolare, RDF.type, FOAF.Agent))
    g.add((titolare, RDF.type, DCATAPIT.Agent))
    g.add((titolare, FOAF.name, testo(settings.DATI_TITOLARE)))
    g.add((titolare, DCTERMS.identifier, Literal(settings.DATI_TITOLARE_IPA)))
    for tipo in (VCARD.Kind, VCARD.Organization, DCATAPIT.Organization):
        g.add((contatto, RDF.type, tipo))
    g.add((contatto, VCARD.fn, testo(f"{settings.DATI_TITOLARE} — Programma Infrastrutture")))
    g.add((contatto, VCARD.hasEmail, URIRef(f"mailto:{settings.DATI_CONTATTO}")))
    licenza = URIRef(LICENZA_EU)
    g.add((licenza, RDF.type, DCTERMS.LicenseDocument))
    g.add((licenza, RDF.type, DCATAPIT.LicenseDocument))
    g.add((licenza, DCTERMS.type, di_classe(TIPO_LICENZA_ATTRIBUZIONE, SKOS.Concept)))
    g.add((TIPO_LICENZA_ATTRIBUZIONE, SKOS.prefLabel, Literal("Attribution", lang="en")))
    g.add((licenza, FOAF.name, Literal(LICENZA_TITOLO, lang="it")))
    g.add((licenza, DCTERMS.title, Literal(LICENZA_NOME)))

    g.add((catalogo, RDF.type, DCAT.Catalog))
    g.add((catalogo, RDF.type, DCATAPIT.Catalog))
    g.add((catalogo, DCTERMS.title, testo(_("Dati aperti del Programma Infrastrutture"))))
    g.add((catalogo, DCTERMS.description, testo(_(
        "I dati aperti del Programma Infrastrutture delle Camere di commercio: contatori, documenti pubblicati, "
        "opere prioritarie ed eventi. Licenza CC BY 4.0."
    ))))  # fmt: skip
    g.add((catalogo, DCTERMS.publisher, titolare))
    g.add((catalogo, DCTERMS.modified, data))
    g.add((catalogo, FOAF.homepage, di_classe(URIRef(assoluto(reverse("home"))), FOAF.Document)))
    g.add((catalogo, DCTERMS.language, di_classe(LINGUA_ITA, DCTERMS.LinguisticSystem)))

    for dataset in DATASET:
        nodo = URIRef(f"{base}#{dataset.chiave}")
        g.add((catalogo, DCAT.dataset, nodo))
        g.add((nodo, RDF.type, DCAT.Dataset))
        g.add((nodo, RDF.type, DCATAPIT.Dataset))
        g.add((nodo, DCTERMS.identifier, Literal(identificativo(dataset))))
        g.add((nodo, DCTERMS.title, testo(dataset.titolo)))
        g.add((nodo, DCTERMS.description, testo(dataset.descrizione)))
        g.add((nodo, DCTERMS.modified, data))
        for tema in dataset.temi:
            g.add((nodo, DCAT.theme, di_classe(TEMA[tema], SKOS.Concept)))
            g.add((TEMA[tema], SKOS.prefLabel, Literal(ETICHETTE_TEMI[tema], lang="it")))
        g.add((nodo, DCTERMS.rightsHolder, titolare))
        g.add((nodo, DCTERMS.publisher, titolare))
        g.add((nodo, DCTERMS.accrualPeriodicity, di_classe(FREQUENZA[dataset.frequenza], DCTERMS.Frequency)))
        g.add((nodo, DCAT.contactPoint, contatto))
        g.add((nodo, DCTERMS.language, LINGUA_ITA))
        g.add((nodo, DCAT.landingPage, di_classe(URIRef(assoluto(reverse(dataset.pagina))), FOAF.Document)))
        for parola in dataset.parole:
            g.add((nodo, DCAT.keyword, testo(parola)))
        for n, distribuzione in enumerate(dataset.distribuzioni, start=1):
            dist = URIRef(f"{base}#{dataset.chiave}-{n}")
            url = URIRef(assoluto(reverse(distribuzione.url_name)))
            g.add((nodo, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, RDF.type, DCATAPIT.Distribution))
            g.add((dist, DCTERMS.title, testo(distribuzione.titolo)))
            g.add((dist, DCAT.accessURL, url))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCTERMS.format, di_classe(FORMATO[distribuzione.formato], DCTERMS.MediaTypeOrExtent)))
            g.add((dist, DCAT.mediaType, di_classe(URIRef(MEDIA_TYPE + distribuzione.media_type), DCTERMS.MediaType)))
            g.add((dist, DCTERMS.license, licenza))
            g.add((dist, DCTERMS.modified, data))
    return g
