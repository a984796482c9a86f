"""The rules on the models: the strategic project's workflow, phase completion, event phases."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from eventi.models import Evento
from programma.models import Fase, ProgettoStrategico
from tests import factories

Stato = ProgettoStrategico.Stato


def test_the_workflow_runs_bozza_revisione_approvato_pubblicato(strategico, operatore, coordinatore):
    strategico.invia(operatore)
    assert strategico.stato == Stato.IN_REVISIONE
    strategico.rimanda(coordinatore, "Manca l'analisi dei porti.")
    assert (strategico.stato, strategico.commento) == (Stato.BOZZA, "Manca l'analisi dei porti.")
    strategico.invia(operatore)
    strategico.approva(coordinatore)
    assert strategico.stato == Stato.APPROVATO and strategico.approvato_da == coordinatore and strategico.approvato_il
    strategico.pubblica(coordinatore)
    assert strategico.stato == Stato.PUBBLICATO and strategico.pubblicato_il
    # Every step is in the history, with its reason.
    motivi = list(strategico.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))
    assert motivi[-5:] == ["Inviato in revisione", "Rimandato in bozza", "Inviato in revisione", "Approvato", "Pubblicato"]


def test_a_draft_without_objectives_cannot_be_submitted(strategico, operatore):
    strategico.obiettivi = "  "
    with pytest.raises(ValidationError, match="Prima di inviarlo in revisione compila: obiettivi"):
        strategico.invia(operatore)
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == Stato.BOZZA


def test_a_draft_without_recommendations_cannot_be_submitted(strategico, operatore):
    strategico.indicazioni.all().delete()
    with pytest.raises(ValidationError, match="almeno un'indicazione"):
        strategico.invia(operatore)


def test_sending_back_needs_a_comment(strategico, operatore, coordinatore):
    strategico.invia(operatore)
    with pytest.raises(ValidationError, match="Scrivi nel commento"):
        strategico.rimanda(coordinatore, " ")


@pytest.mark.parametrize(
    "azione, messaggio",
    [
        ("approva", "Si approva solo un progetto in revisione; ora è «Bozza»"),
        ("pubblica", "Si pubblica solo un progetto approvato; ora è «Bozza»"),
    ],
)
def test_steps_out_of_order_are_refused(strategico, amministratore, azione, messaggio):
    with pytest.raises(ValidationError, match=messaggio):
        getattr(strategico, azione)(amministratore)


def test_roles(strategico, operatore, altro_operatore, coordinatore):
    """The Operatore of the region submits; another region's may not; a Coordinatore approves, an Operatore may not."""
    with pytest.raises(PermissionDenied):
        strategico.invia(altro_operatore)
    with pytest.raises(PermissionDenied):
        strategico.invia(coordinatore)
    strategico.invia(operatore)
    with pytest.raises(PermissionDenied):
        strategico.approva(operatore)
    assert strategico.puo(coordinatore, "approva") and not strategico.puo(operatore, "approva")


def test_the_operatore_may_not_publish_the_approved_project(strategico, operatore, coordinatore):
    """Publishing is a national act: the region proposes, a Coordinatore publishes."""
    strategico.invia(operatore)
    strategico.approva(coordinatore)
    with pytest.raises(PermissionDenied):
        strategico.pubblica(operatore)
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == Stato.APPROVATO
    assert not strategico.puo(operatore, "pubblica") and strategico.puo(coordinatore, "pubblica")


def test_approval_stores_the_regions_counters(strategico, operatore, coordinatore, django_capture_on_commit_callbacks):
    from contatori.services import ricalcola

    ricalcola(origine="test")
    strategico.invia(operatore)
    with django_capture_on_commit_callbacks(execute=True):
        strategico.approva(coordinatore)
    strategico.refresh_from_db()
    chiavi = {voce["chiave"] for voce in strategico.contatori_approvazione["valori"]}
    assert "tavoli_svolti" in chiavi and strategico.contatori_approvazione["giorno"]


