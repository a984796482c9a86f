import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programma.importazione import services
from programma.importazione.models import Importazione
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db

URL_IMPORT = reverse("admin:programma_operaprioritaria_import")


def carica(client, dati: bytes, nome: str = "opere.csv"):
    return client.post(URL_IMPORT, {"file": SimpleUploadedFile(nome, dati)})


def test_it_shows_the_upload_form(client_admin):
    risposta = client_admin.get(URL_IMPORT)
    assert risposta.status_code == 200
    assert b'type="file"' in risposta.content


def test_it_previews_every_row_then_imports_on_confirm(client_admin):
    OperaPrioritaria.objects.create(codice="OP-1", titolo="Opera OP-1", modalita="stradale", livello_priorita=1, regione_id=3)
    risposta = carica(client_admin, csv_bytes([riga("OP-1"), riga("OP-2")]))
    importazione = Importazione.objects.get()
    assert risposta.url == reverse("admin:programma_operaprioritaria_import_anteprima", args=[importazione.pk])
    assert importazione.stato == Importazione.Stato.ANTEPRIMA
    anteprima = client_admin.get(risposta.url)
    assert [r["esito"] for r in anteprima.context["righe"]] == ["aggiornata", "nuova"]
    assert "Conferma" in anteprima.content.decode()
    assert OperaPrioritaria.objects.count() == 1  # nothing written by the preview

    conferma = client_admin.post(reverse("admin:programma_operaprioritaria_process_import"), {"importazione": importazione.pk})
    assert conferma.url == reverse("importazione:dettaglio", args=[importazione.pk])
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.righe_create, importazione.righe_aggiornate) == ("completata", 1, 1)
    assert OperaPrioritaria.objects.count() == 2


def test_it_previews_wrong_rows_and_offers_the_error_report(client_admin):
    risposta = carica(client_admin, csv_bytes([riga("OP-1"), riga("OP-2", regione="Narnia")]))
    pagina = client_admin.get(risposta.url)
    assert [r["esito"] for r in pagina.context["righe"]] == ["nuova", "errata"]
    testo = pagina.content.decode()
    assert "Conferma" not in testo and "Narnia" in testo
    assert reverse("importazione:errori_csv", args=[Importazione.objects.get().pk]) in testo
    assert Importazione.objects.get().stato == Importazione.Stato.RIFIUTATA


def test_it_cannot_confirm_a_rejected_import(client_admin):
    """Proves the refusal itself: a 404 or an error page would not land on the import's page with the message."""
    carica(client_admin, csv_bytes([riga("OP-1", regione="Narnia")]))
    importazione = Importazione.objects.get()
    risposta = client_admin.post(
        reverse("admin:programma_operaprioritaria_process_import"), {"importazione": importazione.pk}, follow=True
    )
    assert risposta.redirect_chain == [(reverse("importazione:dettaglio", args=[importazione.pk]), 302)]
    assert risposta.status_code == 200
    assert [str(m) for m in risposta.context["messages"]] == ["Questa importazione non è in attesa di conferma."]
    assert "Narnia" in risposta.content.decode()
    assert not OperaPrioritaria.objects.exists()
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.RIFIUTATA


def test_it_refuses_a_pdf_named_csv(client_admin):
    carica(client_admin, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "finto.csv")
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.RIFIUTATA
    assert "PDF" in importazione.errori.get().motivo


def test_large_files_run_in_the_background(client_admin, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "SINCRONO_MAX_RIGHE", 10)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        risposta = carica(client_admin, csv_bytes([riga(f"OP-{i}") for i in range(30)]))
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.IN_CODA
    pagina = client_admin.get(risposta.url)
    assert b'id="avanzamento"' in pagina.content  # progress bar while the worker runs
    for callback in callbacks:
        callback()  # the Celery task (eager without REDIS_URL)
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.righe_create) == (Importazione.Stato.ANTEPRIMA, 30)
    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(reverse("admin:programma_operaprioritaria_process_import"), {"importazione": importazione.pk})
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.COMPLETATA
    assert OperaPrioritaria.objects.count() == 30


def test_it_exports_csv_from_the_admin(client_admin):
    services.importa_opere(csv_bytes([riga("OP-1")]), nome_file="x.csv")
    risposta = client_admin.post(reverse("admin:programma_operaprioritaria_export"), {"format": "0", "resource": "0"})
    assert risposta.status_code == 200
    testo = risposta.content.decode("utf-8-sig")
    assert testo.startswith("codice;cup;titolo;") and "1.234,56" in testo


def test_it_exports_xlsx_from_the_admin(client_admin):
    services.importa_opere(csv_bytes([riga("OP-1")]), nome_file="x.csv")
    risposta = client_admin.post(reverse("admin:programma_operaprioritaria_export"), {"format": "1", "resource": "0"})
    assert risposta.content[:2] == b"PK"


def test_the_changelist_offers_import_and_export(client_admin):
    risposta = client_admin.get(reverse("admin:programma_operaprioritaria_changelist"))
    assert URL_IMPORT in risposta.content.decode()


def test_it_requires_the_admin_role(client, coordinatore):
    coordinatore.is_staff = True
    coordinatore.save()
    client.force_login(coordinatore)
    assert client.get(URL_IMPORT).status_code == 403


def test_the_export_page_is_in_italian(client_admin):
    html = client_admin.get(reverse("admin:programma_operaprioritaria_export")).content.decode()
    assert "Verranno esportati i seguenti campi:" in html
    assert "This exporter" not in html
