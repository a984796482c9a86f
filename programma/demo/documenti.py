"""The demo's PDFs: a short document per published report or national document, typeset from
`templates/pdf/documento_demo.html` as the books are (programma.risultati.stampa), so that everything
the public section lists downloads a real file made from the demo data."""

from __future__ import annotations

import datetime as dt
import hashlib
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


# The demo's documents are the same on every run of a day: typeset once per process (a child process
# each), they are kept here, so that seeding again (the tests seed a fresh database many times) does
# not typeset them again. About 45 documents of 20 KB.
_GIA_STAMPATI: dict[str, bytes] = {}


def pdf_dimostrativi(contenuti: list[ContenutoDemo]) -> list[ContentFile]:
    """Each document as a PDF/A (programma.risultati.stampa, the books' way: a child process within
    the budget, nothing fetched), several at a time."""
    from programma.risultati.stampa import StampaNonRiuscita, stampa_molti

    pagine = [render_to_string("pdf/documento_demo.html", {"documento": c}) for c in contenuti]
    chiavi = [hashlib.sha256(html.encode()).hexdigest() for html in pagine]
    nuove = {chiave: html for chiave, html in zip(chiavi, pagine) if chiave not in _GIA_STAMPATI}
    for chiave, pdf in zip(nuove, stampa_molti(list(nuove.values()))):
        if isinstance(pdf, StampaNonRiuscita):
            raise pdf
        _GIA_STAMPATI[chiave] = pdf.contenuto
    return [ContentFile(_GIA_STAMPATI[chiave], name=f"{slugify(c.titolo)[:60]}.pdf") for chiave, c in zip(chiavi, contenuti)]


def pubblicato_il_demo(data: dt.date) -> dt.datetime:
    """When a demo document was published: at noon of its date (it was written and published that day)."""
    return timezone.make_aware(dt.datetime.combine(data, dt.time(12)))
