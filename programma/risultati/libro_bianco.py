"""The Libro Bianco: the strategic project typeset as a PDF by WeasyPrint from an HTML template.

WeasyPrint (HTML + print CSS → PDF) because the document is a Django template like every page,
with real text (searchable, accessible), page numbers and running headers from CSS `@page`.
It fetches nothing: the template carries its CSS inline and fonts are the system's, and the
URL fetcher allows only `data:` URLs, so no text typed by a user can make it read a file or URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Prefetch, QuerySet
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from programma.models import Indicazione, OperaSostenuta, ProgettoStrategico, Programma
from programma.numbers import numero_italiano

logger = logging.getLogger(__name__)

# A published Libro Bianco is generated at most once in this many seconds: the public may ask for it
# as often as it likes, and a PDF costs about a second of CPU.
DURATA_CACHE_PUBBLICI = 600

# A tavolo's participant fields (read through the relation: tavoli is an app above this one), with
# the short headers a printed table has room for.
CATEGORIE_PARTECIPANTI = {
    "n_esperti": _("Esperti"),
    "n_associazioni": _("Associazioni"),
    "n_imprese": _("Imprese"),
    "n_istituzioni": _("Istituzioni"),
    "n_gestori": _("Gestori"),
}


@dataclass
class Volume:
    """One regional Libro Bianco, as the template reads it."""

    strategico: ProgettoStrategico
    contatori: list[dict[str, str]] = field(default_factory=list)
    giorno_contatori: str = ""
    temi: list[tuple[str, list[Indicazione]]] = field(default_factory=list)
    opere: list[OperaSostenuta] = field(default_factory=list)
    costo_totale: Decimal = Decimal(0)
    tavoli: list[dict[str, Any]] = field(default_factory=list)
    categorie: list[str] = field(default_factory=list)


def con_contenuti(queryset: QuerySet) -> QuerySet:
    """Everything a volume prints, in a fixed number of queries however many volumes there are."""
    return queryset.select_related("progetto__regione", "progetto__programma", "approvato_da").prefetch_related(
        "indicazioni",
        Prefetch("sostegni", queryset=OperaSostenuta.objects.select_related("opera").order_by("livello", "opera__codice")),
        Prefetch("tavoli", queryset=ProgettoStrategico._meta.get_field("tavoli").related_model.objects.order_by("data")),
        "enti_firmatari",
    )


def _contatori(fotografia: dict[str, Any]) -> list[dict[str, str]]:
    righe = []
    for voce in fotografia.get("valori", []):
        try:
            valore = Decimal(voce["valore"])
        except (InvalidOperation, KeyError, TypeError):
            continue
        righe.append(
            {"etichetta": voce.get("etichetta", ""), "valore": numero_italiano(valore, int(voce.get("decimali", 0))), "unita": voce.get("unita", "")}
        )
    return righe


def volume(strategico: ProgettoStrategico) -> Volume:
    categorie = [str(etichetta) for etichetta in CATEGORIE_PARTECIPANTI.values()]
    per_tema: dict[str, list[Indicazione]] = {}
    for indicazione in strategico.indicazioni.all():
        per_tema.setdefault(indicazione.tema, []).append(indicazione)
    temi = [(etichetta, per_tema[valore]) for valore, etichetta in Indicazione.Tema.choices if valore in per_tema]
    opere = list(strategico.sostegni.all())
    tavoli = [
        {"tavolo": t, "per_categoria": [getattr(t, c) for c in CATEGORIE_PARTECIPANTI], "totale": t.n_partecipanti}
        for t in strategico.tavoli.all()
    ]
    return Volume(
        strategico=strategico,
        contatori=_contatori(strategico.contatori_approvazione or {}),
        giorno_contatori=(strategico.contatori_approvazione or {}).get("giorno", ""),
        temi=temi,
        opere=opere,
        costo_totale=sum((s.opera.costo_stimato or Decimal(0) for s in opere), Decimal(0)),
        tavoli=tavoli,
        categorie=categorie,
    )


def genera_pdf(volumi: list[Volume], *, edizione: Programma | None = None, nazionale: bool = False) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "pdf/libro_bianco.html",
        {"volumi": volumi, "edizione": edizione, "nazionale": nazionale, "generato_il": timezone.localtime()},
    )
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()


def _risposta(contenuto: bytes, nome: str) -> HttpResponse:
    response = HttpResponse(contenuto, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nome}"'
    return response


def _dalla_cache(chiave: str, genera: Callable[[], bytes]) -> bytes:
    """A cached PDF, or a fresh one. The cache is a help, not a need: if Redis falters, generate."""
    try:
        contenuto = cache.get(chiave)
    except Exception:  # noqa: BLE001 - any cache failure means "not cached"
        logger.warning("Cache non disponibile per %s: il PDF viene generato.", chiave, exc_info=True)
        contenuto = None
    if contenuto is None:
        contenuto = genera()
        try:
            cache.set(chiave, contenuto, DURATA_CACHE_PUBBLICI)
        except Exception:  # noqa: BLE001
            logger.warning("Cache non disponibile per %s: il PDF non viene conservato.", chiave, exc_info=True)
    return contenuto


def risposta_pdf(strategico: ProgettoStrategico, *, pubblico: bool = False) -> HttpResponse:
    """The Libro Bianco of one strategic project (already scoped by the caller).

    The public one is cached a few minutes (by publication time: a published project is no longer
    edited); the staff's is always fresh, since a draft changes while it is written.
    """
    oggetto = con_contenuti(ProgettoStrategico.objects.filter(pk=strategico.pk)).get()
    progetto = oggetto.progetto

    def genera() -> bytes:
        return genera_pdf([volume(oggetto)], edizione=progetto.programma)

    if pubblico:
        contenuto = _dalla_cache(f"libro-bianco:{oggetto.pk}:{oggetto.pubblicato_il.timestamp()}", genera)
    else:
        contenuto = genera()
    return _risposta(contenuto, f"libro-bianco-{slugify(progetto.regione.nome)}-{slugify(progetto.programma.nome)}.pdf")


def risposta_volume_nazionale(edizione: Programma) -> HttpResponse:
    """The national volume: every published regional Libro Bianco of an edition, by region (public, cached)."""
    pubblicati = ProgettoStrategico.objects.pubblicati().filter(progetto__programma=edizione)
    ultimo = pubblicati.aggregate(ultimo=Max("pubblicato_il"))["ultimo"]

    def genera() -> bytes:
        volumi = [volume(s) for s in con_contenuti(pubblicati.order_by("progetto__regione__codice_istat"))]
        return genera_pdf(volumi, edizione=edizione, nazionale=True)

    # A new publication changes the key (its time); an unpublished one cannot come back published earlier.
    chiave = f"libro-bianco-nazionale:{edizione.pk}:{pubblicati.count()}:{ultimo.timestamp() if ultimo else 0}"
    return _risposta(_dalla_cache(chiave, genera), f"libro-bianco-nazionale-{slugify(edizione.nome)}.pdf")
