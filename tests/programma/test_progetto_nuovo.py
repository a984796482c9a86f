import pytest
from django.test import Client
from django.urls import reverse

from programma.models import ProgettoRegionale
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("programma:progetto_nuovo")


@pytest.fixture
def lazio():
    return factories.regione("lazio")


def dati(programma, regione, **altri):
    enti = list(regione.enti.order_by("nome"))
    return {
        "programma": programma.pk,
        "regione": regione.pk,
        "titolo": "Infrastrutture per il Lazio",
        "ente_capofila": enti[0].pk,
        "enti_partecipanti": [e.pk for e in enti[1:3]],
        "budget": "250000,50",
        **altri,
    }


def test_it_works(client_coordinatore, programma, lazio):
    form = client_coordinatore.get(URL).context["form"]
    assert form["programma"].value() == programma.pk
    response = client_coordinatore.post(URL, dati(programma, lazio))
    progetto = ProgettoRegionale.objects.get(regione=lazio)
    assert response.url == progetto.get_absolute_url()
    assert sorted(progetto.fasi.values_list("numero", flat=True)) == [1, 2, 3, 4]
    assert progetto.enti_partecipanti.count() == 2
    assert str(progetto.budget) == "250000.50"


def test_it_rejects_enti_of_another_region(client_coordinatore, programma, lazio):
    lombardo = factories.regione("lombardia").enti.first()
    response = client_coordinatore.post(URL, dati(programma, lazio, ente_capofila=lombardo.pk))
    assert "L&#x27;ente capofila deve appartenere alla regione del progetto." in response.content.decode()
    response = client_coordinatore.post(URL, dati(programma, lazio, enti_partecipanti=[lombardo.pk]))
    assert "Questi enti non appartengono alla regione del progetto" in response.content.decode()
    assert not ProgettoRegionale.objects.exists()


def test_it_rejects_a_negative_budget(client_coordinatore, programma, lazio):
    response = client_coordinatore.post(URL, dati(programma, lazio, budget="-1"))
    assert "L&#x27;importo non può essere negativo." in response.content.decode()
    assert not ProgettoRegionale.objects.exists()


def test_it_rejects_a_second_project_for_a_region(client_coordinatore, progetto):
    response = client_coordinatore.post(URL, dati(progetto.programma, progetto.regione))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ProgettoRegionale.objects.count() == 1


def test_admins_may_create(client, amministratore, programma, lazio):
    client.force_login(amministratore)
    assert client.post(URL, dati(programma, lazio)).status_code == 302


def test_it_is_for_national_roles(client_operatore, programma, lazio):
    assert client_operatore.get(URL).status_code == 403
    assert client_operatore.post(URL, dati(programma, lazio)).status_code == 403
    assert not ProgettoRegionale.objects.exists()


def test_it_enforces_csrf(coordinatore, programma, lazio):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinatore)
    assert client.post(URL, dati(programma, lazio)).status_code == 403
    assert not ProgettoRegionale.objects.exists()


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)


def test_it_reads_a_budget_with_thousands_dots(client_coordinatore, programma, lazio):
    client_coordinatore.post(URL, dati(programma, lazio, budget="€ 1.250.000,50"))
    assert str(ProgettoRegionale.objects.get(regione=lazio).budget) == "1250000.50"
