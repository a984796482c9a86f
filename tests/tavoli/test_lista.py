import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("tavoli:lista")


def test_it_works(client_operatore, tavolo):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert "Tavolo sulla logistica" in response.content.decode()
    assert response.context["totale"] == 1
    assert "Nuovo tavolo" in response.content.decode()


def test_it_shows_only_own_region(client_operatore, tavolo, tavolo_sicilia):
    body = client_operatore.get(URL).content.decode()
    assert "Tavolo sulla logistica" in body
    assert "Tavolo dei porti siciliani" not in body


def test_it_ignores_a_region_filter_from_an_operatore(client_operatore, tavolo, tavolo_sicilia):
    sicilia = factories.regione("sicilia")
    response = client_operatore.get(URL, {"regione": sicilia.pk})
    assert [t.pk for t in response.context["object_list"]] == [tavolo.pk]
    assert "regione" not in response.context["filtro"].form.fields


def test_coordinatore_sees_every_region_and_switches(client_coordinatore, tavolo, tavolo_sicilia):
    response = client_coordinatore.get(URL)
    assert response.context["totale"] == 2
    assert "Nuovo tavolo" not in response.content.decode()
    sicilia = factories.regione("sicilia")
    response = client_coordinatore.get(URL, {"regione": sicilia.pk})
    assert [t.pk for t in response.context["object_list"]] == [tavolo_sicilia.pk]


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_new_button_explains_a_missing_project(client_operatore, programma):
    # No ProgettoRegionale for Lombardia in the active edition: the create page says why.
    assert "Nuovo tavolo" in client_operatore.get(URL).content.decode()
    response = client_operatore.get(reverse("tavoli:nuovo"))
    assert response.status_code == 200
    assert "non ha ancora un progetto regionale" in response.content.decode()


def test_it_filters(client_operatore, progetto):
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Porti", stato="pianificato", data=dt.date(2025, 3, 1))
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Ferrovie", stato="svolto", data=dt.date(2025, 9, 1))
    factories.TavoloConfrontoFactory(
        progetto=progetto, titolo="Online", modalita="online", sintesi="Valichi alpini", data=dt.date(2025, 10, 1)
    )

    def titoli(**params):
        return [t.titolo for t in client_operatore.get(URL, params).context["object_list"]]

    assert titoli(stato="pianificato") == ["Porti"]
    assert titoli(modalita="online") == ["Online"]
    assert titoli(q="valichi") == ["Online"]
    assert titoli(data_dal="2025-08-01", data_al="2025-09-30") == ["Ferrovie"]


def test_it_sorts_by_whitelisted_columns(client_operatore, progetto):
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="B", n_esperti=50)
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="A", n_esperti=0)

    def titoli(ordina):
        return [t.titolo for t in client_operatore.get(URL, {"ordina": ordina}).context["object_list"]]

    assert titoli("titolo") == ["A", "B"]
    assert titoli("-titolo") == ["B", "A"]
    assert titoli("-partecipanti") == ["B", "A"]
    # Anything off the whitelist falls back to the default order instead of failing.
    assert client_operatore.get(URL, {"ordina": "progetto__budget"}).status_code == 200


def test_it_paginates(client_operatore, progetto):
    factories.TavoloConfrontoFactory.create_batch(30, progetto=progetto)
    response = client_operatore.get(URL)
    assert len(response.context["object_list"]) == 25
    assert response.context["totale"] == 30
    assert 'class="pagination"' in response.content.decode()
    assert len(client_operatore.get(URL, {"page": 2}).context["object_list"]) == 5


def test_it_rejects_post(client_operatore, progetto):
    assert client_operatore.post(URL).status_code == 405


@pytest.mark.parametrize("utente", ["operatore", "coordinatore"])
def test_query_count_does_not_grow(client, utente, request, progetto, altro_progetto, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(utente))
    organizzazioni = factories.OrganizzazioneFactory.create_batch(3)

    def crea(n):
        for _ in range(n):
            factories.TavoloConfrontoFactory(progetto=progetto).organizzazioni.set(organizzazioni)

    crea(3)
    # A national user's first request after login refreshes the session's expiry and looks for a
    # 2FA device (once a minute, not per page): warm the session as the dashboard's test does.
    client.get(URL)
    with django_assert_max_num_queries(12) as poche:
        assert client.get(URL).status_code == 200
    crea(27)
    with django_assert_max_num_queries(len(poche.captured_queries)):
        response = client.get(URL)
    assert response.context["totale"] == 30


def test_it_shows_and_sorts_by_organisation_count(client_operatore, progetto):
    organizzazioni = factories.OrganizzazioneFactory.create_batch(3)
    nessuna = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Senza organizzazioni")
    tre = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Con tre organizzazioni")
    tre.organizzazioni.set(organizzazioni)
    una = factories.TavoloConfrontoFactory(progetto=progetto, titolo="Con una organizzazione")
    una.organizzazioni.set(organizzazioni[:1])

    righe = client_operatore.get(URL, {"ordina": "-organizzazioni"}).context["object_list"]
    assert [(t.titolo, t.totale_organizzazioni) for t in righe] == [
        ("Con tre organizzazioni", 3),
        ("Con una organizzazione", 1),
        ("Senza organizzazioni", 0),
    ]
    righe = client_operatore.get(URL).context["object_list"]
    assert {t.titolo: t.totale_organizzazioni for t in righe}[nessuna.titolo] == 0
    assert {t.titolo: t.totale_organizzazioni for t in righe}[tre.titolo] == 3
