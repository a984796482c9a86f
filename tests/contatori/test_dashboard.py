import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from contatori.models import Snapshot
from contatori.services import ricalcola
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/cruscotto/"


def test_it_works(dati, client_coordinatore):
    ricalcola(origine="test")
    response = client_coordinatore.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tavoli svolti" in html
    assert "Mappa: @svg-maps/italy, CC BY 4.0" in html
    assert 'data-regione="lombardia"' in html
    assert "Aggiornato alle" in html
    assert "Ricalcola ora" in html
    assert 'data-testid="matrice-fasi"' in html
    assert "build/grafico.js" in html


def test_it_links_the_region_page_from_the_map(dati, client_coordinatore):
    ricalcola(origine="test")
    html = client_coordinatore.get(URL).content.decode()
    assert reverse("contatori:regione", args=["lombardia"]) in html


def test_it_shows_the_change_over_30_days(dati, programma, client_coordinatore):
    ricalcola(origine="test")
    oggi = Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).get()
    Snapshot.objects.create(
        contatore="tavoli_svolti", regione=None, programma=programma, giorno=oggi.giorno - dt.timedelta(days=31),
        valore=Decimal(1), calcolato_il=oggi.calcolato_il - dt.timedelta(days=31),
    )
    ricalcola(origine="test")  # the days before today are written by earlier recounts: the page reads a later one
    response = client_coordinatore.get(URL)
    # Context values are computed lazily (only when the cached fragment is missing): call them.
    scheda = next(s for s in response.context["schede"]() if s["contatore"].chiave == "tavoli_svolti")
    assert scheda["valore"] == "3"
    assert scheda["variazione"] == "+2"


def test_it_says_when_never_computed(client_coordinatore, programma):
    response = client_coordinatore.get(URL)
    assert response.status_code == 200
    assert "non sono ancora stati calcolati" in response.content.decode()


def test_it_is_forbidden_to_an_operatore(client_operatore):
    assert client_operatore.get(URL).status_code == 403


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _molti_dati(progetto, altro_progetto, n: int) -> None:
    for i in range(n):
        for prog in (progetto, altro_progetto):
            # Run by the region's Camere in turn: the table of activities per Camera grows with the data.
            camere = list(prog.regione.enti.filter(tipo="camera_commercio").order_by("nome"))
            tavolo = factories.TavoloConfrontoFactory(progetto=prog, ente=camere[i % len(camere)])
            tavolo.organizzazioni.add(factories.OrganizzazioneFactory())
            factories.EventoFactory(progetto=prog, ente=camere[(i + 1) % len(camere)])
            factories.ReportFactory(progetto=prog)
            factories.OperaPrioritariaFactory(regione=prog.regione, progetto=prog)


