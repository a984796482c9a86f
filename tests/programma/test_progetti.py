import datetime as dt

import pytest
from django.urls import reverse

from programma.models import Fase, ProgettoRegionale, Programma
from regioni.models import Regione
from tests import factories
from tests.programma.conftest import conta_query

pytestmark = pytest.mark.django_db

URL = reverse("programma:progetti")


def test_it_works(client_coordinatore, progetto, altro_progetto):
    factories.TavoloConfrontoFactory.create_batch(2, progetto=progetto)
    factories.ReportFactory(progetto=progetto)
    factories.OperaPrioritariaFactory.create_batch(3, regione=progetto.regione, progetto=progetto)
    response = client_coordinatore.get(URL)
    assert response.status_code == 200
    righe = {p.pk: p for p in response.context["object_list"]}
    assert set(righe) == {progetto.pk, altro_progetto.pk}
    assert (righe[progetto.pk].n_tavoli, righe[progetto.pk].n_report, righe[progetto.pk].n_opere) == (2, 1, 3)
    assert righe[altro_progetto.pk].n_tavoli == 0
    body = response.content.decode()
    assert "Nuovo progetto regionale" in body
    assert 'name="regione"' in body
    assert "2 progetti trovati" in body


def test_it_checks_owner(client_operatore, progetto, altro_progetto):
    response = client_operatore.get(URL)
    assert list(response.context["object_list"]) == [progetto]
    body = response.content.decode()
    assert "Nuovo progetto regionale" not in body
    assert 'name="regione"' not in body
    # The region switcher does not open another region to an Operatore.
    response = client_operatore.get(URL, {"regione": altro_progetto.regione_id})
    assert list(response.context["object_list"]) == [progetto]


def test_it_filters_by_region_for_national_roles(client_coordinatore, progetto, altro_progetto):
    response = client_coordinatore.get(URL, {"regione": altro_progetto.regione_id})
    assert list(response.context["object_list"]) == [altro_progetto]


def test_it_shows_the_active_edition_by_default(client_coordinatore, progetto):
    vecchia = Programma.objects.create(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    vecchio = factories.ProgettoRegionaleFactory(programma=vecchia, regione=progetto.regione)
    assert list(client_coordinatore.get(URL).context["object_list"]) == [progetto]
    assert list(client_coordinatore.get(URL, {"edizione": vecchia.pk}).context["object_list"]) == [vecchio]
    # The header's choice is kept in the session; an unknown edition falls back to the active one.
    client_coordinatore.post(reverse("programma:scegli_edizione"), {"edizione": vecchia.pk})
    assert list(client_coordinatore.get(URL).context["object_list"]) == [vecchio]
    assert list(client_coordinatore.get(URL, {"edizione": "999999"}).context["object_list"]) == [vecchio]
    client_coordinatore.post(reverse("programma:scegli_edizione"), {"edizione": progetto.programma_id})
    assert list(client_coordinatore.get(URL).context["object_list"]) == [progetto]


def test_it_searches(client_coordinatore, progetto, altro_progetto):
    response = client_coordinatore.get(URL, {"q": "sicil"})
    assert list(response.context["object_list"]) == [altro_progetto]


def test_it_sorts_by_whitelisted_columns_only(client_coordinatore, progetto, altro_progetto):
    altro_progetto.budget = 500
    altro_progetto.save()
    assert list(client_coordinatore.get(URL, {"ordina": "budget"}).context["object_list"]) == [altro_progetto, progetto]
    assert list(client_coordinatore.get(URL, {"ordina": "-budget"}).context["object_list"]) == [progetto, altro_progetto]
    response = client_coordinatore.get(URL, {"ordina": "ente_capofila__password"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 2


def test_it_marks_late_phases(client_coordinatore, progetto):
    Fase.objects.filter(progetto=progetto, numero=1).update(stato="in_corso", avanzamento=50, data_fine_prevista=dt.date(2020, 1, 1))
    body = client_coordinatore.get(URL).content.decode()
    assert 'data-fase="1" data-ritardo="1"' in body
    assert "bg-danger" in body


def test_it_lists_one_edition_at_a_time(client_coordinatore, programma):
    vecchia = Programma.objects.create(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    for regione in Regione.objects.all():
        for edizione in (programma, vecchia):
            factories.ProgettoRegionaleFactory(programma=edizione, regione=regione)
    response = client_coordinatore.get(URL)
    assert response.context["paginator"].count == 20
    assert len(response.context["object_list"]) == 20
    assert 'class="pagination"' not in response.content.decode()
    client_coordinatore.post(reverse("programma:scegli_edizione"), {"edizione": ""})
    assert {p.programma for p in client_coordinatore.get(URL).context["object_list"]} == {programma}


def _progetti(quanti: int) -> None:
    vecchia = Programma.objects.create(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    attiva = factories.ProgrammaFactory()
    regioni = list(Regione.objects.all())
    for i in range(quanti):
        p = factories.ProgettoRegionaleFactory(programma=(attiva, vecchia)[i % 2], regione=regioni[i // 2])
        p.enti_partecipanti.set(p.regione.enti.all()[:2])
        factories.TavoloConfrontoFactory(progetto=p)
        factories.EventoFactory(progetto=p)
        factories.ReportFactory(progetto=p)
        factories.OperaPrioritariaFactory(regione=p.regione, progetto=p)


def test_its_query_count_does_not_grow_with_rows(client_coordinatore, django_assert_max_num_queries):
    _progetti(3)
    pochi = conta_query(client_coordinatore, URL)
    ProgettoRegionale.objects.all().delete()
    Programma.objects.all().delete()
    _progetti(30)
    client_coordinatore.get(URL)  # new editions: the filters' form (its "Edizione" choices) is drawn again once
    with django_assert_max_num_queries(pochi):
        response = client_coordinatore.get(URL)
    assert response.context["paginator"].count == 15  # the active edition's half
    assert conta_query(client_coordinatore, URL) == pochi


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)


def test_it_filters_approved_strategic_projects_published_or_not(client_coordinatore, programma):
    from programma.models import ProgettoStrategico

    progetti = {}
    for slug, stato in (("lombardia", "approvato"), ("sicilia", "pubblicato"), ("piemonte", "in_revisione"), ("veneto", None)):
        progetti[slug] = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione(slug))
        if stato:
            ProgettoStrategico.objects.create(progetto=progetti[slug], titolo=slug, stato=stato)
    approvati = client_coordinatore.get(URL, {"strategico_approvato": "True"}).context["object_list"]
    assert {p.regione.slug for p in approvati} == {"lombardia", "sicilia"}
    altri = client_coordinatore.get(URL, {"strategico_approvato": "False"}).context["object_list"]
    assert {p.regione.slug for p in altri} == {"piemonte", "veneto"}