def test_phase_2_cannot_be_completed_before_approval(strategico, operatore, coordinatore):
    fase = strategico.progetto.fasi.get(numero=2)
    fase.stato, fase.avanzamento, fase.data_fine_effettiva = Fase.Stato.COMPLETATA, 100, dt.date(2025, 6, 30)
    with pytest.raises(ValidationError, match="La fase 2 non può essere completata finché il progetto strategico non è approvato"):
        fase.full_clean()
    strategico.invia(operatore)
    strategico.approva(coordinatore)
    fase.full_clean()


def test_phase_2_without_a_strategic_project_cannot_be_completed(progetto):
    fase = progetto.fasi.get(numero=2)
    fase.stato = Fase.Stato.COMPLETATA
    with pytest.raises(ValidationError, match="La fase 2 non può essere completata"):
        fase.full_clean()


def test_phase_4_cannot_be_completed_before_phases_1_to_3(progetto):
    fase = progetto.fasi.get(numero=4)
    fase.stato, fase.avanzamento, fase.data_fine_effettiva = Fase.Stato.COMPLETATA, 100, dt.date(2025, 6, 30)
    with pytest.raises(ValidationError, match=r"prima delle fasi 1–3 \(ancora aperte: 1, 2, 3\)"):
        fase.full_clean()
    progetto.fasi.filter(numero__lt=4).update(stato=Fase.Stato.COMPLETATA)
    fase.full_clean()


@pytest.mark.parametrize(
    "tipo, numero, errore",
    [
        ("tappa_roadshow", 3, "appartiene alla fase 4 (Roadshow camerale), non alla fase 3"),
        ("evento_finale", 1, "appartiene alla fase 4"),
        ("incontro_bul_5g", 4, "appartiene alla fase 3 (Sensibilizzazione PMI su BUL, 5G e digitale), non alla fase 4"),
        ("tappa_roadshow", 4, None),
        ("seminario", 1, None),
    ],
)
def test_an_event_type_belongs_to_its_phase(progetto, tipo, numero, errore):
    evento = factories.EventoFactory.build(progetto=progetto, tipo=tipo, fase=progetto.fasi.get(numero=numero))
    if errore is None:
        evento.full_clean(exclude=["temi"])
    else:
        with pytest.raises(ValidationError, match=errore.replace("(", r"\(").replace(")", r"\)")):
            evento.full_clean(exclude=["temi"])


def test_an_event_on_digital_themes_is_phase_3():
    assert Evento.fase_attesa("seminario", {"digitale"}) == 3
    assert Evento.fase_attesa("convegno", {"trasporti"}) is None


def test_the_phase_form_refuses_completing_phase_2_with_the_reason(client_operatore, progetto):
    fase = progetto.fasi.get(numero=2)
    url = f"/programma/fasi/{fase.pk}/modifica/"
    response = client_operatore.post(url, {"stato": "completata", "avanzamento": "100"})
    assert response.status_code == 200
    assert "La fase 2 non può essere completata finché il progetto strategico non è approvato." in response.content.decode()
    fase.refresh_from_db()
    assert fase.stato == Fase.Stato.DA_AVVIARE


def test_phase_2_follows_the_workflow(strategico, operatore, coordinatore):
    fase = strategico.progetto.fasi.get(numero=2)
    strategico.invia(operatore)
    fase.refresh_from_db()
    assert (fase.stato, fase.avanzamento) == (Fase.Stato.IN_CORSO, 80) and fase.data_inizio_effettiva
    strategico.approva(coordinatore)
    fase.refresh_from_db()
    assert (fase.stato, fase.avanzamento) == (Fase.Stato.COMPLETATA, 100) and fase.data_fine_effettiva


def test_an_approval_that_cannot_update_phase_2_changes_nothing(strategico, operatore, coordinatore):
    """A phase 2 whose dates are inconsistent stops the approval with a message; the state stays."""
    import datetime as dt

    strategico.invia(operatore)
    Fase.objects.filter(progetto=strategico.progetto, numero=2).update(
        data_inizio_prevista=dt.date(2025, 6, 1), data_fine_prevista=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match="La fase 2 del progetto non si può aggiornare"):
        strategico.approva(coordinatore)
    assert ProgettoStrategico.objects.get(pk=strategico.pk).stato == Stato.IN_REVISIONE
