import pytest
from django.urls import reverse

from programma.models import Report
from tests import factories
from tests.programma.conftest import conta_query

pytestmark = pytest.mark.django_db

URL = reverse("programma:report_lista")


def test_it_works(client_operatore, report, altro_report):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [report]
    body = response.content.decode()
    assert report.titolo in body and altro_report.titolo not in body
    assert "Nuovo report" in body
    assert 'name="regione"' not in body
    assert "1 report trovato" in body


def test_coordinators_read_every_region(client_coordinatore, report, altro_report):
    response = client_coordinatore.get(URL)
    assert set(response.context["object_list"]) == {report, altro_report}
    body = response.content.decode()
    assert "Nuovo report" not in body
    response = client_coordinatore.get(URL, {"regione": altro_report.progetto.regione_id})
    assert list(response.context["object_list"]) == [altro_report]


def test_it_checks_owner(client_operatore, report, altro_report):
    # The region filter cannot widen an Operatore's list.
    response = client_operatore.get(URL, {"regione": altro_report.progetto.regione_id})
    assert list(response.context["object_list"]) == [report]


def test_it_filters_and_searches(client_operatore, progetto, report):
    libro = factories.ReportFactory(
        progetto=progetto, tipo="libro_bianco", titolo="Libro bianco", pubblicato=True, fase=progetto.fasi.get(numero=2)
    )
    assert list(client_operatore.get(URL, {"tipo": "libro_bianco"}).context["object_list"]) == [libro]
    assert list(client_operatore.get(URL, {"fase": "2"}).context["object_list"]) == [libro]
    assert list(client_operatore.get(URL, {"stato": "pubblicato"}).context["object_list"]) == [libro]
    assert list(client_operatore.get(URL, {"stato": "bozza"}).context["object_list"]) == [report]
    assert list(client_operatore.get(URL, {"q": "logistici"}).context["object_list"]) == [report]


def test_the_published_filter_shows_only_published_reports_with_their_file(client_coordinatore, progetto):
    """What the counters of published reports count, and their link opens: a report published
    without its file (the old checkbox) is not among them."""
    con_file = factories.ReportFactory(progetto=progetto, pubblicato=True)
    factories.ReportFactory(progetto=progetto, stato="pubblicato")
    factories.ReportFactory(progetto=progetto, stato="in_revisione", file="report/proposto.pdf")
    assert list(client_coordinatore.get(URL, {"stato": "pubblicato"}).context["object_list"]) == [con_file]


def test_it_sorts(client_operatore, progetto, report):
    altro = factories.ReportFactory(progetto=progetto, titolo="Zeta")
    assert list(client_operatore.get(URL, {"ordina": "titolo"}).context["object_list"]) == [report, altro]
    assert list(client_operatore.get(URL, {"ordina": "-titolo"}).context["object_list"]) == [altro, report]
    assert client_operatore.get(URL, {"ordina": "progetto__regione__nome; drop"}).status_code == 200


def test_it_paginates(client_operatore, progetto):
    factories.ReportFactory.create_batch(30, progetto=progetto)
    response = client_operatore.get(URL)
    assert len(response.context["object_list"]) == 25 and response.context["paginator"].num_pages == 2
    assert "30 report trovati" in response.content.decode()
    assert len(client_operatore.get(URL, {"page": 2}).context["object_list"]) == 5


def test_its_query_count_does_not_grow_with_rows(client_coordinatore, progetto, altro_progetto, django_assert_max_num_queries):
    for p in (progetto, altro_progetto):
        factories.ReportFactory.create_batch(3, progetto=p, fase=p.fasi.get(numero=1))
    pochi = conta_query(client_coordinatore, URL)
    Report.objects.all().delete()
    for p in (progetto, altro_progetto):
        factories.ReportFactory.create_batch(15, progetto=p, fase=p.fasi.get(numero=1))
    with django_assert_max_num_queries(pochi):
        client_coordinatore.get(URL)
    assert conta_query(client_coordinatore, URL) == pochi


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)
