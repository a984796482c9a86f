import datetime as dt

import pytest
from django.urls import reverse

from programma.fields import Limite
from programma.models import Fase
from tests.conftest import controlla_testo_rifiutato, righe_brevi
from tests.factories import versione

pytestmark = pytest.mark.django_db

VALIDI = {
    "stato": "in_corso",
    "data_inizio_prevista": "2025-01-15",
    "data_fine_prevista": "2025-06-30",
    "data_inizio_effettiva": "2025-01-20",
    "data_fine_effettiva": "",
    "avanzamento": "40",
    "note": "Tre tavoli svolti",
}


@pytest.fixture
def fase(progetto):
    return progetto.fasi.get(numero=1)


@pytest.fixture
def altra_fase(altro_progetto):
    return altro_progetto.fasi.get(numero=1)


def url(fase) -> str:
    return reverse("programma:fase_modifica", args=[fase.pk])


def test_it_works(client_operatore, fase, operatore):
    assert client_operatore.get(url(fase)).status_code == 200
    response = client_operatore.post(url(fase), {**VALIDI, **versione(fase)})
    assert response.status_code == 302
    assert response.url == fase.progetto.get_absolute_url()
    fase.refresh_from_db()
    assert (fase.stato, fase.avanzamento, fase.data_fine_prevista) == ("in_corso", 40, dt.date(2025, 6, 30))
    assert fase.history.first().history_user == operatore


def test_it_completes_a_phase(client_operatore, fase):
    dati = {**VALIDI, "stato": "completata", "avanzamento": "100", "data_fine_effettiva": "2025-06-20"}
    response = client_operatore.post(url(fase), {**dati, **versione(fase)})
    assert response.status_code == 302
    fase.refresh_from_db()
    assert (fase.stato, fase.avanzamento) == ("completata", 100)
    body = client_operatore.get(fase.progetto.get_absolute_url()).content.decode()
    assert "Completata" in body


@pytest.mark.parametrize(
    ("modifiche", "campo", "messaggio"),
    [
        ({"avanzamento": "90", "data_fine_effettiva": "2025-06-20"}, "avanzamento", "Una fase completata è al 100%"),
        ({"avanzamento": "100"}, "data_fine_effettiva", "Indica la data di fine effettiva"),
    ],
)
def test_completing_is_said_not_silently_changed(client_operatore, fase, modifiche, campo, messaggio):
    response = client_operatore.post(url(fase), {**VALIDI, "stato": "completata", **modifiche, **versione(fase)})
    assert response.status_code == 200
    assert messaggio in " ".join(response.context["form"].errors[campo])
    fase.refresh_from_db()
    assert fase.stato != "completata"


def test_it_checks_owner(client_operatore, altra_fase):
    assert client_operatore.get(url(altra_fase)).status_code == 404
    assert client_operatore.post(url(altra_fase), VALIDI).status_code == 404
    altra_fase.refresh_from_db()
    assert altra_fase.stato == "da_avviare"


def test_it_requires_rw_access(client_coordinatore, fase):
    assert client_coordinatore.get(url(fase)).status_code == 403
    assert client_coordinatore.post(url(fase), VALIDI).status_code == 403
    fase.refresh_from_db()
    assert fase.stato == "da_avviare"


def test_admins_may_write(client, amministratore, altra_fase):
    client.force_login(amministratore)
    assert client.post(url(altra_fase), {**VALIDI, **versione(altra_fase)}).status_code == 302


@pytest.mark.parametrize(
    ("campo", "valore", "messaggio"),
    [
        ("data_fine_prevista", "2024-12-31", "La data di fine non può precedere la data di inizio."),
        ("avanzamento", "101", "Assicurati che questo valore sia minore o uguale a 100."),
        ("avanzamento", "-1", "maggiore o uguale a 0"),
        ("data_fine_effettiva", "2025-06-30", "La fine effettiva si indica solo per una fase completata."),
    ],
)
def test_it_rejects_bad_values(client_operatore, fase, campo, valore, messaggio):
    storico = fase.history.count()
    response = client_operatore.post(url(fase), {**VALIDI, campo: valore, **versione(fase)})
    assert response.status_code == 200
    assert messaggio in response.content.decode()
    fase.refresh_from_db()
    assert fase.stato == "da_avviare" and fase.history.count() == storico


def test_it_enforces_csrf(csrf_client, fase):
    assert csrf_client.post(url(fase), VALIDI).status_code == 403
    fase.refresh_from_db()
    assert fase.stato == "da_avviare"


def test_it_requires_login(client, fase, login_url):
    assert client.get(url(fase)).url == login_url(url(fase))


def test_it_handles_missing_phase(client_operatore, fase):
    assert client_operatore.get(reverse("programma:fase_modifica", args=[Fase.objects.order_by("-pk").first().pk + 1])).status_code == 404


def test_it_refuses_notes_over_the_limit_and_keeps_them(client_operatore, fase):
    note = righe_brevi(Limite.NOTE + 1)
    controlla_testo_rifiutato(client_operatore.post(url(fase), {**VALIDI, "note": note, **versione(fase)}), note, Limite.NOTE)
    fase.refresh_from_db()
    assert fase.note == ""