def test_it_costs_the_same_at_any_size(progetto, altro_progetto, client_coordinatore, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def conta() -> int:
        ricalcola(origine="test")
        client_coordinatore.get(URL)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client_coordinatore.get(URL).status_code == 200
        return len(ctx.captured_queries)

    _molti_dati(progetto, altro_progetto, 1)
    piccolo = conta()
    _molti_dati(progetto, altro_progetto, 15)
    with django_assert_num_queries(piccolo):
        assert client_coordinatore.get(URL).status_code == 200
    assert conta() == piccolo
    assert piccolo <= 15
    assert len(client_coordinatore.get(URL).context["per_ente"]()) > 2


def test_its_numbers_open_the_records_of_their_region(dati, client_coordinatore):
    """Every drill-through link is a valid filter of its list: one region's rows, no form errors."""
    ricalcola(origine="test")
    html = client_coordinatore.get(URL).content.decode()
    lombardia = dati["lombardia"]
    collegamenti = {
        unescape(link)
        for link in re.findall(r'href="(/[^"?]+\?[^"]+)"', html)
        if f"regione={lombardia.pk}&" in unescape(link) or unescape(link).endswith(f"regione={lombardia.pk}")
    }
    elenchi = {"/tavoli/", "/eventi/", "/programma/opere/", "/programma/report/", "/programma/fasi/", "/programma/progetti/"}
    assert {link.split("?")[0] for link in collegamenti} == elenchi
    con_righe = set()
    for link in collegamenti:
        response = client_coordinatore.get(link)
        assert response.status_code == 200, link
        filtro = response.context.get("filtro") or response.context["filter"]
        assert filtro.form.is_valid(), (link, filtro.form.errors)
        righe = list(response.context["object_list"])
        if righe:  # a zero opens an empty list (Lombardia's strategic project is approved, not published)
            con_righe.add(link.split("?")[0])
        for riga in righe:
            regione_id = getattr(riga, "regione_id", None) or riga.progetto.regione_id
            assert regione_id == lombardia.pk, link
    assert con_righe == elenchi


def test_region_names_in_the_phase_matrix_open_the_region_page(dati, client_coordinatore):
    ricalcola(origine="test")
    matrice = client_coordinatore.get(URL).context["matrice"]()
    riga = next(r for r in matrice if r["regione"] == dati["lombardia"])
    assert riga["url"] == reverse("contatori:regione", args=["lombardia"])


def test_a_cold_dashboard_costs_the_same_with_a_longer_history(progetto, altro_progetto, client_coordinatore, settings):
    """Uncached (every fragment computed: schede, map, chart, the regions' comparison, table), the
    queries depend neither on the activities nor on the days of history."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CONTATORI_CACHE_SECONDI = 0

    def conta() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client_coordinatore.get(URL, {"confronto": "partecipanti_tavoli"}).status_code == 200
        return len(ctx.captured_queries)

    _molti_dati(progetto, altro_progetto, 1)
    ricalcola(origine="test")
    client_coordinatore.get(URL)
    poco = conta()
    _molti_dati(progetto, altro_progetto, 10)
    ricalcola(origine="test")
    oggi = list(Snapshot.objects.all())
    for giorni in range(1, 200):
        Snapshot.objects.bulk_create(
            Snapshot(contatore=s.contatore, regione_id=s.regione_id, programma_id=s.programma_id,
                     giorno=s.giorno - dt.timedelta(days=giorni), valore=s.valore, calcolato_il=s.calcolato_il)
            for s in oggi
        )
    assert conta() == poco <= 18


def test_the_region_table_has_groups_of_columns_and_no_count_of_regions(dati, client_coordinatore):
    ricalcola(origine="test")
    risposta = client_coordinatore.get(URL)
    html = risposta.content.decode()
    tabella = html[html.index('data-testid="tabella-regioni"'):html.index("</table>", html.index('data-testid="tabella-regioni"'))]
    # Every region has 0 or 1 "regioni coperte": no column of its own (the national card keeps it).
    assert "Regioni coperte" not in tabella
    assert 'data-testid="valore-regioni_coperte"' in html
    for chiave, nome in (("attivita", "Attività"), ("fasi", "Fasi"), ("opere", "Opere"), ("risultati", "Risultati")):
        colonne = sum(1 for c in risposta.context["regionali"] if c.gruppo == chiave)
        assert f'scope="colgroup" colspan="{colonne}" class="text-center gruppo-{chiave} inizio-gruppo">{nome}</th>' in tabella
    assert 'data-gruppi-tabella hidden' in html  # without JavaScript every group shows, no switches
    riga = next(r for r in risposta.context["tabella"]() if r["regione"].slug == "lombardia")
    assert len(riga["celle"]) == len(risposta.context["regionali"]) == 25
    assert [c["gruppo"] for c in riga["celle"]] == sorted((c["gruppo"] for c in riga["celle"]), key=["attivita", "fasi", "opere", "risultati"].index)
    # Numbers that open records are quiet links (a class the stylesheet underlines with dots).
    assert tabella.count('class="numero-link"') == sum(1 for r in risposta.context["tabella"]() for c in r["celle"] if c["url"])
