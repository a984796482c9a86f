"""The Django admin's user page: an administrator makes an Operatore on one page, with their ente
and how they hear of the workflow (regioni/admin.py's inlines)."""

import pytest
from django.urls import reverse

from regioni.models import Appartenenza, Ente, Profilo
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_amministratore(client):
    client.force_login(factories.amministratore())
    return client


def _dati_utente(utente, **inline):
    dati = {
        "username": utente.username,
        "email": "nuovo@example.it",
        "is_active": "on",
        "date_joined_0": "2026-12-07",
        "date_joined_1": "10:00:00",
    }
    for prefisso in ("appartenenza", "profilo"):
        dati |= {f"{prefisso}-TOTAL_FORMS": "1", f"{prefisso}-INITIAL_FORMS": "0",
                 f"{prefisso}-MIN_NUM_FORMS": "0", f"{prefisso}-MAX_NUM_FORMS": "1"}
    return dati | inline


def test_the_user_page_shows_the_ente_and_the_notices(client_amministratore):
    utente = factories.UserFactory(username="nuovo")
    pagina = client_amministratore.get(reverse("admin:auth_user_change", args=[utente.pk])).content.decode()
    assert 'name="appartenenza-0-ente"' in pagina
    assert 'name="profilo-0-avvisi"' in pagina


def test_an_administrator_sets_the_ente_and_the_notices_with_the_user(client_amministratore):
    utente = factories.UserFactory(username="nuovo")
    ente = Ente.objects.filter(regione__slug="lombardia", tipo=Ente.Tipo.UNIONE_REGIONALE).get()
    response = client_amministratore.post(
        reverse("admin:auth_user_change", args=[utente.pk]),
        _dati_utente(utente, **{"appartenenza-0-ente": ente.pk, "profilo-0-avvisi": Profilo.Avvisi.SETTIMANALE}),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Appartenenza.objects.get(utente=utente).ente == ente
    assert Profilo.objects.get(utente=utente).avvisi == Profilo.Avvisi.SETTIMANALE


def test_the_memberships_keep_their_list_by_region(client_amministratore):
    factories.operatore("lombardia")
    factories.operatore("sicilia")
    lombardia = factories.regione("lombardia")
    response = client_amministratore.get(reverse("admin:regioni_appartenenza_changelist"), {"ente__regione__id__exact": lombardia.pk})
    pagina = response.content.decode()
    assert "operatore-lombardia" in pagina and "operatore-sicilia" not in pagina


def test_it_is_for_admins(client_operatore):
    assert client_operatore.get(reverse("admin:auth_user_changelist")).status_code == 302
