import pytest
from django.urls import reverse

from programma.fields import Limite
from tests import factories
from tests.conftest import controlla_testo_rifiutato, righe_brevi

pytestmark = pytest.mark.django_db


def url(progetto) -> str:
    return reverse("programma:progetto_modifica", args=[progetto.pk])


def dati(progetto, **altri):
    return {
        "titolo": "Titolo aggiornato",
        "ente_capofila": progetto.ente_capofila_id,
        "enti_partecipanti": [],
        "budget": "120000",
        **factories.versione(progetto),
        **altri,
    }


def test_it_works(client_coordinatore, progetto, coordinatore):
    form = client_coordinatore.get(url(progetto)).context["form"]
    assert not form.fields["ente_capofila"].queryset.exclude(regione=progetto.regione).exists()
    sicilia = factories.regione("sicilia")
    response = client_coordinatore.post(url(progetto), dati(progetto, regione=sicilia.pk))
    assert response.url == progetto.get_absolute_url()
    progetto.refresh_from_db()
    assert progetto.titolo == "Titolo aggiornato"
    # Edition and region are fixed once the project exists.
    assert progetto.regione.slug == "lombardia"
    assert progetto.history.first().history_user == coordinatore


def test_it_rejects_enti_of_another_region(client_coordinatore, progetto):
    siciliano = factories.regione("sicilia").enti.first()
    response = client_coordinatore.post(url(progetto), dati(progetto, ente_capofila=siciliano.pk, enti_partecipanti=[siciliano.pk]))
    assert set(response.context["form"].errors) == {"ente_capofila", "enti_partecipanti"}
    progetto.refresh_from_db()
    assert progetto.titolo != "Titolo aggiornato"


def test_it_is_for_national_roles(client_operatore, progetto):
    assert client_operatore.get(url(progetto)).status_code == 403
    assert client_operatore.post(url(progetto), dati(progetto)).status_code == 403
    progetto.refresh_from_db()
    assert progetto.titolo != "Titolo aggiornato"


def test_it_requires_login(client, progetto, login_url):
    assert client.get(url(progetto)).url == login_url(url(progetto))


def test_it_refuses_a_description_over_the_limit_and_keeps_it(client_coordinatore, progetto):
    descrizione = righe_brevi(Limite.DESCRIZIONE + 1)
    response = client_coordinatore.post(url(progetto), dati(progetto, descrizione=descrizione))
    controlla_testo_rifiutato(response, descrizione, Limite.DESCRIZIONE)
    progetto.refresh_from_db()
    assert progetto.titolo != "Titolo aggiornato"
