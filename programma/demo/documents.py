"""The demo's PDFs: a short document per published report or national document, typeset from
`templates/pdf/documento_demo.html` as the books are (programma.risultati.stampa), so that everything
the public section lists downloads a real file made from the demo data."""

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


def pdf_dimostrativi(contenuti: list[ContenutoDemo]) -> list[ContentFile]:
    """Each document as a PDF/A (programma.risultati.stampa, the books' way: a child process within
    the budget, nothing fetched), several at a time."""
    from programma.risultati.stampa import StampaNonRiuscita, stampa_molti

    pagine = [render_to_string("pdf/documento_demo.html", {"documento": c}) for c in contenuti]
    file = []
    for contenuto, pdf in zip(contenuti, stampa_molti(pagine)):
        if isinstance(pdf, StampaNonRiuscita):
            raise pdf
        file.append(ContentFile(pdf.contenuto, name=f"{slugify(contenuto.titolo)[:60]}.pdf"))
    return file


def pubblicato_il_demo(data: dt.date) -> dt.datetime:
    """When a demo document was published: at noon of its date (it was written and published that day)."""
    return timezone.make_aware(dt.datetime.combine(data, dt.time(12)))
