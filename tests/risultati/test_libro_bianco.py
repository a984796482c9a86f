"""The Libro Bianco and the national volume as documents: what they say, how they are laid out, and
what an archive and a screen reader find in them.

Each test typesets the HTML of `programma.risultati.libro_bianco` with `stampa.stampa_pdf`, as the
background print does, and reads the PDF back: its text (pdftotext), its words' boxes (no word
printed over another), its structure (pypdf: tags, bookmarks, metadata, the PDF/A claim).
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from contatori.models import Obiettivo
from contatori.services import ricalcola
from programma.fields import Limite
from programma.models import Indicazione, OperaSostenuta, ProgettoStrategico, Stampa
from programma.risultati import libro_bianco
from programma.risultati.stampa import stampa_pdf
from regioni.models import Ente
from tests import factories
from tests.risultati.pdf import cartella_artefatti, immagini_pdf, leggi_testo_pdf, parole_per_pagina, parole_sovrapposte, struttura

pytestmark = pytest.mark.django_db


def regionale(strategico: ProgettoStrategico, **campi) -> bytes:
    stampa = Stampa(genere=Stampa.Genere.LIBRO_BIANCO, scopo=Stampa.Scopo.PUBBLICAZIONE, versione=1, **campi)
    return stampa_pdf(libro_bianco.html_regionale(strategico, stampa)).contenuto


def nazionale(edizione) -> bytes:
    stampa = Stampa(genere=Stampa.Genere.VOLUME_NAZIONALE, scopo=Stampa.Scopo.PUBBLICAZIONE, versione=1)
    return stampa_pdf(libro_bianco.html_nazionale(edizione, stampa)).contenuto


def in_una_riga(testo: str) -> str:
    return " ".join(testo.split())


@pytest.fixture
def approvato(strategico_completo, operatore, coordinatore, django_capture_on_commit_callbacks):
    """Lombardia's complete project, approved: its counters of the day are stored on it."""
    ricalcola(origine="test")
    strategico_completo.invia(operatore)
    with django_capture_on_commit_callbacks(execute=False):  # the counters, not the background print
        strategico_completo.approva(coordinatore)
    from contatori.fotografie import fotografa_contatori

    fotografa_contatori(strategico_completo)
    strategico_completo.refresh_from_db()
    return strategico_completo


def test_the_book_has_the_regions_works_tavoli_enti_and_counters(approvato, tmp_path):
    testo = in_una_riga(leggi_testo_pdf(regionale(approvato), tmp_path))
    progetto = approvato.progetto
    assert "Libro Bianco delle infrastrutture lombarde" in testo
    assert "Lombardia" in testo and progetto.programma.nome in testo
    opera = approvato.sostegni.get().opera
    # The work: its code, title, traffic light and cost as a document prints amounts.
    assert opera.codice in testo and "Quadruplicamento Milano-Pavia" in testo and "Verde" in testo and "1,2 mln €" in testo
    assert "Tavolo logistica di Milano" in testo
    assert progetto.ente_capofila.nome in testo
    assert "Potenziare gli interporti." in testo and "Logistica" in testo
    # The counters as of the approval, with a singular where there is one of a kind.
    assert "Tavoli svolti" in testo and "1 tavolo " in testo and "1 ente " in testo
    # The cover: the programme's identity, the approval, the version; the colophon: the licence.
    assert "Sistema delle Camere di commercio · Programma Infrastrutture" in testo
    assert "Approvato dal coordinamento nazionale il" in testo and "Versione 1" in testo
    assert "CC BY 4.0" in testo and "Colophon" in testo


def test_numbers_plurals_and_dates_are_italian(approvato, tmp_path):
    testo = in_una_riga(leggi_testo_pdf(regionale(approvato), tmp_path))
    oggi = timezone.localdate()
    mese = libro_bianco.data_estesa(oggi).split()[1]
    assert f"{oggi.day} {mese} {oggi.year}" in testo and mese.islower()
    # No ISO date, no "1 regioni" or "1 eventi": a quantity of one takes the singular.
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", testo)
    assert not re.search(r"\b1 (regioni|eventi|tavoli|opere|enti|progetti|report pubblicati|fasi)\b", testo)
    assert "1 opera" in testo  # "Il progetto sostiene 1 opera prioritaria"


