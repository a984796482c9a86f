"""The books as a visitor finds them: every Libro Bianco the demo publishes, and the national volume,
downloaded anonymously from /documenti/ and read back as the issue judges them (no word printed over
another; tagged and claiming PDF/A; bookmarks; Italian quantities and dates)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from contatori.registry import CONTATORI
from programma.models import Stampa
from tests.risultati.pdf import leggi_testo_pdf, parole_sovrapposte, struttura

pytestmark = pytest.mark.django_db

MESI = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"


def test_every_published_book_reads_as_an_institution_would_publish_it(client, tmp_path):
    call_command("seed_demo", "--giorni-storia", "60", stdout=StringIO())
    documenti = client.get(reverse("documenti:api"), {"tipo": "progetto_strategico"}).json()["documenti"]
    indirizzi = [d["file"] for d in documenti] + [reverse("documenti:volume_nazionale")]
    assert len(indirizzi) == 9 == Stampa.objects.pubblicate().count()
    plurali_di_uno = [f"1 {c.unita}" for c in CONTATORI if c.unita_singolare and str(c.unita) != str(c.unita_singolare)]
    for indirizzo in indirizzi:
        risposta = client.get(indirizzo)
        assert risposta.status_code == 200, indirizzo
        pdf = b"".join(risposta.streaming_content)
        assert parole_sovrapposte(pdf, tmp_path) == [], indirizzo
        s = struttura(pdf)
        assert s.marcato and s.lingua == "it-IT" and re.search(r"pdfaid:conformance[^A-Z]{1,3}A", s.xmp), indirizzo
        assert s.figure_senza_alt == 0 and "/Table" in s.tag and "/H2" in s.tag
        assert [t for livello, t in s.segnalibri if livello == 1][0] == "Indice" and len(s.segnalibri) > 8
        testo = " ".join(leggi_testo_pdf(pdf, tmp_path).split())
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", testo), indirizzo
        assert re.search(rf"\b\d{{1,2}} ({MESI}) 20\d\d\b", testo), indirizzo
        sbagliati = [p for p in plurali_di_uno if re.search(rf"(?<![\d.,]){re.escape(p)}\b", testo)]
        assert sbagliati == [], (indirizzo, sbagliati)
