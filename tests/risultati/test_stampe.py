"""Made once, served as a file: the books are printed in the background at approval and publication
(and for a staff preview, once per version of the draft), stored with their version and SHA-256,
and the public download is the stored file, never a render."""

import datetime as dt
import hashlib
import io
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from contatori.registry import PER_CHIAVE
from programma.models import OperaSostenuta, ProgettoStrategico, Stampa
from programma.risultati import libro_bianco, pubblicazioni, stampa, tasks
from programma.risultati.stampa import StampaNonRiuscita
from tests import factories
from tests.risultati.pdf import leggi_testo_pdf

pytestmark = pytest.mark.django_db


def contenuto(risposta) -> bytes:
    return b"".join(risposta.streaming_content)


def leggi(campo) -> bytes:
    with campo.open("rb") as file:
        return file.read()


@pytest.fixture
def conta_stampe(monkeypatch):
    """Counts the typesettings (the real one runs)."""
    fatte: list[int] = []
    originale = stampa.stampa_pdf

    def conta(html: str, **kwargs):
        fatte.append(1)
        return originale(html, **kwargs)

    monkeypatch.setattr(stampa, "stampa_pdf", conta)
    return fatte


@pytest.fixture
def nessuna_stampa(monkeypatch):
    """Any typesetting from here on fails the test: what follows must be served from storage."""

    def vietata(*args, **kwargs):
        raise AssertionError("un download pubblico non deve mai impaginare")

    monkeypatch.setattr(stampa, "stampa_pdf", vietata)


@pytest.fixture
def approvato(strategico_completo, operatore, coordinatore, django_capture_on_commit_callbacks):
    strategico_completo.invia(operatore)
    with django_capture_on_commit_callbacks(execute=True):
        strategico_completo.approva(coordinatore)
    return strategico_completo


