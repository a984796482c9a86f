import datetime as dt

import pytest
from django.urls import reverse

from eventi.models import Tema
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("eventi:lista")


def test_it_works(client_operatore, evento):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Banda ultralarga a Bergamo" in body
    assert "15/09/2025" in body
    assert "Nuovo evento" in body
    assert response.context["totale"] == 1


def test_it_shows_only_own_region(client_operatore, evento, evento_sicilia):
    body = client_operatore.get(URL).content.decode()
    assert "Banda ultralarga a Bergamo" in body
    assert "Roadshow a Catania" not in body


def test_coordinatore_sees_every_region_and_switches(client_coordinatore, evento, evento_sicilia):
    response = client_coordinatore.get(URL)
    assert response.context["totale"] == 2
    assert "Nuovo evento" not in response.content.decode()
    response = client_coordinatore.get(URL, {"regione": factories.regione("sicilia").pk})
    assert [e.pk for e in response.context["object_list"]] == [evento_sicilia.pk]


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_filters(client_operatore, progetto):
    seminario = factories.EventoFactory(
        progetto=progetto, titolo="Seminario", tipo="seminario", fase=progetto.fasi.get(numero=1), data=dt.date(2025, 2, 1)
    )
    seminario.temi.set(Tema.objects.filter(codice="trasporti"))
    factories.EventoFactory(progetto=progetto, titolo="Roadshow", tipo="tappa_roadshow", fase=progetto.fasi.get(numero=4))
    factories.EventoFactory(
        progetto=progetto, titolo="Webinar", tipo="webinar", stato="pianificato", descrizione="Fibra ottica nelle valli"
    )

    def titoli(**params):
        return [e.titolo for e in client_operatore.get(URL, params).context["object_list"]]

    assert titoli(tipo="seminario") == ["Seminario"]
    assert titoli(fase="4") == ["Roadshow"]
    assert titoli(tema=Tema.objects.get(codice="trasporti").pk) == ["Seminario"]
    assert titoli(stato="pianificato") == ["Webinar"]
    assert titoli(q="fibra") == ["Webinar"]
    assert titoli(data_al="2025-03-01") == ["Seminario"]


def test_it_sorts(client_operatore, progetto):
    factories.EventoFactory(progetto=progetto, titolo="Piccolo", n_partecipanti=10, n_imprese=1)
    factories.EventoFactory(progetto=progetto, titolo="Grande", n_partecipanti=300, n_imprese=100)

    def titoli(ordina):
        return [e.titolo for e in client_operatore.get(URL, {"ordina": ordina}).context["object_list"]]

    assert titoli("-partecipanti") == ["Grande", "Piccolo"]
    assert titoli("imprese") == ["Piccolo", "Grande"]
    assert titoli("titolo") == ["Grande", "Piccolo"]


def test_it_paginates(client_operatore, progetto):
    factories.EventoFactory.create_batch(26, progetto=progetto)
    response = client_operatore.get(URL)
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].num_pages == 2


def test_it_rejects_post(client_operatore, progetto):
    assert client_operatore.post(URL).status_code == 405


@pytest.mark.parametrize("utente", ["operatore", "coordinatore"])
def test_query_count_does_not_grow(client, utente, request, progetto, altro_progetto, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(utente))
    temi = list(Tema.objects.all()[:3])

    def crea(n):
        for _ in range(n):
            factories.EventoFactory(progetto=progetto).temi.set(temi)

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


def test_it_filters_the_sme_awareness_on_bul_and_5g(client_coordinatore, progetto):
    E = factories.EventoFactory
    incontro = E(progetto=progetto, tipo="incontro_bul_5g", n_partecipanti=10, n_imprese=4)
    sul_5g = E(progetto=progetto, tipo="seminario", n_partecipanti=20, n_imprese=6)
    sul_5g.temi.set(Tema.objects.filter(codice__in=["5g", "bul"]))  # two themes: still one row
    altro = E(progetto=progetto, tipo="convegno", n_partecipanti=40, n_imprese=30)
    altro.temi.set(Tema.objects.filter(codice="trasporti"))
    response = client_coordinatore.get(URL, {"bul_5g": "True"})
    assert sorted(e.pk for e in response.context["object_list"]) == sorted([incontro.pk, sul_5g.pk])
    # The count and the list's figures, for the filtered rows only.
    assert response.context["totale"] == 2
    assert {r["chiave"]: r["valore"] for r in response.context["riepiloghi"]} == {"partecipanti": 30, "imprese": 10}
    assert '<span data-testid="riepilogo-imprese">10</span> imprese' in response.content.decode()
    assert [e.pk for e in client_coordinatore.get(URL, {"bul_5g": "False"}).context["object_list"]] == [altro.pk]
