"""The counter pages' cache, keyed by the snapshot generation (contatori/generation.py).

What it proves: a warm page is served from the cache (a change without a recount does not show,
and it costs at most one query); a recount shows the change everywhere at once (nothing stale);
per-user parts are not shared through the cache; the open data revalidates with a 304.
"""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contatori.models import Snapshot
from contatori.services import CHIAVE_IN_CODA, ricalcola
from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db

PAGINE_PUBBLICHE = ["/contatori/", "/api/contatori/", "/api/contatori.csv"]


@pytest.fixture
def anonimo():
    """Anonymous, and not the object the logged-in fixtures share (pytest-django's `client`)."""
    return Client()


@pytest.fixture
def client_operatore(operatore):
    c = Client()
    c.force_login(operatore)
    return c


def _tavoli_nazionali(client) -> float:
    return client.get("/api/contatori/").json()["nazionale"]["tavoli_svolti"]


def _un_tavolo_in_piu(progetto) -> None:
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo della generazione nuova")


def test_a_warm_page_comes_from_the_cache(dati, progetto, anonimo, client_coordinatore):
    """Without a recount the pages keep showing the snapshot they were cached with (the snapshot is
    what they show anyway; this proves the cache is read)."""
    ricalcola(origine="test")
    prima = {url: anonimo.get(url).content for url in PAGINE_PUBBLICHE}
    cruscotto = client_coordinatore.get("/cruscotto/").content

    # A row changed behind the recount's back: only a new generation may show it.
    Snapshot.objects.filter(contatore="tavoli_svolti").update(valore=999)
    assert {url: anonimo.get(url).content for url in PAGINE_PUBBLICHE} == prima
    assert _valore_in_scheda(client_coordinatore.get("/cruscotto/").content.decode(), "tavoli_svolti") == "3"
    assert _valore_in_scheda(cruscotto.decode(), "tavoli_svolti") == "3"


def test_a_recount_changes_every_cached_page(dati, progetto, anonimo, client_coordinatore, client_operatore):
    ricalcola(origine="test")
    assert _tavoli_nazionali(anonimo) == 3
    for url in ["/contatori/", "/cruscotto/", "/cruscotto/regioni/lombardia/"]:
        (client_coordinatore if url.startswith("/cruscotto") else anonimo).get(url)  # warm
    client_operatore.get("/cruscotto/regioni/lombardia/")

    factories.TavoloConfrontoFactory(progetto=progetto, stato="svolto")
    ricalcola(origine="test")

    assert _tavoli_nazionali(anonimo) == 4
    righe = list(csv.DictReader(io.StringIO(anonimo.get("/api/contatori.csv").content.decode("utf-8-sig"))))
    assert next(r for r in righe if r["regione"] == "Italia")["Tavoli svolti (tavoli)"] == "4"
    for c, url in [
        (anonimo, "/contatori/"),
        (client_coordinatore, "/cruscotto/"),
        (client_coordinatore, "/cruscotto/regioni/lombardia/"),
        (client_operatore, "/cruscotto/regioni/lombardia/"),
    ]:
        atteso = "3" if url.endswith("/lombardia/") else "4"  # Lombardia had 2 of the 3
        assert _valore_in_scheda(c.get(url).content.decode(), "tavoli_svolti") == atteso, url


def _valore_in_scheda(html: str, chiave: str) -> str:
    """The number printed on a counter's card (see templates/contatori/_schede.html)."""
    import re

    trovato = re.search(rf'data-testid="valore-{chiave}"[^>]*>([^<]+)<', html)
    assert trovato, chiave
    return trovato.group(1)


def test_nothing_is_stale_after_a_save_and_its_recount(dati, progetto, anonimo, django_capture_on_commit_callbacks):
    """The real path: a save queues the recount on commit (eager here), and the pages follow it."""
    cache.delete(CHIAVE_IN_CODA)  # left by another test's save (its recount never ran)
    ricalcola(origine="test")
    assert _tavoli_nazionali(anonimo) == 3
    connection.run_on_commit[:] = []  # the fixtures' own callbacks, never committed, would absorb ours
    with django_capture_on_commit_callbacks(execute=True):
        factories.TavoloConfrontoFactory(progetto=progetto, stato="svolto")
    assert _tavoli_nazionali(anonimo) == 4


