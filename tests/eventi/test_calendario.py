"""The public calendar: which events are public, their page, the list by region and theme, and the .ics.

What it proves: seminars, BUL/5G meetings and roadshow stops are public unless said otherwise, other
types only when marked; only public events to come are listed (a held or past one is not, a
cancelled one is, marked); a private event's page is a 404 and a public page shows no staff data;
the .ics is RFC 5545 as `icalendar` reads it back, filtered by ?regione=, and a bad parameter is a
400 with an Italian message; the form keeps the time and registration link and refuses an end
before the start.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from eventi.models import Evento, PartnerRete, Tema
from tests import factories

pytestmark = pytest.mark.django_db


def tra(giorni: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=giorni)


@pytest.fixture
def anonimo():
    return Client()


@pytest.fixture
def eventi(progetto, altro_progetto):
    E = factories.EventoFactory
    seminario = E(
        progetto=progetto, tipo="seminario", titolo="Seminario sul 5G a Bergamo", data=tra(10), stato="pianificato",
        ora_inizio=dt.time(9, 30), ora_fine=dt.time(12, 0), url_iscrizione="https://iscrizioni.example.org/bg",
        n_partecipanti=0, n_imprese=0, descrizione="Programma della mattinata.",
    )  # fmt: skip
    seminario.temi.set(Tema.objects.filter(codice__in=["5g"]))
    seminario.partner_rete.set(PartnerRete.objects.filter(nome__in=["Infratel Italia", "Open Fiber"]))
    return {
        "seminario": seminario,
        "tappa_sicilia": E(progetto=altro_progetto, tipo="tappa_roadshow", titolo="Tappa di Palermo", data=tra(20), stato="pianificato", n_partecipanti=0,
            n_imprese=0),
        "annullato": E(progetto=progetto, tipo="incontro_bul_5g", titolo="Incontro annullato", data=tra(5), stato="annullato", n_partecipanti=0, n_imprese=0),
        "convegno": E(progetto=progetto, tipo="convegno", titolo="Convegno riservato", data=tra(15), stato="pianificato", n_partecipanti=0, n_imprese=0),
        "convegno_pubblico": E(progetto=progetto, tipo="convegno", titolo="Convegno aperto", data=tra(16), stato="pianificato", pubblico=True,
            n_partecipanti=0, n_imprese=0),
        "seminario_privato": E(progetto=progetto, tipo="seminario", titolo="Seminario interno", data=tra(17), stato="pianificato", pubblico=False,
            n_partecipanti=0, n_imprese=0),
        "passato": E(progetto=progetto, tipo="seminario", titolo="Seminario passato", data=tra(-3), stato="svolto"),
    }  # fmt: skip


def test_the_type_decides_unless_someone_chose(eventi):
    pubblici = set(Evento.objects.pubblici().values_list("titolo", flat=True))
    assert {"Seminario sul 5G a Bergamo", "Tappa di Palermo", "Incontro annullato", "Convegno aperto"} <= pubblici
    assert not {"Convegno riservato", "Seminario interno"} & pubblici
    assert [e.e_pubblico for e in (eventi["seminario"], eventi["convegno"], eventi["seminario_privato"])] == [True, False, False]


def test_it_lists_the_public_events_to_come(eventi, anonimo):
    html = anonimo.get("/eventi/calendario/").content.decode()
    for titolo in ("Seminario sul 5G a Bergamo", "Tappa di Palermo", "Convegno aperto", "Incontro annullato"):
        assert titolo in html
    for titolo in ("Convegno riservato", "Seminario interno", "Seminario passato"):
        assert titolo not in html
    assert "Annullato" in html and "dalle 09:30 alle 12:00" in html


def test_it_filters_by_region_and_theme(eventi, anonimo):
    sicilia = anonimo.get("/eventi/calendario/?regione=19").content.decode()
    assert "Tappa di Palermo" in sicilia and "Seminario sul 5G a Bergamo" not in sicilia
    cinque_g = anonimo.get("/eventi/calendario/?tema=5g").content.decode()
    assert "Seminario sul 5G a Bergamo" in cinque_g and "Tappa di Palermo" not in cinque_g


def test_the_list_costs_the_same_with_more_events(eventi, anonimo, django_assert_max_num_queries, progetto):
    for n in range(30):
        factories.EventoFactory(progetto=progetto, tipo="seminario", data=tra(30 + n), stato="pianificato", n_partecipanti=0, n_imprese=0)
    # The "data changed?" mark, the generation, the filters' regions and themes, count, page, the page's themes.
    with django_assert_max_num_queries(7):
        assert anonimo.get("/eventi/calendario/").status_code == 200
    seconda = anonimo.get("/eventi/calendario/?regione=03&page=2").content.decode()
    assert "Pagina precedente" in seconda and "regione=03&amp;page=1" in seconda


def test_a_public_event_has_a_page_with_what_a_visitor_needs(eventi, anonimo):
    seminario = eventi["seminario"]
    html = anonimo.get(f"/eventi/calendario/{seminario.pk}/").content.decode()
    for testo in ("Seminario sul 5G a Bergamo", "dalle 09:30 alle 12:00", "Infratel Italia, Open Fiber", "5G",
                  "https://iscrizioni.example.org/bg", "Lombardia", "Programma della mattinata."):  # fmt: skip
        assert testo in html, testo
    # Nothing of the staff's: counts, materials, comuni.
    assert "Partecipanti" not in html and "materiali" not in html.lower() and "Comuni informati" not in html


@pytest.mark.parametrize("chiave", ["convegno", "seminario_privato"])
def test_a_private_event_is_a_404(eventi, anonimo, chiave):
    assert anonimo.get(f"/eventi/calendario/{eventi[chiave].pk}/").status_code == 404


def test_the_ics_holds_the_events_to_come(eventi, anonimo):
    response = anonimo.get("/eventi/calendario.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8" and 'rel="license"' in response["Link"]
    calendario = Calendar.from_ical(response.content)
    voci = {str(v["SUMMARY"]): v for v in calendario.walk("VEVENT")}
    assert set(voci) == {"Seminario sul 5G a Bergamo", "Tappa di Palermo", "Incontro annullato", "Convegno aperto"}
    seminario = voci["Seminario sul 5G a Bergamo"]
    inizio = dt.datetime.combine(tra(10), dt.time(9, 30), tzinfo=timezone.get_default_timezone())
    assert seminario.decoded("DTSTART") == inizio and seminario.decoded("DTEND") - inizio == dt.timedelta(hours=2, minutes=30)
    assert "Iscrizione: https://iscrizioni.example.org/bg" in str(seminario["DESCRIPTION"])
    assert str(seminario["URL"]).endswith(f"/eventi/calendario/{eventi['seminario'].pk}/")
    assert voci["Tappa di Palermo"].decoded("DTSTART") == tra(20)  # a whole day
    assert str(voci["Incontro annullato"]["STATUS"]) == "CANCELLED"
    giorni = [v["DTSTART"].dt for v in voci.values()]
    assert all(g >= timezone.localdate() for g in giorni if isinstance(g, dt.date) and not isinstance(g, dt.datetime))
    assert "CC BY 4.0" in str(calendario["X-WR-CALDESC"])


def test_the_ics_filters_by_region(eventi, anonimo):
    calendario = Calendar.from_ical(anonimo.get("/eventi/calendario.ics?regione=19").content)
    assert [str(v["SUMMARY"]) for v in calendario.walk("VEVENT")] == ["Tappa di Palermo"]


@pytest.mark.parametrize("query", ["?regione=3", "?regione=lombardia", "?regione=99", "?tema=5g"])
def test_a_bad_parameter_of_the_ics_is_a_400_in_italian(eventi, anonimo, query):
    response = anonimo.get("/eventi/calendario.ics" + query)
    assert response.status_code == 400 and "codice ISTAT" in response.content.decode()


def test_the_form_keeps_time_and_registration_and_refuses_an_end_before_the_start(client_operatore, progetto):
    dati = {
        "titolo": "Seminario serale", "tipo": "seminario", "data": tra(40).strftime("%d/%m/%Y"), "stato": "pianificato",
        "luogo": "Sede camerale", "n_partecipanti": 0, "n_imprese": 0, "ora_inizio": "18:00", "ora_fine": "17:00",
        "pubblico": "unknown", "url_iscrizione": "iscrizioni.example.org/sera",
    }  # fmt: skip
    response = client_operatore.post("/eventi/nuovo/", dati)
    assert response.status_code == 200 and "L&#x27;ora di fine deve seguire l&#x27;ora di inizio." in response.content.decode()
    assert not Evento.objects.filter(titolo="Seminario serale").exists()
    dati["ora_fine"] = "20:00"
    assert client_operatore.post("/eventi/nuovo/", dati).status_code == 302
    evento = Evento.objects.get(titolo="Seminario serale")
    assert (evento.ora_inizio, evento.ora_fine, evento.pubblico, evento.url_iscrizione) == (
        dt.time(18), dt.time(20), None, "https://iscrizioni.example.org/sera"
    )
    assert evento.e_pubblico
