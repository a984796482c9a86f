"""The phases list: where the phase counters' numbers open, with exactly the phases they count."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from contatori.services import ricalcola
from programma.models import Fase

pytestmark = pytest.mark.django_db

URL = reverse("programma:fasi")


def test_the_late_phases_card_opens_exactly_the_late_phases(client_coordinatore, progetto, altro_progetto):
    Fase.objects.filter(progetto=progetto, numero__in=[1, 2]).update(stato="in_corso", data_fine_prevista=dt.date(2020, 1, 1))
    Fase.objects.filter(progetto=altro_progetto, numero=1).update(stato="completata", avanzamento=100, data_fine_prevista=dt.date(2020, 1, 1))
    ricalcola(origine="test")
    schede = client_coordinatore.get(reverse("contatori:dashboard")).context["schede"]()
    scheda = next(s for s in schede if s["contatore"].chiave == "fasi_in_ritardo")
    link = urlparse(scheda["url"])
    assert link.path == URL
    elenco = client_coordinatore.get(f"{link.path}?{link.query}")
    assert elenco.context["totale"] == int(scheda["valore"]) == 2
    assert {f.numero for f in elenco.context["object_list"]} == {1, 2}


def test_an_operatore_sees_only_their_regions_phases(client_operatore, progetto, altro_progetto):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert {f.progetto_id for f in response.context["object_list"]} == {progetto.pk}