def test_a_layout_that_holds_at_any_length(strategico, progetto, tmp_path):
    """Codes, titles, places, names and amounts at their longest, and words longer than a column:
    no word is printed over another anywhere in the book, and the total row is printed once."""
    strategico.titolo = "Libro Bianco " + "infrastrutturale " * 16
    strategico.contesto = ("Un paragrafo di contesto con parole normali. " * 40 + "\n\n") * 5 + "x" * 3000
    strategico.obiettivi = "\n".join(f"{n}. Obiettivo numero {n} del territorio." for n in range(1, 60))
    strategico.save()
    Indicazione.objects.create(progetto_strategico=strategico, tema="digitale", testo="Z" * 1500, destinatario="D" * 200)
    for n in range(45):
        opera = factories.OperaPrioritariaFactory(
            progetto=progetto,
            codice=f"{n:02d}" + "K" * 38,
            # Titles at the longest the works take (Limite.TITOLO_OPERA): words, or one unbreakable word.
            titolo=("Potenziamento del collegamento ferroviario ad alta capacità " * 17)[:998] if n % 2 else "T" * Limite.TITOLO_OPERA,
            costo_stimato=Decimal("9999999999999.99") if n % 3 == 0 else Decimal(n * 1000),
            modalita="interportuale",
            stato="in_progettazione",
        )
        OperaSostenuta.objects.create(progetto_strategico=strategico, opera=opera, livello=1 + n % 3)
    for n in range(30):
        tavolo = factories.TavoloConfrontoFactory(progetto=progetto, titolo=f"Tavolo {n} " + "L" * 290, luogo="Luogo " * 33)
        strategico.tavoli.add(tavolo)
    ente = Ente.objects.create(tipo="camera_commercio", regione=progetto.regione, nome="Camera di commercio " + "lunghissima " * 15)
    strategico.enti_firmatari.add(ente, progetto.ente_capofila)

    pdf = regionale(strategico)
    immagini_pdf(pdf, cartella_artefatti(), "libro-bianco-testi-lunghi", pagine=40)  # to look at
    assert parole_sovrapposte(pdf, tmp_path) == []
    testo = leggi_testo_pdf(pdf, tmp_path)
    assert testo.count("Totale") == 1
    # The works' header is repeated on every page the table runs over.
    pagine_della_tabella = [p for p in parole_per_pagina(pdf, tmp_path) if any(w.testo.startswith("KKKK") for w in p)]
    assert len(pagine_della_tabella) >= 3
    for parole in pagine_della_tabella:
        assert "semaforo" in [w.testo for w in parole]  # "Stato e semaforo"


def test_the_overlap_check_finds_text_printed_over_text(tmp_path):
    """The check above can fail: a cell whose text runs into the next one is found."""
    html = (
        '<html lang="it-IT"><head><title>t</title></head><body><table style="table-layout: fixed; width: 200px">'
        '<tr><td style="width: 40px; white-space: nowrap">DEMO-07-0003</td><td style="width: 160px">Nuovo svincolo</td></tr>'
        "</table></body></html>"
    )
    pdf = stampa_pdf(html).contenuto
    assert parole_sovrapposte(pdf, tmp_path) == [(1, "DEMO-07-0003", "Nuovo"), (1, "DEMO-07-0003", "svincolo")]


def test_it_is_archival_tagged_and_has_bookmarks(approvato, tmp_path):
    pdf = regionale(approvato)
    s = struttura(pdf)
    # PDF/A-2a claimed in the XMP metadata, tagged, in Italian, with its metadata.
    assert re.search(r"pdfaid:part[^0-9]{1,3}2", s.xmp) and re.search(r"pdfaid:conformance[^A-Z]{1,3}A", s.xmp)
    assert s.marcato and s.lingua == "it-IT"
    assert s.titolo == "Libro Bianco delle infrastrutture lombarde"
    assert s.autore == approvato.progetto.ente_capofila.nome
    assert "Lombardia" in s.soggetto
    assert {"/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TD", "/Figure", "/L", "/Link"} <= s.tag
    assert s.figure_senza_alt == 0
    # Bookmarks: the contents and every chapter.
    capitoli = [titolo for livello, titolo in s.segnalibri if livello == 1]
    assert capitoli[:3] == ["Indice", "I numeri della regione", "Contesto e analisi territoriale"]
    assert "Opere prioritarie sostenute" in capitoli and "Colophon" in capitoli
    # Every page has text a reader can extract (the cover too).
    for pagina in range(1, s.pagine + 1):
        assert leggi_testo_pdf(pdf, tmp_path, pagina=pagina).strip(), f"pagina {pagina} senza testo"