@pytest.fixture
def pubblicato(approvato, amministratore, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approvato.pubblica(amministratore)
    return approvato


def test_approval_prints_the_approved_version(approvato, tmp_path):
    (stampa_approvata,) = approvato.stampe.all()
    assert (stampa_approvata.scopo, stampa_approvata.stato, stampa_approvata.versione) == ("approvazione", "pronta", 1)
    dati = stampa_approvata.file.read()
    assert dati.startswith(b"%PDF") and stampa_approvata.dimensione == len(dati)
    assert stampa_approvata.sha256 == hashlib.sha256(dati).hexdigest()
    # Printed after the counters of the day were stored on the project: the book has them.
    testo = " ".join(leggi_testo_pdf(dati, tmp_path).split())
    assert "Tavoli svolti" in testo and "Versione 1 del" in testo


def test_publication_prints_the_published_version_and_the_national_volume(pubblicato, tmp_path):
    libro = pubblicato.stampe.get(scopo="pubblicazione")
    assert libro.stato == "pronta" and libro.versione == 1
    volume = Stampa.objects.get(genere="volume_nazionale")
    assert volume.stato == "pronta" and volume.versione == 1 and volume.programma_id == pubblicato.progetto.programma_id
    assert "Versione 1, pubblicata il" in " ".join(leggi_testo_pdf(libro.file.read(), tmp_path).split())
    assert list(ProgettoStrategico.objects.pubblicati()) == [pubblicato]


def test_the_public_download_is_the_stored_file_never_a_render(pubblicato, client, nessuna_stampa, django_assert_max_num_queries):
    libro = pubblicato.stampe.get(scopo="pubblicazione")
    cache.clear()  # the first visitor after a flush or a deploy
    url = reverse("documenti:libro_bianco", args=[pubblicato.pk])
    with django_assert_max_num_queries(1):
        risposta = client.get(url)
    dati = contenuto(risposta)
    assert risposta.status_code == 200 and risposta["Content-Type"] == "application/pdf"
    assert dati == libro.file.read() and int(risposta["Content-Length"]) == len(dati) == libro.dimensione
    assert risposta["ETag"] == f'"{libro.sha256}"'
    assert "public" in risposta["Cache-Control"] and "max-age=300" in risposta["Cache-Control"]
    assert risposta["Content-Disposition"].startswith("inline;")
    # A client that has it already gets a 304, without the file being read.
    risposta = client.get(url, HTTP_IF_NONE_MATCH=f'"{libro.sha256}"')
    assert risposta.status_code == 304 and risposta["ETag"] == f'"{libro.sha256}"'
    # The national volume likewise.
    volume = client.get(reverse("documenti:volume_nazionale"))
    assert volume.status_code == 200 and contenuto(volume) == Stampa.objects.get(genere="volume_nazionale").file.read()


def test_a_numbered_version_never_changes_and_stays_reachable(pubblicato, client, amministratore):
    v1 = pubblicato.stampe.get(scopo="pubblicazione")
    # A new version of the content (a new history row) printed for publication is version 2.
    pubblicato._change_reason = "Nuova edizione del documento"
    pubblicato.save()
    nuova = pubblicazioni.richiedi_libro(pubblicato, Stampa.Scopo.PUBBLICAZIONE, accoda=False)
    pubblicazioni.esegui(nuova.pk)
    v2 = Stampa.objects.get(pk=nuova.pk)
    assert v2.versione == 2 and v2.sha256 != v1.sha256
    ultima = client.get(reverse("documenti:libro_bianco", args=[pubblicato.pk]))
    assert contenuto(ultima) == leggi(v2.file)
    vecchia = client.get(reverse("documenti:libro_bianco_versione", args=[pubblicato.pk, 1]))
    assert contenuto(vecchia) == leggi(v1.file) and hashlib.sha256(leggi(v1.file)).hexdigest() == v1.sha256
    assert "immutable" in vecchia["Cache-Control"]
    assert client.get(reverse("documenti:libro_bianco_versione", args=[pubblicato.pk, 3])).status_code == 404


def test_a_published_project_is_listed_only_once_its_book_is_ready(approvato, amministratore, client, nessuna_stampa, monkeypatch):
    monkeypatch.setattr(pubblicazioni, "accoda", lambda pk: None)  # the worker has not got to it yet
    approvato.pubblica(amministratore)
    assert approvato.stato == "pubblicato"
    assert client.get(reverse("documenti:api")).json()["totale"] == 0
    assert client.get(reverse("documenti:libro_bianco", args=[approvato.pk])).status_code == 404
    assert not ProgettoStrategico.objects.pubblicati().exists()


def test_the_national_volume_is_printed_again_when_a_region_publishes(
    pubblicato, strategico_siciliano, operatore, altro_operatore, coordinatore, amministratore, django_capture_on_commit_callbacks, tmp_path
):
    from programma.models import Indicazione

    strategico_siciliano.contesto, strategico_siciliano.obiettivi = "Contesto", "Obiettivi"
    strategico_siciliano.save()
    Indicazione.objects.create(progetto_strategico=strategico_siciliano, tema="energia", testo="T", destinatario="D")
    strategico_siciliano.invia(altro_operatore)
    with django_capture_on_commit_callbacks(execute=True):
        strategico_siciliano.approva(coordinatore)
    with django_capture_on_commit_callbacks(execute=True):
        strategico_siciliano.pubblica(amministratore)
    volumi = list(Stampa.objects.filter(genere="volume_nazionale").order_by("versione"))
    assert [v.versione for v in volumi] == [1, 2]
    testo = " ".join(leggi_testo_pdf(volumi[1].file.read(), tmp_path).split())
    assert "Libro Bianco delle infrastrutture lombarde" in testo and "Libro Bianco della Sicilia" in testo
    # The first version stays reachable as it was.
    assert "Libro Bianco della Sicilia" not in " ".join(leggi_testo_pdf(volumi[0].file.read(), tmp_path).split())


# Transactional: the print runs on commit, inside the request, as in `make run`.
@pytest.mark.django_db(transaction=True)
def test_the_staff_preview_is_printed_once_per_version_of_the_draft(strategico_completo, client_operatore, conta_stampe):
    url = reverse("programma:libro_bianco", args=[strategico_completo.progetto_id])
    prima = client_operatore.get(url)
    pdf = contenuto(prima)
    assert prima.status_code == 200 and pdf.startswith(b"%PDF") and len(conta_stampe) == 1
    di_nuovo = client_operatore.get(url)
    assert contenuto(di_nuovo) == pdf and len(conta_stampe) == 1
    # An edit is a new version of the draft: a new preview.
    strategico_completo.obiettivi = "Nuovi obiettivi."
    strategico_completo.save()
    dopo = client_operatore.get(url)
    assert dopo.status_code == 200 and len(conta_stampe) == 2
    assert strategico_completo.stampe.filter(scopo="anteprima", stato="pronta").count() == 2


def test_while_a_print_is_prepared_the_page_says_so_and_polls(strategico_completo, client_operatore, monkeypatch):
    monkeypatch.setattr(pubblicazioni, "accoda", lambda pk: None)  # a worker will take it
    url = reverse("programma:libro_bianco", args=[strategico_completo.progetto_id])
    risposta = client_operatore.get(url)
    assert risposta.status_code == 202
    html = risposta.content.decode()
    assert "Il Libro Bianco è in preparazione." in html
    # The page polls its state (frontend/avanzamento.js) instead of refreshing itself (axe: meta-refresh).
    assert f'data-url="{url}?stato=1"' in html and "build/avanzamento.js" in html and "http-equiv" not in html
    assert client_operatore.get(url, {"stato": 1}).json() == {"terminata": False, "etichetta": "In coda"}
    pubblicazioni.esegui(strategico_completo.stampe.get().pk)
    assert client_operatore.get(url, {"stato": 1}).json() == {"terminata": True, "etichetta": "Pronta"}


# Transactional: the print runs on commit, inside the request, as in `make run`.
@pytest.mark.django_db(transaction=True)
def test_a_failed_print_says_why_and_can_be_asked_again(strategico_completo, client_operatore, monkeypatch):
    def troppo_lungo(html: str, **kwargs):
        raise StampaNonRiuscita("Il documento non è stato impaginato entro 90 secondi, il tempo massimo.")

    originale = stampa.stampa_pdf
    monkeypatch.setattr(stampa, "stampa_pdf", troppo_lungo)
    url = reverse("programma:libro_bianco", args=[strategico_completo.progetto_id])
    risposta = client_operatore.get(url)
    assert risposta.status_code == 200 and "entro 90 secondi" in risposta.content.decode()
    assert strategico_completo.stampe.get().stato == "fallita"
    monkeypatch.setattr(stampa, "stampa_pdf", originale)
    assert client_operatore.post(url).status_code == 302
    assert strategico_completo.stampe.get().stato == "pronta"


def test_a_render_over_its_budget_is_stopped_and_says_so():
    html = "<html lang='it-IT'><body>" + "<p>riga</p>" * 200_000 + "</body></html>"
    inizio = time.monotonic()
    with pytest.raises(StampaNonRiuscita, match="entro 1 secondi"):
        stampa.stampa_pdf(html, secondi=1)
    assert time.monotonic() - inizio < 5


def test_a_render_over_its_memory_is_stopped_and_says_so():
    html = "<html lang='it-IT'><body>" + "<p>riga</p>" * 50_000 + "</body></html>"
    with pytest.raises(StampaNonRiuscita, match="più memoria"):
        stampa.stampa_pdf(html, secondi=60, memoria_mb=150)


# Transactional: the print runs on commit, inside the request, as in `make run`.
@pytest.mark.django_db(transaction=True)
def test_a_pasted_context_of_short_lines_answers_within_10_seconds(strategico_completo, client_operatore, settings):
    """20,000 characters of one-letter lines (the context's limit): the preview is printed within the
    budget or refused with a message; either way the answer comes in time, and never a 500."""
    settings.PDF_MAX_SECONDI = 8
    strategico_completo.contesto = "a\n" * 10_000
    strategico_completo.save()
    inizio = time.monotonic()
    risposta = client_operatore.get(reverse("programma:libro_bianco", args=[strategico_completo.progetto_id]))
    assert time.monotonic() - inizio < 10
    assert risposta.status_code == 200


def test_a_broker_outage_never_undoes_a_publication(approvato, amministratore, monkeypatch, django_capture_on_commit_callbacks):
    def broker_giu(*args, **kwargs):
        raise ConnectionError("Redis non risponde")

    monkeypatch.setattr(tasks.prepara_stampa, "delay", broker_giu)
    with django_capture_on_commit_callbacks(execute=True):
        approvato.pubblica(amministratore)
    approvato.refresh_from_db()
    assert approvato.stato == "pubblicato"
    assert approvato.stampe.get(scopo="pubblicazione").stato == "in_coda"
    # The repair (Celery beat) prints it once the broker is back.
    monkeypatch.undo()
    assert pubblicazioni.ripara(sincrono=True) >= 1
    assert approvato.stampe.get(scopo="pubblicazione").stato == "pronta"


def test_the_repair_prints_published_books_that_have_no_file(strategico_completo, conta_stampe):
    ProgettoStrategico.objects.filter(pk=strategico_completo.pk).update(stato="pubblicato", pubblicato_il=timezone.now())
    assert pubblicazioni.ripara(sincrono=True) == 2  # the book and the national volume
    assert strategico_completo.stampe.pubblicate().count() == 1 and len(conta_stampe) == 2
    assert pubblicazioni.ripara(sincrono=True) == 0 and len(conta_stampe) == 2


def test_the_repair_queues_again_a_print_lost_with_its_worker(strategico_completo):
    persa = Stampa.objects.create(
        genere="libro_bianco", scopo="pubblicazione", stato="in_corso", programma=strategico_completo.progetto.programma,
        strategico=strategico_completo, origine="1", versione=1,
        richiesta_il=timezone.now() - dt.timedelta(hours=1),
    )
    ProgettoStrategico.objects.filter(pk=strategico_completo.pk).update(stato="pubblicato")
    pubblicazioni.ripara(sincrono=True)
    persa.refresh_from_db()
    assert persa.stato == "pronta" and persa.versione == 1


def test_the_published_counter_counts_only_books_with_a_file(approvato, amministratore, monkeypatch, django_capture_on_commit_callbacks):
    programma = approvato.progetto.programma
    monkeypatch.setattr(pubblicazioni, "accoda", lambda pk: None)
    approvato.pubblica(amministratore)
    assert PER_CHIAVE["strategici_pubblicati"].calcola(programma)[None] == 0
    monkeypatch.undo()
    pubblicazioni.ripara(sincrono=True)
    assert PER_CHIAVE["strategici_pubblicati"].calcola(programma)[None] == 1


def test_a_book_with_more_works_than_it_prints_has_the_full_list_as_an_annex(strategico_completo, progetto, client, monkeypatch):
    monkeypatch.setattr(libro_bianco, "MAX_OPERE", 1)
    for n in range(3):
        opera = factories.OperaPrioritariaFactory(progetto=progetto, codice=f"ALL-{n}")
        OperaSostenuta.objects.create(progetto_strategico=strategico_completo, opera=opera, livello=2)
    ProgettoStrategico.objects.filter(pk=strategico_completo.pk).update(stato="pubblicato", pubblicato_il=timezone.now())
    pubblicazioni.ripara(sincrono=True)
    libro = strategico_completo.stampe.get(scopo="pubblicazione")
    risposta = client.get(reverse("documenti:libro_bianco_allegato", args=[strategico_completo.pk, libro.versione]))
    assert risposta.status_code == 200 and risposta["ETag"] == f'"{libro.allegato_sha256}"'
    from openpyxl import load_workbook

    libro_xlsx = load_workbook(io.BytesIO(contenuto(risposta)))
    codici = [riga[0] for riga in libro_xlsx["Opere sostenute"].iter_rows(min_row=2, values_only=True)]
    assert sorted(codici) == sorted(["ALL-0", "ALL-1", "ALL-2", strategico_completo.sostegni.order_by("pk").first().opera.codice])


def test_a_child_that_crashes_once_is_tried_again(monkeypatch):
    """A segmentation fault in the typesetting child (a system library's, under load) costs a retry,
    not the print; a second one is a failure with its message."""
    import subprocess

    vero = subprocess.run
    crolli: list[int] = []

    def crolla_una_volta(comando, **kwargs):
        if len(crolli) < volte:
            crolli.append(1)
            return subprocess.CompletedProcess(comando, -11, b"", b"")
        return vero(comando, **kwargs)

    monkeypatch.setattr(stampa.subprocess, "run", crolla_una_volta)
    volte = 1
    assert stampa.stampa_pdf("<html lang='it-IT'><body><p>Prova</p></body></html>").contenuto.startswith(b"%PDF")
    crolli.clear()
    volte = 2
    with pytest.raises(StampaNonRiuscita, match="errore interno"):
        stampa.stampa_pdf("<html lang='it-IT'><body><p>Prova</p></body></html>")
    assert len(crolli) == 2
