"""seed_demo writes strategic projects in every state and the edition's national documents, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from programma.models import DocumentoNazionale, Fase, ProgettoStrategico, Report
from tests.risultati.pdf import leggi_testo_pdf

pytestmark = pytest.mark.django_db


def test_seed_demo_writes_the_results_once(client, tmp_path):
    call_command("seed_demo", "--senza-ricalcolo", "--giorni-storia", "0", stdout=StringIO())
    stati = dict(ProgettoStrategico.objects.values_list("stato").annotate(n=Count("pk")))
    assert stati == {"pubblicato": 8, "approvato": 4, "in_revisione": 4, "bozza": 4}
    pubblicato = ProgettoStrategico.objects.pubblicati().first()
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

    call_command("seed_demo", "--senza-ricalcolo", "--giorni-storia", "0", stdout=StringIO())
    assert ProgettoStrategico.objects.count() == 20 and DocumentoNazionale.objects.count() == 4

    corpo = client.get(reverse("documenti:api")).json()
    generi = {d["genere"] for d in corpo["documenti"]} | {
        d["genere"] for d in client.get(reverse("documenti:api"), {"tipo": "analisi_domanda_offerta"}).json()["documenti"]
    }
    assert {"strategico", "report", "nazionale"} <= generi


def test_every_document_the_api_lists_downloads_anonymously(client):
    """What the public section lists can be downloaded, by anyone: the demo's published reports and
    national documents carry real PDFs made from the demo data, the strategic projects their Libro
    Bianco. The walk follows every page of /api/documenti/."""
    call_command("seed_demo", "--senza-ricalcolo", "--giorni-storia", "0", stdout=StringIO())
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
            scaricati[documento["genere"]] = scaricati.get(documento["genere"], 0) + 1
        pagina += 1
    assert scaricati == {
        "strategico": ProgettoStrategico.objects.pubblicati().count(),
        "report": Report.objects.pubblicati().count(),
        "nazionale": DocumentoNazionale.objects.pubblicati().count(),
    }
    assert sum(scaricati.values()) == corpo["totale"]