def test_per_user_parts_are_not_shared(dati, client_coordinatore, client_operatore):
    """The cached fragment is the same for everyone; the nav, the menu and the button are each user's."""
    ricalcola(origine="test")
    html_coordinatore = client_coordinatore.get("/cruscotto/regioni/lombardia/").content.decode()
    html_operatore = client_operatore.get("/cruscotto/regioni/lombardia/").content.decode()
    assert "Cruscotto nazionale</a> /" in html_coordinatore
    assert "Cruscotto nazionale</a> /" not in html_operatore
    assert "operatore-lombardia" not in html_coordinatore
    cruscotto = client_coordinatore.get("/cruscotto/").content.decode()
    assert "Ricalcola ora" in cruscotto and "csrfmiddlewaretoken" in cruscotto


@pytest.mark.parametrize("url", ["/api/contatori/", "/api/contatori.csv"])
def test_the_open_data_revalidates_with_a_304(dati, progetto, anonimo, url):
    ricalcola(origine="test")
    primo = anonimo.get(url)
    assert primo.status_code == 200 and primo["ETag"] and primo["Last-Modified"]
    assert anonimo.get(url, HTTP_IF_NONE_MATCH=primo["ETag"]).status_code == 304
    assert anonimo.get(url, HTTP_IF_MODIFIED_SINCE=primo["Last-Modified"]).status_code == 304
    _un_tavolo_in_piu(progetto)
    ricalcola(origine="test")
    dopo = anonimo.get(url, HTTP_IF_NONE_MATCH=primo["ETag"])
    assert dopo.status_code == 200 and dopo["ETag"] != primo["ETag"]


def test_the_api_has_no_etag_before_the_first_recount(anonimo, programma):
    response = anonimo.get("/api/contatori/")
    assert response.status_code == 200 and not response.has_header("ETag")


@pytest.mark.parametrize("url", PAGINE_PUBBLICHE)
def test_a_warm_public_page_costs_at_most_one_query(dati, anonimo, url, django_assert_max_num_queries, monkeypatch):
    ricalcola(origine="test")
    anonimo.get(url)
    with django_assert_max_num_queries(2):  # without a worker, also the "data changed?" mark
        assert anonimo.get(url).status_code == 200
    monkeypatch.setattr("contatori.services.in_processo", lambda: False)  # as with a worker
    with django_assert_max_num_queries(1):  # the generation
        assert anonimo.get(url).status_code == 200


def test_a_new_generation_costs_the_dashboard_about_what_a_warm_one_costs(dati, progetto, client_coordinatore):
    """The recount prepares what the pages of its generation share (`contatori.dati.prepara`): the first
    dashboard after it, with a new number to draw, reads neither the snapshot nor the targets."""
    ricalcola(origine="test")
    client_coordinatore.get("/cruscotto/")  # session and cache warm
    factories.TavoloConfrontoFactory(progetto=progetto, stato="svolto")
    ricalcola(origine="test")
    with CaptureQueriesContext(connection) as nuova:
        assert _valore_in_scheda(client_coordinatore.get("/cruscotto/").content.decode(), "tavoli_svolti") == "4"
    with CaptureQueriesContext(connection) as caldo:
        client_coordinatore.get("/cruscotto/")
    assert len(nuova) <= len(caldo) + 1  # drawing the new fragments lists the regions
    quadro = 'FROM "contatori_snapshot" WHERE ("contatori_snapshot"."giorno" = ('  # quadro_attuale's read
    assert not [q for q in nuova.captured_queries if quadro in q["sql"] or '"contatori_obiettivo"' in q["sql"]]


