"""A phase's progress is suggested from its activities and stays editable (issue #20): the share of
its activities held among those held or planned (`Fase.avanzamento_suggerito`), shown beside the field
and proposed when nothing was set for a phase under way."""

import datetime as dt

import pytest
from django.urls import reverse

from programma.models import Fase
from tests import factories
from tests.factories import versione

pytestmark = pytest.mark.django_db


def url(fase) -> str:
    return reverse("programma:fase_modifica", args=[fase.pk])


def test_the_share_of_held_activities_is_suggested_and_proposed(client_operatore, progetto):
    fase = progetto.fasi.get(numero=1)
    Fase.objects.filter(pk=fase.pk).update(stato=Fase.Stato.IN_CORSO, avanzamento=0)
    fase.refresh_from_db()
    passato, futuro = dt.date(2025, 3, 1), dt.date(2099, 3, 1)
    # Phase 1: its tavoli (3 held, 1 planned, 1 cancelled, left out) and its events (1 planned).
    for stato in ("svolto", "svolto", "svolto"):
        factories.TavoloConfrontoFactory(progetto=progetto, stato=stato, data=passato)
    factories.TavoloConfrontoFactory(progetto=progetto, stato="pianificato", data=futuro)
    factories.TavoloConfrontoFactory(progetto=progetto, stato="annullato", data=passato)
    factories.EventoFactory(progetto=progetto, fase=fase, stato="pianificato", data=futuro)
    assert fase.avanzamento_suggerito() == (60, 3, 5)

    form = client_operatore.get(url(fase)).context["form"]
    assert form["avanzamento"].value() == 60  # proposed, not saved
    assert "Suggerito dalle attività della fase: 60% (3 svolte su 5, annullate escluse)" in form.fields["avanzamento"].help_text
    assert Fase.objects.get(pk=fase.pk).avanzamento == 0

    # Once set, the user's value stays; the suggestion is still shown beside it.
    Fase.objects.filter(pk=fase.pk).update(avanzamento=25)
    form = client_operatore.get(url(fase)).context["form"]
    assert form["avanzamento"].value() == 25 and "60%" in form.fields["avanzamento"].help_text
    dati = {"stato": "in_corso", "data_inizio_effettiva": "2025-01-20", "avanzamento": "35", **versione(fase)}
    assert client_operatore.post(url(fase), dati).status_code == 302
    assert Fase.objects.get(pk=fase.pk).avanzamento == 35


def test_a_phase_without_activities_or_not_started_is_not_prefilled(client_operatore, progetto):
    quarta = progetto.fasi.get(numero=4)
    assert quarta.avanzamento_suggerito() is None
    assert "Suggerito" not in client_operatore.get(url(quarta)).context["form"].fields["avanzamento"].help_text
    factories.EventoFactory(progetto=progetto, fase=quarta, tipo="tappa_roadshow", stato="svolto", data=dt.date(2025, 3, 1))
    Fase.objects.filter(pk=quarta.pk).update(stato=Fase.Stato.DA_AVVIARE, avanzamento=0)
    form = client_operatore.get(url(quarta)).context["form"]
    assert "100%" in form.fields["avanzamento"].help_text and form["avanzamento"].value() == 0
