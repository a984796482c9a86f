"""The import in the staff pages (issue #20): upload at /importazioni/nuova/ in the site's own look,
the template to download, the preview with the values as read and the errors beside their rows,
confirm or discard, and the expiry of previews left unconfirmed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programma.importazione import services, tasks
from programma.importazione.fileformat import COLONNE
from programma.importazione.models import Importazione
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db

NUOVA = reverse("importazione:nuova")


def carica(client, dati: bytes, nome: str = "opere.csv", **altro):
    return client.post(NUOVA, {"file": SimpleUploadedFile(nome, dati), **altro})


def test_the_upload_page_is_a_staff_page_with_a_file_field(client_admin):
    html = client_admin.get(NUOVA).content.decode()
    assert 'type="file"' in html and 'name="file"' in html
    assert "it-header-wrapper" in html or "it-header" in html  # the site's own header, not the admin's
    assert reverse("importazione:modello_xlsx") in html and reverse("importazione:modello_csv") in html


def test_it_refuses_an_empty_upload_and_changes_nothing(client_admin):
    risposta = client_admin.post(NUOVA, {})
    assert risposta.status_code == 200 and "file" in risposta.context["form"].errors
    assert "Il file non è stato caricato" in risposta.content.decode()
    assert not Importazione.objects.exists()


def test_it_previews_every_row_with_its_values_as_read_then_imports_on_confirm(client_admin):
    OperaPrioritaria.objects.create(codice="OP-1", titolo="Opera OP-1", modalita="stradale", livello_priorita=1, regione_id=3)
    risposta = carica(client_admin, csv_bytes([riga("OP-1"), riga("OP-2", costo_stimato="€ 52627000", data_completamento_prevista="2027-06-30")]))
    importazione = Importazione.objects.get()
    assert risposta.url == reverse("importazione:anteprima", args=[importazione.pk])
    assert (importazione.stato, importazione.origine) == (Importazione.Stato.ANTEPRIMA, "pagina")
    pagina = client_admin.get(risposta.url)
    righe = {r["codice"]: r for r in pagina.context["righe"]}
    assert [r["esito"] for r in pagina.context["righe"]] == ["aggiornata", "nuova"]
    # The values as the import read them: amounts, dates, provinces, region and choices.
    assert righe["OP-2"]["valori"]["costo_stimato"] == "52.627.000,00 €"
    assert righe["OP-2"]["valori"]["data_completamento_prevista"] == "30/06/2027"
    assert righe["OP-2"]["valori"]["province"] == "BG MI"
    assert righe["OP-2"]["valori"]["regione"] == "Lombardia"
    assert righe["OP-2"]["valori"]["modalita"] == "Ferroviaria"
    html = pagina.content.decode()
    assert "52.627.000,00 €" in html and "Conferma l’importazione" in html
    assert OperaPrioritaria.objects.count() == 1  # nothing written by the preview

    conferma = client_admin.post(reverse("importazione:conferma", args=[importazione.pk]))
    assert conferma.url == reverse("importazione:dettaglio", args=[importazione.pk])
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.righe_create, importazione.righe_aggiornate) == ("completata", 1, 1)
    assert OperaPrioritaria.objects.get(codice="OP-2").costo_stimato == 52627000


def test_bad_rows_show_their_errors_beside_their_values(client_admin):
    risposta = carica(client_admin, csv_bytes([riga("OP-1"), riga("OP-2", regione="Narnia", costo_stimato="tanti")]))
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.RIFIUTATA
    pagina = client_admin.get(risposta.url)
    errata = next(r for r in pagina.context["righe"] if r["esito"] == "errata")
    assert errata["riga"] == 3 and errata["valori"]["regione"] == "Narnia" and errata["valori"]["costo_stimato"] == "tanti"
    assert set(errata["errate"]) == {"regione", "costo_stimato"}
    assert "regione sconosciuta" in errata["dettaglio"] and "importo non valido" in errata["dettaglio"]
    html = pagina.content.decode()
    assert "Conferma l’importazione" not in html
    assert reverse("importazione:errori_csv", args=[importazione.pk]) in html
    # Only the bad rows, on request.
    solo = client_admin.get(risposta.url, {"errate": "1"})
    assert [r["riga"] for r in solo.context["righe"]] == [3]


def test_it_cannot_confirm_a_rejected_import(client_admin):
    """Proves the refusal itself: a 404 or an error page would not land on the import's page with the message."""
    carica(client_admin, csv_bytes([riga("OP-1", regione="Narnia")]))
    importazione = Importazione.objects.get()
    risposta = client_admin.post(reverse("importazione:conferma", args=[importazione.pk]), follow=True)
    assert risposta.redirect_chain == [(reverse("importazione:dettaglio", args=[importazione.pk]), 302)]
    assert [str(m) for m in risposta.context["messages"]] == ["Questa importazione non è in attesa di conferma."]
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
    assert b'id="avanzamento"' in client_admin.get(risposta.url).content  # progress bar while the worker runs
    for callback in callbacks:
        callback()  # the Celery task (eager without REDIS_URL)
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.righe_create) == (Importazione.Stato.ANTEPRIMA, 30)
    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(reverse("importazione:conferma", args=[importazione.pk]))
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.COMPLETATA
    assert OperaPrioritaria.objects.count() == 30