def test_the_cache_can_be_turned_off(dati, anonimo, settings):
    """CONTATORI_CACHE_SECONDI=0 (the load bench's uncached run): every request reads the snapshot."""
    settings.CONTATORI_CACHE_SECONDI = 0
    ricalcola(origine="test")
    assert _tavoli_nazionali(anonimo) == 3
    Snapshot.objects.filter(contatore="tavoli_svolti", regione=None).update(valore=7)
    assert _tavoli_nazionali(anonimo) == 7


def test_the_shared_public_page_is_never_a_users_page(dati, anonimo, client_coordinatore):
    """Anonymous visitors share one cached body; a logged-in visitor still gets their own menu around
    the cached fragment, and their menu never reaches the shared body (either order)."""
    ricalcola(origine="test")
    client_coordinatore.get("/contatori/")
    anonima = anonimo.get("/contatori/").content.decode()
    propria = client_coordinatore.get("/contatori/").content.decode()
    assert "coordinatore" in propria and "csrfmiddlewaretoken" in propria
    assert "coordinatore" not in anonima and "csrfmiddlewaretoken" not in anonima
    assert _valore_in_scheda(anonima, "tavoli_svolti") == _valore_in_scheda(propria, "tavoli_svolti") == "3"


def test_a_cold_dashboard_still_costs_the_same_at_any_size(progetto, altro_progetto, client_coordinatore, settings):
    """Uncached (every request a miss), the dashboard's query count does not grow with the data."""
    from tests.contatori.test_dashboard import _molti_dati

    settings.CONTATORI_CACHE_SECONDI = 0

    def conta() -> int:
        ricalcola(origine="test")
        client_coordinatore.get("/cruscotto/")
        with CaptureQueriesContext(connection) as query:
            assert client_coordinatore.get("/cruscotto/").status_code == 200
        return len(query)

    _molti_dati(progetto, altro_progetto, 1)
    piccolo = conta()
    _molti_dati(progetto, altro_progetto, 10)
    assert conta() == piccolo


def test_the_pages_of_a_generation_read_its_snapshot_and_targets_once(anonimo, progetto):
    """The snapshot and the targets behind the counter pages are kept per generation (`_Dati`): after
    the public page, a region's page and the API read neither again; a recount reads them anew."""
    ricalcola(origine="test")
    anonimo.get("/contatori/")
    with CaptureQueriesContext(connection) as dopo:
        assert anonimo.get("/regioni/lombardia/").status_code == 200
        assert anonimo.get("/api/contatori/").status_code == 200
    quadro = 'FROM "contatori_snapshot" WHERE ("contatori_snapshot"."giorno" = ('  # quadro_attuale's read
    letture = [q["sql"] for q in dopo.captured_queries if '"contatori_obiettivo"' in q["sql"] or quadro in q["sql"]]
    assert letture == []
    # A new generation: the recount reads them for its pages, which then read none.
    with CaptureQueriesContext(connection) as ricalcolo:
        ricalcola(origine="test")
    assert any('"contatori_obiettivo"' in q["sql"] for q in ricalcolo.captured_queries)
    with CaptureQueriesContext(connection) as nuova:
        anonimo.get("/api/contatori/")
        anonimo.get("/contatori/")
    assert not [q["sql"] for q in nuova.captured_queries if '"contatori_obiettivo"' in q["sql"] or quadro in q["sql"]]


def test_a_failed_preparation_leaves_the_pages_to_read_the_data(anonimo, progetto, monkeypatch, caplog):
    """`prepara` failing (a cache or query error) neither fails the recount nor the pages: they read the
    snapshot themselves, and the failure is logged."""
    from contatori import dati

    def guasto(self):
        raise RuntimeError("guasto")

    monkeypatch.setattr(dati.Dati, "quadro", property(guasto))
    assert ricalcola(origine="test").eseguito
    assert "Preparazione delle pagine dei contatori non riuscita" in caplog.text
    monkeypatch.undo()
    assert _tavoli_nazionali(anonimo) == 0


PAGINE_CON_FRAMMENTI = ["/cruscotto/", "/cruscotto/regioni/lombardia/", "/contatori/"]


