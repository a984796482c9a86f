"""The home page by role: an Operatore's shortcuts, phases to follow and last changes; a
Coordinatore's changes since the last visit and the regions behind."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programma.models import Fase
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("home")


def test_operatore_sees_shortcuts_phases_and_last_changes(client_operatore, operatore, progetto):
    Fase.objects.filter(progetto=progetto, numero=1).update(stato="in_corso", data_fine_prevista=dt.date(2020, 1, 1))
    in_ritardo = Fase.objects.get(progetto=progetto, numero=1)
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo del porto", stato="svolto")
    record = tavolo.history.first()
    record.history_user = operatore
    record.save()
    passato = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Rimasto pianificato", stato="pianificato", data=dt.date(2020, 1, 1))
    response = client_operatore.get(URL)
    body = response.content.decode()
    assert reverse("tavoli:nuovo") in body and reverse("eventi:nuovo") in body
    assert [f.pk for f in response.context["fasi"]["in_ritardo"]] == [in_ritardo.pk]
    assert [v["oggetto"].pk for v in response.context["ultime_modifiche"]] == [tavolo.pk]
    assert response.context["senza_esito"] == [passato]


def test_operatore_sees_only_their_region(client_operatore, progetto, altro_progetto):
    Fase.objects.filter(progetto=altro_progetto, numero=1).update(stato="in_corso", data_fine_prevista=dt.date(2020, 1, 1))
    assert client_operatore.get(URL).context["fasi"]["in_ritardo"] == []


def test_coordinatore_sees_changes_since_last_visit_and_regions_behind(client_coordinatore, progetto, altro_progetto):
    Fase.objects.filter(progetto=altro_progetto, numero__in=[1, 2]).update(stato="in_corso", data_fine_prevista=dt.date(2020, 1, 1))
    sessione = client_coordinatore.session
    sessione["visita_precedente"] = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    sessione.save()
    factories.TavoloConfrontoFactory(progetto=progetto)
    response = client_coordinatore.get(URL)
    novita = {v["chiave"]: v["n"] for v in response.context["modifiche"]}
    assert novita["tavoli"] == 1 and novita["eventi"] == 0
    assert response.context["regioni_indietro"] == [{"nome": "Sicilia", "slug": "sicilia", "fasi_in_ritardo": 2}]


def test_login_remembers_the_previous_visit(client, coordinatore):
    coordinatore.set_password("pw")
    coordinatore.last_login = timezone.now() - dt.timedelta(days=3)
    coordinatore.save()
    client.post(reverse("login"), {"username": coordinatore.username, "password": "pw"})
    precedente = dt.datetime.fromisoformat(client.session["visita_precedente"])
    assert abs(precedente - coordinatore.last_login) < dt.timedelta(seconds=1)
    coordinatore.refresh_from_db()
    assert timezone.now() - coordinatore.last_login < dt.timedelta(minutes=1)


def test_its_query_count_does_not_grow(client_operatore, progetto, django_assert_max_num_queries):
    for _ in range(5):
        factories.TavoloConfrontoFactory(progetto=progetto, stato="pianificato", data=dt.date(2020, 1, 1))
    with django_assert_max_num_queries(20):
        client_operatore.get(URL)
