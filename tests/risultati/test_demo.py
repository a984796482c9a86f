"""seed_demo writes strategic projects in every state and the edition's national documents, once."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from contatori.registry import CONTATORI
from programma.activities.notifiche import da_fare
from programma.models import DocumentoNazionale, Fase, ProgettoStrategico, Report
from tests.risultati.pdf import leggi_testo_pdf, parole_sovrapposte, struttura

pytestmark = pytest.mark.django_db


def test_seed_demo_writes_the_results_once(client, tmp_path):
    # Without the books' prints (the walk below has them).
    call_command("seed_demo", "--senza-ricalcolo", "--senza-libri", "--giorni-storia", "0", stdout=StringIO())
    stati = dict(ProgettoStrategico.objects.values_list("stato").annotate(n=Count("pk")))
    assert stati == {"pubblicato": 8, "approvato": 4, "in_revisione": 4, "bozza": 4}
    pubblicato = ProgettoStrategico.objects.filter(stato="pubblicato").first()
    assert pubblicato.indicazioni.exists() and pubblicato.sostegni.exists() and pubblicato.enti_firmatari.exists()
    assert pubblicato.contatori_approvazione["valori"]
    # Phase 2 is complete exactly where the strategic project is approved.
    completate = set(Fase.objects.filter(numero=2, stato="completata").values_list("progetto_id", flat=True))
    assert completate == set(ProgettoStrategico.objects.approvati().values_list("progetto_id", flat=True))
    assert DocumentoNazionale.objects.count() == 4
    assert DocumentoNazionale.objects.get(tipo="analisi_domanda_offerta").file.read().startswith(b"%PDF")
    # A published report's file is a short PDF of its region's own figures.
    report = Report.objects.pubblicati().select_related("progetto__regione").filter(tipo="libro_bianco").first()
    testo = " ".join(leggi_testo_pdf(report.file.read(), tmp_path).split())
    assert report.titolo in testo and report.progetto.regione.nome in testo
    assert "Tavoli di confronto svolti" in testo and "Opere prioritarie segnalate" in testo
    # Its page tells who published it and why, as the workflow writes it.
    assert report.history.get().history_change_reason == "Pubblicato" and report.history.get().history_user.username == "coordinatore"

    # The notifications at work (issue #20): the demo users have example addresses, the coordinator's
    # "Da fare" is the review queue and what is theirs to publish, a region sent back sees it.
    utenti = get_user_model().objects
    coordinatore = utenti.get(username="coordinatore")
    assert coordinatore.email == "coordinatore@example.it"
    assert utenti.get(username="camera-lombardia").email == "camera-lombardia@example.it"
    strategici = {v.oggetto.pk for v in da_fare(coordinatore) if isinstance(v.oggetto, ProgettoStrategico)}
    assert strategici == set(ProgettoStrategico.objects.filter(stato__in=["in_revisione", "approvato"]).values_list("pk", flat=True))
    rimandati = list(ProgettoStrategico.objects.filter(stato="bozza").exclude(commento="").select_related("progetto__regione"))
    assert rimandati
    for rimandato in rimandati:
        operatore = utenti.get(username=f"operatore-{rimandato.progetto.regione.slug}")
        assert rimandato in [v.oggetto for v in da_fare(operatore)]

    call_command("seed_demo", "--senza-ricalcolo", "--senza-libri", "--giorni-storia", "0", stdout=StringIO())
    assert ProgettoStrategico.objects.count() == 20 and DocumentoNazionale.objects.count() == 4

    corpo = client.get(reverse("documenti:api")).json()
    generi = {d["genere"] for d in corpo["documenti"]} | {
        d["genere"] for d in client.get(reverse("documenti:api"), {"tipo": "analisi_domanda_offerta"}).json()["documenti"]
    }
    assert {"report", "nazionale"} <= generi


def test_every_document_the_api_lists_downloads_anonymously(client, tmp_path):
    """What the public section lists can be downloaded, by anyone: the demo's published reports and
    national documents carry real PDFs made from the demo data, the strategic projects their Libro
    Bianco. The walk follows every page of /api/documenti/; every Libro Bianco, and the national
    volume, is read back as the issue judges it (`libro_come_si_pubblica`)."""
    call_command("seed_demo", "--senza-ricalcolo", "--giorni-storia", "60", stdout=StringIO())
    # Reports past the draft have their file, some wait for the Coordinatore, and drafts have none.
    assert not Report.objects.exclude(stato="bozza").filter(file="").exists()
    assert Report.objects.filter(stato="in_revisione").exists() and Report.objects.pubblicati().exists()
    scaricati: dict[str, int] = {}
    pagina, pagine = 1, 1
    while pagina <= pagine:
        corpo = client.get(reverse("documenti:api"), {"pagina": pagina}).json()
        pagine = corpo["pagine"]
        for documento in corpo["documenti"]:
            risposta = client.get(documento["file"])
            assert risposta.status_code == 200, documento
            contenuto = b"".join(risposta.streaming_content) if risposta.streaming else risposta.content
            assert contenuto.startswith(b"%PDF"), documento
            if documento["genere"] == "strategico":
                libro_come_si_pubblica(contenuto, tmp_path, documento["file"])
            scaricati[documento["genere"]] = scaricati.get(documento["genere"], 0) + 1
        pagina += 1
    assert scaricati == {
        "strategico": ProgettoStrategico.objects.pubblicati().count(),
        "report": Report.objects.pubblicati().count(),
        "nazionale": DocumentoNazionale.objects.pubblicati().count(),
    }
    assert sum(scaricati.values()) == corpo["totale"]
    volume = client.get(reverse("documenti:volume_nazionale"))
    libro_come_si_pubblica(b"".join(volume.streaming_content), tmp_path, "volume nazionale")
    assert scaricati["strategico"] == 8


MESI = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
# "1 regioni", "1 eventi"...: every counter's plural after the number one.
PLURALI_DI_UNO = [f"1 {c.unita}" for c in CONTATORI if c.unita_singolare and str(c.unita) != str(c.unita_singolare)]


def libro_come_si_pubblica(pdf: bytes, tmp_path, nome: str) -> None:
    """A book as the issue judges it: no word printed over another; tagged and claiming PDF/A;
    bookmarks; Italian quantities and dates."""
    assert parole_sovrapposte(pdf, tmp_path) == [], nome
    s = struttura(pdf)
    assert s.marcato and s.lingua == "it-IT" and re.search(r"pdfaid:conformance[^A-Z]{1,3}A", s.xmp), nome
    assert s.figure_senza_alt == 0 and "/Table" in s.tag and "/H2" in s.tag, nome
    assert [t for livello, t in s.segnalibri if livello == 1][0] == "Indice" and len(s.segnalibri) > 8, nome
    testo = " ".join(leggi_testo_pdf(pdf, tmp_path).split())
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", testo), nome
    assert re.search(rf"\b\d{{1,2}} ({MESI}) 20\d\d\b", testo), nome
    assert [p for p in PLURALI_DI_UNO if re.search(rf"(?<![\d.,]){re.escape(p)}\b", testo)] == [], nome

