"""Forms that never lose work: a file attached to a rejected form survives for the next submit."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programma.activities.models import AllegatoSospeso
from programma.tasks import pulisci_allegati_sospesi
from tavoli.models import TavoloConfronto
from tests import factories
from tests.tavoli.conftest import PDF

pytestmark = pytest.mark.django_db

URL = reverse("tavoli:nuovo")


def gettone(response) -> str:
    return re.search(r'name="verbale_sospeso" value="([^"]+)"', response.content.decode()).group(1)


def test_a_rejected_form_keeps_the_file(client_operatore, progetto, dati_tavolo, django_capture_on_commit_callbacks):
    rifiutato = client_operatore.post(URL, {**dati_tavolo, "titolo": "", "verbale": SimpleUploadedFile("verbale.pdf", PDF)})
    assert rifiutato.status_code == 200
    assert "File già allegato: <strong>verbale.pdf</strong>" in rifiutato.content.decode()
    assert not TavoloConfronto.objects.exists()
    # Corrected without attaching the file again: the tavolo has its verbale, the pending copy is gone.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_operatore.post(URL, {**dati_tavolo, "verbale_sospeso": gettone(rifiutato)})
    assert response.status_code == 302
    tavolo = TavoloConfronto.objects.get()
    assert tavolo.verbale.name.endswith(".pdf") and tavolo.verbale.read() == PDF
    assert not AllegatoSospeso.objects.exists()


def test_a_bad_file_is_not_kept(client_operatore, progetto, dati_tavolo):
    response = client_operatore.post(URL, {**dati_tavolo, "verbale": SimpleUploadedFile("x.pdf", b"not a pdf at all")})
    assert "verbale" in response.context["form"].errors
    assert not AllegatoSospeso.objects.exists()
    assert "verbale_sospeso" not in response.content.decode()


def test_the_kept_file_can_be_removed(client_operatore, progetto, dati_tavolo):
    rifiutato = client_operatore.post(URL, {**dati_tavolo, "titolo": "", "verbale": SimpleUploadedFile("v.pdf", PDF)})
    dati = {**dati_tavolo, "verbale_sospeso": gettone(rifiutato), "verbale_sospeso_rimuovi": "on"}
    assert client_operatore.post(URL, dati).status_code == 302
    assert not TavoloConfronto.objects.get().verbale


def test_another_user_cannot_use_the_token(client, client_operatore, progetto, dati_tavolo):
    rifiutato = client_operatore.post(URL, {**dati_tavolo, "titolo": "", "verbale": SimpleUploadedFile("v.pdf", PDF)})
    collega = factories.operatore("lombardia", username="collega-lombardia")
    client.force_login(collega)
    assert client.post(URL, {**dati_tavolo, "verbale_sospeso": gettone(rifiutato)}).status_code == 302
    assert not TavoloConfronto.objects.get().verbale


def test_a_forged_token_is_ignored(client_operatore, progetto, dati_tavolo):
    assert client_operatore.post(URL, {**dati_tavolo, "verbale_sospeso": "1:forged"}).status_code == 302
    assert not TavoloConfronto.objects.get().verbale


def test_the_edit_form_links_the_scoped_download(client_operatore, tavolo):
    body = client_operatore.get(reverse("tavoli:modifica", args=[tavolo.pk])).content.decode()
    assert f'href="{reverse("tavoli:verbale", args=[tavolo.pk])}"' in body
    assert "/media/" not in body


def test_the_periodic_task_deletes_old_pending_files(client_operatore, progetto, dati_tavolo, settings):
    client_operatore.post(URL, {**dati_tavolo, "titolo": "", "verbale": SimpleUploadedFile("v.pdf", PDF)})
    sospeso = AllegatoSospeso.objects.get()
    assert pulisci_allegati_sospesi() == 0
    AllegatoSospeso.objects.update(creato_il=timezone.now() - dt.timedelta(hours=settings.ALLEGATI_SOSPESI_ORE + 1))
    assert pulisci_allegati_sospesi() == 1
    assert not AllegatoSospeso.objects.exists()
    assert not sospeso.file.storage.exists(sospeso.file.name)