def test_the_preview_is_paginated(client_admin):
    carica(client_admin, csv_bytes([riga(f"OP-{i:03d}") for i in range(120)]))
    url = reverse("importazione:anteprima", args=[Importazione.objects.get().pk])
    prima = client_admin.get(url)
    assert len(prima.context["righe"]) == 50
    # The shared pagination (includes/paginazione.html) links the next pages with `page`, as every list.
    assert 'href="?page=3"' in prima.content.decode()
    assert [r["codice"] for r in client_admin.get(url, {"page": "3"}).context["righe"]][0] == "OP-100"
    assert client_admin.get(url, {"page": "tanta"}).status_code == 200


# --- discard and expiry ------------------------------------------------------------------------------


def test_cancel_discards_the_upload_and_its_file(client_admin):
    carica(client_admin, csv_bytes([riga("OP-1")]))
    importazione = Importazione.objects.get()
    file = Path(importazione.file.path)
    assert file.exists()
    risposta = client_admin.post(reverse("importazione:scarta", args=[importazione.pk]), follow=True)
    assert risposta.redirect_chain == [(NUOVA, 302)]
    assert "scartata: nessuna opera è stata scritta" in str(list(risposta.context["messages"])[0])
    assert not Importazione.objects.exists() and not file.exists() and not OperaPrioritaria.objects.exists()


def test_a_confirmed_import_is_not_discarded(client_admin):
    carica(client_admin, csv_bytes([riga("OP-1")]))
    importazione = Importazione.objects.get()
    client_admin.post(reverse("importazione:conferma", args=[importazione.pk]))
    risposta = client_admin.post(reverse("importazione:scarta", args=[importazione.pk]))
    assert risposta.url == importazione.get_absolute_url()
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.COMPLETATA and OperaPrioritaria.objects.count() == 1


def test_previews_left_unconfirmed_expire_after_a_day(client_admin):
    for nome, dati in (("vecchia.csv", [riga("OP-1")]), ("recente.csv", [riga("OP-2")]), ("confermata.csv", [riga("OP-3")])):
        carica(client_admin, csv_bytes(dati), nome)
    confermata = Importazione.objects.get(nome_file="confermata.csv")
    client_admin.post(reverse("importazione:conferma", args=[confermata.pk]))
    da_abbinare = Importazione.objects.create(nome_file="colonne.csv", stato=Importazione.Stato.MAPPATURA)
    ieri = timezone.now() - dt.timedelta(hours=25)
    Importazione.objects.exclude(nome_file="recente.csv").update(creata_il=ieri)
    vecchia = Importazione.objects.get(nome_file="vecchia.csv")
    file = Path(vecchia.file.path)

    assert tasks.scarta_anteprime_scadute() == 2
    assert set(Importazione.objects.values_list("nome_file", flat=True)) == {"recente.csv", "confermata.csv"}
    assert not file.exists() and not Importazione.objects.filter(pk=da_abbinare.pk).exists()


def test_celery_beat_runs_the_expiry():
    voce = next(v for v in django_settings.CELERY_BEAT_SCHEDULE.values() if v["task"] == tasks.scarta_anteprime_scadute.name)
    assert voce["schedule"] <= dt.timedelta(hours=1)


# --- the template ----------------------------------------------------------------------------------


def test_the_csv_template_imports_as_it_is(client_admin, programma):
    risposta = client_admin.get(reverse("importazione:modello_csv"))
    assert risposta["Content-Disposition"] == 'attachment; filename="modello-opere-prioritarie.csv"'
    testo = risposta.content.decode("utf-8-sig")
    assert testo.splitlines()[0] == ";".join(COLONNE)
    esito = services.importa_opere(risposta.content, nome_file="modello.csv", dry_run=True)
    assert esito.valido and esito.create == 1


def test_the_xlsx_template_explains_every_column_and_its_values(client_admin, programma):
    libro = load_workbook(io.BytesIO(client_admin.get(reverse("importazione:modello_xlsx")).content))
    opere, istruzioni = libro.worksheets
    assert [c.value for c in opere[1]] == list(COLONNE)
    righe = {r[0]: r for r in istruzioni.iter_rows(min_row=2, values_only=True)}
    assert set(righe) == set(COLONNE)
    assert righe["codice"][1] == "sì" and righe["cup"][1] == "no"
    assert "Ferroviaria" in righe["modalita"][3] and "Interportuale/logistica" in righe["modalita"][3]
    assert "In esecuzione" in righe["stato"][3] and righe["livello_priorita"][3] == "1, 2, 3"
    assert "gg/mm/aaaa" in righe["data_completamento_prevista"][2]
    esito = services.importa_opere(client_admin.get(reverse("importazione:modello_xlsx")).content, nome_file="modello.xlsx", dry_run=True)
    assert esito.valido, esito.errori