def test_the_contents_give_each_chapter_its_page(approvato, tmp_path):
    pdf = regionale(approvato)
    indice = in_una_riga(leggi_testo_pdf(pdf, tmp_path, pagina=2))
    numero = re.search(r"Opere prioritarie sostenute[ .]*?(\d+)", indice)
    assert numero, indice
    pagina = int(numero.group(1))
    # The chapter starts on that page, not before.
    assert pagina > 2 and "Opere prioritarie sostenute" in leggi_testo_pdf(pdf, tmp_path, pagina=pagina)
    assert "Opere prioritarie sostenute" not in leggi_testo_pdf(pdf, tmp_path, pagina=pagina - 1)
    # The running footer says which page of how many.
    assert re.search(rf"pagina {pagina} di {struttura(pdf).pagine}", leggi_testo_pdf(pdf, tmp_path, pagina=pagina))


def test_the_charts_are_drawn_from_the_works_and_the_counters_history(approvato, progetto, tmp_path):
    from contatori.models import Snapshot

    regione = progetto.regione
    inizio = timezone.localdate() - dt.timedelta(weeks=8)
    for settimana in range(8):
        Snapshot.objects.create(
            contatore="tavoli_svolti", regione=regione, programma=progetto.programma, giorno=inizio + dt.timedelta(weeks=settimana),
            valore=settimana, calcolato_il=timezone.now(),
        )
    from contatori.fotografie import fotografa_contatori

    fotografa_contatori(approvato)
    testo = in_una_riga(leggi_testo_pdf(regionale(approvato), tmp_path))
    assert "L'andamento nel tempo" in testo and "Tavoli svolti: 1" in testo
    # The works by mode, with their number and cost, as vector text in the chart.
    assert "Stradale" in testo and "1 opera · 1,2 mln €" in testo


def test_a_book_of_thousands_of_works_prints_the_first_and_says_where_the_rest_are(strategico, progetto, tmp_path, monkeypatch):
    monkeypatch.setattr(libro_bianco, "MAX_OPERE", 5)
    for n in range(8):
        opera = factories.OperaPrioritariaFactory(progetto=progetto, codice=f"OP-{n}", costo_stimato=1000 * (n + 1))
        OperaSostenuta.objects.create(progetto_strategico=strategico, opera=opera, livello=1)
    testo = in_una_riga(leggi_testo_pdf(regionale(strategico), tmp_path))
    # The most costly first; the others are in the annex, and the total counts them all.
    assert "OP-7" in testo and "OP-3" in testo and "OP-2 " not in testo
    assert "le altre 3 sono nell'allegato" in testo
    assert "Totale delle 8 opere, allegato compreso 36.000 €" in testo


def test_the_national_volume_opens_with_italys_numbers_and_has_a_chapter_per_published_region(
    strategico, strategico_siciliano, programma, tmp_path
):
    ProgettoStrategico.objects.filter(pk=strategico.pk).update(stato="pubblicato", pubblicato_il=timezone.now())
    ricalcola(origine="test")
    Obiettivo.objects.create(contatore="tavoli_svolti", programma=programma, valore=100)
    pdf = nazionale(programma)
    testo = in_una_riga(leggi_testo_pdf(pdf, tmp_path))
    assert "Libro Bianco nazionale delle infrastrutture" in testo and "Sintesi nazionale" in testo
    # Italy's counters beside their targets; every region's state in phase 2.
    righe = [in_una_riga(riga) for riga in leggi_testo_pdf(pdf, tmp_path, righe=True).splitlines()]
    assert "Tavoli svolti 0 tavoli 100 tavoli 0%" in righe
    assert "Sicilia Bozza — 0%" in righe
    assert "Valle d'Aosta/Vallée d'Aoste Nessun progetto regionale — —" in righe
    assert any(riga.startswith("Lombardia Pubblicato") for riga in righe)
    # Lombardia's chapter; Sicily's draft is not in the volume.
    assert "Libro Bianco delle infrastrutture lombarde" in testo and "Libro Bianco della Sicilia" not in testo
    s = struttura(pdf)
    assert [t for livello, t in s.segnalibri if livello == 1] == ["Indice", "Sintesi nazionale", "Lombardia", "Colophon"]
    assert re.search(r"pdfaid:conformance[^A-Z]{1,3}A", s.xmp) and s.lingua == "it-IT"
    assert parole_sovrapposte(pdf, tmp_path) == []
