"""The event form proposes the phase that fits the event's type and themes, and refuses a wrong one."""

import pytest
from django.urls import reverse

from eventi.models import Evento, Tema

pytestmark = pytest.mark.django_db

URL = reverse("eventi:nuovo")


def errori(response, campo):
    return " ".join(response.context["form"].errors.get(campo, []))


def test_a_roadshow_stop_gets_phase_4_when_left_empty(client_operatore, dati_evento):
    dati_evento.update(tipo="tappa_roadshow", fase="", temi=[])
    assert client_operatore.post(URL, dati_evento).status_code == 302
    assert Evento.objects.get().fase.numero == 4


def test_a_roadshow_stop_in_phase_3_is_refused(client_operatore, progetto, dati_evento):
    dati_evento.update(tipo="tappa_roadshow", fase=progetto.fasi.get(numero=3).pk, temi=[])
    response = client_operatore.post(URL, dati_evento)
    assert "Un evento «Tappa del roadshow» appartiene alla fase 4 (Roadshow camerale), non alla fase 3." in errori(response, "fase")
    assert not Evento.objects.exists()


def test_a_seminar_on_digital_themes_belongs_to_phase_3(client_operatore, progetto, dati_evento):
    dati_evento.update(
        tipo="seminario",
        fase=progetto.fasi.get(numero=1).pk,
        temi=list(Tema.objects.filter(codice="digitale").values_list("pk", flat=True)),
    )
    response = client_operatore.post(URL, dati_evento)
    assert "appartiene alla fase 3" in errori(response, "fase")
    dati_evento["fase"] = ""
    assert client_operatore.post(URL, dati_evento).status_code == 302
    assert Evento.objects.get().fase.numero == 3


def test_a_seminar_on_transport_may_be_in_any_phase(client_operatore, progetto, dati_evento):
    dati_evento.update(
        tipo="seminario",
        fase=progetto.fasi.get(numero=1).pk,
        temi=list(Tema.objects.filter(codice="trasporti").values_list("pk", flat=True)),
    )
    assert client_operatore.post(URL, dati_evento).status_code == 302
