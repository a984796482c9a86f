"""The demo's PDFs: a short document per published report or national document, rendered with
WeasyPrint from `templates/pdf/documento_demo.html`, so that everything the public section lists
downloads a real file made from the demo data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify


@dataclass(frozen=True)
class ContenutoDemo:
    titolo: str
    data: dt.date
    edizione: str
    paragrafi: list[str]
    regione: str = ""
    progetto: str = ""
    cifre: list[tuple[str, str]] = field(default_factory=list)  # (what, the figure as Italians write it)


def pdf_dimostrativo(contenuto: ContenutoDemo) -> ContentFile:
    """The document as a PDF file named after its title, ready for `FieldFile.save`."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("pdf/documento_demo.html", {"documento": contenuto})
    # Nothing is fetched while rendering: the template has no external resource, and no URL scheme is allowed but data:.
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
    return ContentFile(pdf, name=f"{slugify(contenuto.titolo)[:60]}.pdf")


def pubblicato_il_demo(data: dt.date) -> dt.datetime:
    """When a demo document was published: at noon of its date (it was written and published that day)."""
    return timezone.make_aware(dt.datetime.combine(data, dt.time(12)))
