import re

import pytest
from django.urls import reverse

from programma.models import OperaPrioritaria
from tests import factories
from tests.programma.conftest import conta_query

pytestmark = pytest.mark.django_db

URL = reverse("programma:opere")


def test_it_works(client_operatore, opera, altra_opera):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [opera]
    body = response.content.decode()
    assert "1.234.567,89 €" in body
    assert 'data-semaforo="verde"' in body and "bg-success" in body
    assert altra_opera.titolo not in body
    assert "Nuova opera" in body
    assert 'name="regione"' not in body


def test_it_checks_owner(client_operatore, opera, altra_opera):
    response = client_operatore.get(URL, {"regione": altra_opera.regione_id})
    assert list(response.context["object_list"]) == [opera]


def test_coordinators_read_every_region(client_coordinatore, opera, altra_opera):
    response = client_coordinatore.get(URL)
    assert set(response.context["object_list"]) == {opera, altra_opera}
    assert "Nuova opera" not in response.content.decode()
    assert list(client_coordinatore.get(URL, {"regione": altra_opera.regione_id}).context["object_list"]) == [altra_opera]


@pytest.mark.parametrize(
    ("filtro", "valore"),
    [
        ("modalita", "ferroviaria"),
        ("livello_priorita", "2"),
        ("stato", "in_esecuzione"),
        ("semaforo", "rosso"),
        ("finanziamento_pnrr", "True"),
    ],
)
def test_it_filters(client_operatore, progetto, opera, filtro, valore):
    cercata = factories.OperaPrioritariaFactory(
        regione=progetto.regione, modalita="ferroviaria", livello_priorita=2, stato="in_esecuzione",
        semaforo="rosso", finanziamento_pnrr=True,
    )
    assert list(client_operatore.get(URL, {filtro: valore}).context["object_list"]) == [cercata]


def test_it_filters_by_province(client_operatore, progetto, opera):
    milano = progetto.regione.province.get(sigla="MI")
    opera.province.set([milano])
    factories.OperaPrioritariaFactory(regione=progetto.regione).province.set([progetto.regione.province.get(sigla="BG")])
    response = client_operatore.get(URL, {"provincia": milano.pk})
    assert list(response.context["object_list"]) == [opera]
    assert "MI" in response.content.decode()
    # Provinces of other regions are not offered to an Operatore.
    assert not response.context["filtro"].form.fields["provincia"].queryset.exclude(regione=progetto.regione).exists()


def test_it_searches_code_title_and_cup(client_operatore, progetto, opera):
    altra = factories.OperaPrioritariaFactory(regione=progetto.regione, cup="J51B21000050001", codice="LOM-STR-9")
    assert list(client_operatore.get(URL, {"q": "j51b2100"}).context["object_list"]) == [altra]
    assert list(client_operatore.get(URL, {"q": "lom-str"}).context["object_list"]) == [altra]
    assert list(client_operatore.get(URL, {"q": "Milano-Genova"}).context["object_list"]) == [opera]


def test_it_sorts(client_operatore, progetto, opera):
    economica = factories.OperaPrioritariaFactory(regione=progetto.regione, costo_stimato=10)
    assert list(client_operatore.get(URL, {"ordina": "costo"}).context["object_list"]) == [economica, opera]
    assert list(client_operatore.get(URL, {"ordina": "-costo"}).context["object_list"]) == [opera, economica]
    body = client_operatore.get(URL, {"ordina": "-costo"}).content.decode()
    assert re.search(r'aria-sort="descending">\s*<a href="\?ordina=costo" data-ordina="costo"', body)
    assert client_operatore.get(URL, {"ordina": "regione__enti__membri"}).status_code == 200


def test_it_paginates(client_operatore, progetto):
    factories.OperaPrioritariaFactory.create_batch(26, regione=progetto.regione)
    response = client_operatore.get(URL, {"semaforo": "verde"})
    assert len(response.context["object_list"]) == 25
    assert "semaforo=verde&amp;page=2" in response.content.decode()


def test_its_query_count_does_not_grow_with_rows(client_coordinatore, progetto, altro_progetto, django_assert_max_num_queries):
    def crea(quante):
        for p in (progetto, altro_progetto):
            for opera in factories.OperaPrioritariaFactory.create_batch(quante, regione=p.regione, progetto=p):
                opera.province.set(p.regione.province.all()[:2])

    crea(2)
    pochi = conta_query(client_coordinatore, URL)
    OperaPrioritaria.objects.all().delete()
    crea(15)
    with django_assert_max_num_queries(pochi):
        client_coordinatore.get(URL)
    assert conta_query(client_coordinatore, URL) == pochi


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)


def test_it_sorts_the_semaforo_by_urgency(client_operatore, progetto):
    for semaforo in ("verde", "rosso", "giallo"):
        factories.OperaPrioritariaFactory(regione=progetto.regione, semaforo=semaforo)
    righe = client_operatore.get(URL, {"ordina": "semaforo"}).context["object_list"]
    assert [o.semaforo for o in righe] == ["rosso", "giallo", "verde"]
    righe = client_operatore.get(URL, {"ordina": "-semaforo"}).context["object_list"]
    assert [o.semaforo for o in righe] == ["verde", "giallo", "rosso"]
