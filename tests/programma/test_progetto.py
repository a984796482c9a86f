import datetime as dt

import pytest
from django.urls import reverse

from programma.models import Fase
from tests import factories
from tests.programma.conftest import conta_query

pytestmark = pytest.mark.django_db


def url(progetto) -> str:
    return reverse("programma:progetto", args=[progetto.pk])


def test_it_works(client_operatore, progetto):
    progetto.enti_partecipanti.set(progetto.regione.enti.all()[:2])
    factories.ReportFactory(progetto=progetto, titolo="Libro bianco lombardo")
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, titolo="Pedemontana", semaforo="rosso")
    response = client_operatore.get(url(progetto))
    assert response.status_code == 200
    body = response.content.decode()
    assert progetto.titolo in body and progetto.ente_capofila.nome in body
    assert "100.000,00 €" in body
    for _numero, nome in Fase.Numero.choices:
        assert str(nome) in body
    assert body.count("Modifica fase") == 4
    assert "Libro bianco lombardo" in body and "Pedemontana" in body
    assert 'data-semaforo="rosso"' in body
    assert "Storico delle modifiche" not in body
    assert "Vai alla regione" not in body


def test_it_checks_owner(client_operatore, altro_progetto):
    assert client_operatore.get(url(altro_progetto)).status_code == 404


def test_coordinators_read_every_region(client_coordinatore, progetto, altro_progetto):
    response = client_coordinatore.get(url(altro_progetto))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Modifica fase" not in body
    assert "Storico delle modifiche" in body
    # The region switcher lists the regions of the edition.
    assert "Vai alla regione" in body
    assert f'<option value="{progetto.regione_id}"' in body


def test_it_shows_late_phases(client_operatore, progetto):
    Fase.objects.filter(progetto=progetto, numero=2).update(
        stato="in_corso", avanzamento=30, data_fine_prevista=dt.date.today() - dt.timedelta(days=1)
    )
    Fase.objects.filter(progetto=progetto, numero=1).update(
        stato="completata", avanzamento=100, data_fine_prevista=dt.date.today() - dt.timedelta(days=30)
    )
    response = client_operatore.get(url(progetto))
    body = response.content.decode()
    assert body.count("In ritardo") == 1
    fase2 = body.split('data-testid="fase-2"')[1].split('data-testid="fase-3"')[0]
    assert "In ritardo" in fase2
    assert 'data-larghezza="30"' in fase2


def _attivita(progetto, quante: int) -> None:
    factories.TavoloConfrontoFactory.create_batch(quante, progetto=progetto)
    factories.EventoFactory.create_batch(quante, progetto=progetto)
    factories.ReportFactory.create_batch(quante, progetto=progetto)
    factories.OperaPrioritariaFactory.create_batch(quante, regione=progetto.regione, progetto=progetto)
    progetto.enti_partecipanti.set(progetto.regione.enti.all()[:quante])


def test_its_query_count_does_not_grow_with_rows(client_coordinatore, progetto, altro_progetto, django_assert_max_num_queries):
    _attivita(progetto, 3)
    _attivita(altro_progetto, 30)
    pochi = conta_query(client_coordinatore, url(progetto))
    with django_assert_max_num_queries(pochi):
        response = client_coordinatore.get(url(altro_progetto))
    assert response.context["progetto"].n_tavoli == 30
    assert conta_query(client_coordinatore, url(altro_progetto)) == pochi


def test_it_requires_login(client, progetto, login_url):
    assert client.get(url(progetto)).url == login_url(url(progetto))


def test_last_events_are_the_held_ones_and_coming_ones_have_their_own_box(client_operatore, progetto):
    """Issue #20: «Ultimi eventi» lists events held (`svolti`), «Prossimi eventi» those to come (`in_programma`)."""
    factories.EventoFactory(progetto=progetto, titolo="Convegno svolto", data=dt.date(2025, 3, 1), stato="svolto")
    factories.EventoFactory(progetto=progetto, titolo="Seminario futuro", data=dt.date(2099, 3, 1), stato="pianificato")
    body = client_operatore.get(url(progetto)).content.decode()
    ultimi = body.split('data-testid="ultimi-eventi"')[1].split("</section>")[0]
    prossimi = body.split('data-testid="prossimi-eventi"')[1].split("</section>")[0]
    assert "Convegno svolto" in ultimi and "Seminario futuro" not in ultimi
    assert "Seminario futuro" in prossimi and "Convegno svolto" not in prossimi
