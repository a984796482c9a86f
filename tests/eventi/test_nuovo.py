import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eventi.models import Evento
from programma.fields import Limite
from regioni.models import Provincia
from tests.conftest import controlla_testo_rifiutato, righe_brevi
from tests.eventi.conftest import PDF

pytestmark = pytest.mark.django_db

URL = reverse("eventi:nuovo")


def errori(response, campo):
    return " ".join(response.context["form"].errors.get(campo, []))


def test_it_shows_the_form(client_operatore, progetto, altro_progetto):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["fase"].queryset) == set(progetto.fasi.all())
    assert set(form.fields["provincia"].queryset.values_list("regione__slug", flat=True)) == {"lombardia"}
    assert 'type="date"' in response.content.decode()


def test_it_works(client_operatore, progetto, dati_evento):
    dati_evento["materiali"] = SimpleUploadedFile("slide.pdf", PDF)
    response = client_operatore.post(URL, dati_evento, follow=True)
    evento = Evento.objects.get()
    assert response.redirect_chain[-1][0] == evento.get_absolute_url()
    assert "Evento «5G per le imprese della Brianza» registrato." in response.content.decode()
    assert evento.progetto == progetto
    assert evento.fase.numero == 3
    assert sorted(evento.temi.values_list("codice", flat=True)) == ["5g", "digitale"]
    assert evento.materiali.read() == PDF


def test_it_requires_rw_access(client_coordinatore, progetto, dati_evento):
    assert client_coordinatore.get(URL).status_code == 403
    assert client_coordinatore.post(URL, dati_evento).status_code == 403
    assert not Evento.objects.exists()


def test_it_explains_a_missing_project(client_operatore, programma):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert "non ha ancora un progetto regionale" in response.content.decode()


def test_it_requires_login(client, progetto):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_enforces_csrf(operatore, progetto, dati_evento):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    assert client.post(URL, dati_evento).status_code == 403
    assert not Evento.objects.exists()


def test_it_rejects_more_firms_than_participants(client_operatore, progetto, dati_evento):
    dati_evento.update(n_partecipanti="10", n_imprese="11")
    response = client_operatore.post(URL, dati_evento)
    assert "Le imprese presenti non possono superare i partecipanti." in errori(response, "n_imprese")
    assert not response.context["form"].non_field_errors()
    assert not Evento.objects.exists()


def test_it_rejects_negative_counts(client_operatore, progetto, dati_evento):
    dati_evento["n_partecipanti"] = "-5"
    response = client_operatore.post(URL, dati_evento)
    assert "maggiore o uguale a 0" in errori(response, "n_partecipanti")
    assert not Evento.objects.exists()


def test_it_rejects_another_region_province(client_operatore, progetto, dati_evento):
    dati_evento["provincia"] = Provincia.objects.get(sigla="CT").pk
    response = client_operatore.post(URL, dati_evento)
    assert "Scegli un'opzione valida" in errori(response, "provincia")
    assert not Evento.objects.exists()


def test_it_rejects_another_project_phase(client_operatore, progetto, altro_progetto, dati_evento):
    dati_evento["fase"] = altro_progetto.fasi.get(numero=3).pk
    response = client_operatore.post(URL, dati_evento)
    assert "Scegli un'opzione valida" in errori(response, "fase")
    assert not Evento.objects.exists()


def test_it_requires_a_place_or_online(client_operatore, progetto, dati_evento):
    dati_evento.update(luogo="", provincia="")
    response = client_operatore.post(URL, dati_evento)
    assert "oppure segnare l'evento come online" in errori(response, "luogo")
    dati_evento["online"] = "on"
    assert client_operatore.post(URL, dati_evento).status_code == 302


def test_it_rejects_a_fake_pdf(client_operatore, progetto, dati_evento):
    dati_evento["materiali"] = SimpleUploadedFile("slide.pdf", b"#!/bin/sh\necho ciao\n")
    response = client_operatore.post(URL, dati_evento)
    assert "Il contenuto del file non è di un tipo ammesso" in errori(response, "materiali")
    assert not Evento.objects.exists()


def test_it_rejects_an_oversized_file(client_operatore, progetto, dati_evento, settings):
    settings.MAX_UPLOAD_SIZE = 10
    dati_evento["materiali"] = SimpleUploadedFile("slide.pdf", PDF)
    response = client_operatore.post(URL, dati_evento)
    assert "Il file è troppo grande" in errori(response, "materiali")
    assert not Evento.objects.exists()


def test_it_refuses_a_description_over_the_limit_and_keeps_it(client_operatore, progetto, dati_evento):
    dati_evento["descrizione"] = righe_brevi(Limite.DESCRIZIONE + 1)
    controlla_testo_rifiutato(client_operatore.post(URL, dati_evento), dati_evento["descrizione"], Limite.DESCRIZIONE)
    assert not Evento.objects.exists()