@pytest.fixture
def disegni(monkeypatch):
    """How many times the counter cards were drawn (`presentation.schede`: every page's first fragment).

    The digest is salted for this test: another test (or run) with the same rows, ids and day has the
    same digest, and its fragments, drawn alike, would be found in the cache without a drawing."""
    import uuid

    from contatori import presentation
    from contatori.dati import Dati

    chiamate: list[int] = []
    schede, impronta, sale = presentation.schede, Dati._impronta, uuid.uuid4().hex

    def contata(*args, **kwargs):
        chiamate.append(1)
        return schede(*args, **kwargs)

    monkeypatch.setattr(presentation, "schede", contata)
    monkeypatch.setattr(Dati, "_impronta", lambda self: impronta(self) + sale)
    return chiamate


def _visita(client_coordinatore, anonimo) -> list[str]:
    return [(anonimo if url == "/contatori/" else client_coordinatore).get(url).content.decode() for url in PAGINE_CON_FRAMMENTI]


def test_a_recount_that_changes_no_number_keeps_the_fragments(dati, progetto, anonimo, client_coordinatore, disegni):
    """Most saves change no number (a tavolo's summary, a report's text), yet each makes a new generation:
    the fragments are kept by what they draw (`_Dati.impronta`), so those pages are not drawn again."""
    ricalcola(origine="test")
    prima = _visita(client_coordinatore, anonimo)
    assert len(disegni) == 3
    TavoloConfronto.objects.filter(progetto=progetto).update(titolo="Un titolo nuovo, che nessun contatore conta")
    ricalcola(origine="test")
    dopo = _visita(client_coordinatore, anonimo)
    assert len(disegni) == 3, "a new generation with the same numbers drew the cards again"
    assert [_valore_in_scheda(html, "tavoli_svolti") for html in dopo] == [_valore_in_scheda(html, "tavoli_svolti") for html in prima]


def test_a_new_number_draws_the_fragments_again(dati, progetto, anonimo, client_coordinatore, disegni):
    ricalcola(origine="test")
    _visita(client_coordinatore, anonimo)
    factories.TavoloConfrontoFactory(progetto=progetto, stato="svolto")
    ricalcola(origine="test")
    dopo = _visita(client_coordinatore, anonimo)
    assert len(disegni) == 6
    assert [_valore_in_scheda(html, "tavoli_svolti") for html in dopo] == ["4", "3", "4"]


def _cambia_ente_di_un_tavolo_svolto(progetto) -> str:
    from regioni.models import Ente

    tavolo = TavoloConfronto.objects.filter(progetto=progetto, stato="svolto", ente__isnull=False).first()
    Ente.objects.filter(pk=tavolo.ente_id).update(nome="Camera dal nome nuovo")
    return "Camera dal nome nuovo"


def _cambia_fase(progetto) -> str:
    """A later planned end, still in the future: no counter changes (not late), the matrix's title does."""
    import datetime as dt

    from django.utils import timezone

    from programma.models import Fase

    fine = timezone.localdate() + dt.timedelta(days=45)
    Fase.objects.filter(progetto=progetto, numero=3).update(data_fine_prevista=fine)
    return f"fine prevista {fine:%d/%m/%Y}"


@pytest.mark.parametrize("cambia", [_cambia_ente_di_un_tavolo_svolto, _cambia_fase], ids=["ente", "fase"])
def test_what_a_fragment_draws_besides_the_numbers_is_in_its_key(dati, progetto, client_coordinatore, cambia):
    """An ente's name in the activity table, a phase's planned end in the matrix: changed with no counter
    changing, they show after the recount (the digest covers them), and not before (it is a cache)."""
    ricalcola(origine="test")
    client_coordinatore.get("/cruscotto/")
    atteso = cambia(progetto)
    assert atteso not in client_coordinatore.get("/cruscotto/").content.decode()
    ricalcola(origine="test")
    assert atteso in client_coordinatore.get("/cruscotto/").content.decode()
