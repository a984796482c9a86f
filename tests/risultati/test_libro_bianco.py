"""The Libro Bianco PDF: it opens, has real text, and shows the region's works, tavoli, enti and counters."""

from django.urls import reverse

from contatori.services import ricalcola
from programma.models import ProgettoStrategico
from tests import factories
from tests.risultati.pdf import leggi_testo_pdf


def test_the_pdf_has_the_regions_works_tavoli_enti_and_counters(
    client_operatore, strategico_completo, operatore, coordinatore, django_capture_on_commit_callbacks, tmp_path
):
    progetto = strategico_completo.progetto
    ricalcola(origine="test")
    strategico_completo.invia(operatore)
    with django_capture_on_commit_callbacks(execute=True):
        strategico_completo.approva(coordinatore)
    response = client_operatore.get(reverse("programma:libro_bianco", args=[progetto.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    testo = " ".join(leggi_testo_pdf(response.content, tmp_path).split())
    assert "Libro Bianco delle infrastrutture lombarde" in testo
    assert "Lombardia" in testo and progetto.programma.nome in testo
    # The endorsed work with its cost and traffic light; the tavolo with its participants by category.
    # (a long title may wrap inside its cell: its code and first word identify it)
    opera = strategico_completo.sostegni.get().opera
    assert opera.codice in testo and "Quadruplicamento" in testo and "1.234.567,00 €" in testo and "Verde" in testo
    assert "Tavolo logistica di Milano" in testo
    assert progetto.ente_capofila.nome in testo
    assert "Potenziare gli interporti." in testo and "Logistica" in testo
    # The counters as of the approval: one tavolo held in Lombardia.
    assert "Tavoli svolti" in testo


def test_another_regions_pdf_is_a_404(client, altro_operatore, strategico):
    client.force_login(altro_operatore)
    assert client.get(reverse("programma:libro_bianco", args=[strategico.progetto_id])).status_code == 404


def test_the_national_volume_collects_the_published_ones(client, strategico, strategico_siciliano, tmp_path):
    ProgettoStrategico.objects.filter(pk=strategico.pk).update(stato="pubblicato")
    factories.OperaPrioritariaFactory(titolo="Opera non sostenuta")
    response = client.get(reverse("documenti:volume_nazionale"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    testo = " ".join(leggi_testo_pdf(response.content, tmp_path).split())
    assert "Libro Bianco nazionale" in testo and "Libro Bianco delle infrastrutture lombarde" in testo
    # Sicily's is a draft: not in the national volume.
    assert "Libro Bianco della Sicilia" not in testo


def test_the_public_pdf_is_generated_once_then_cached(client, strategico, monkeypatch):
    from django.utils import timezone

    from programma.risultati import libro_bianco

    ProgettoStrategico.objects.filter(pk=strategico.pk).update(stato="pubblicato", pubblicato_il=timezone.now())
    generati = []
    originale = libro_bianco.genera_pdf
    monkeypatch.setattr(libro_bianco, "genera_pdf", lambda *a, **k: generati.append(1) or originale(*a, **k))
    url = reverse("documenti:libro_bianco", args=[strategico.pk])
    primo, secondo = client.get(url), client.get(url)
    assert primo.content == secondo.content and primo.content.startswith(b"%PDF")
    assert len(generati) == 1


def test_the_public_pdf_is_served_when_the_cache_fails(client, strategico, monkeypatch, caplog):
    from django.core.cache import cache
    from django.utils import timezone

    def guasto(*args, **kwargs):
        raise ConnectionError("Redis non risponde")

    ProgettoStrategico.objects.filter(pk=strategico.pk).update(stato="pubblicato", pubblicato_il=timezone.now())
    monkeypatch.setattr(cache, "get", guasto)
    monkeypatch.setattr(cache, "set", guasto)
    response = client.get(reverse("documenti:libro_bianco", args=[strategico.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "Cache non disponibile" in caplog.text
