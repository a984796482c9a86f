"""The works discussed at a tavolo: searched through the endpoint, never all written into the form.

A region may hold thousands of works (an import): the form writes out the chosen ones only, so its
size and its queries do not grow with the region's works nor with the works chosen.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programma.models import OperaPrioritaria
from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db

NUOVO = reverse("tavoli:nuovo")
LIMITE_HTML = 60 * 1024


def crea_opere(quante: int, regione_slug: str = "lombardia", prefisso: str = "LOM") -> list[OperaPrioritaria]:
    regione = factories.regione(regione_slug)
    OperaPrioritaria.objects.bulk_create(
        OperaPrioritaria(
            codice=f"{prefisso}-{n:05d}",
            titolo=f"Opera {prefisso} numero {n:05d}: variante della strada statale",
            modalita="stradale",
            livello_priorita=1 + n % 3,
            regione=regione,
        )
        for n in range(quante)
    )
    return list(OperaPrioritaria.objects.filter(regione=regione).order_by("codice"))


def opzioni(html: str) -> list[str]:
    select = re.search(r'<select name="opere_discusse".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>", select)


def pagina(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as query:
        risposta = client.get(url)
    assert risposta.status_code == 200
    return risposta.content.decode(), len(query)


def test_five_thousand_works_leave_the_new_tavolo_form_small_and_its_queries_flat(client_operatore, progetto):
    crea_opere(10)
    html_poche, query_poche = pagina(client_operatore, NUOVO)
    crea_opere(4990, prefisso="LMB")
    assert OperaPrioritaria.objects.filter(regione=progetto.regione).count() == 5000
    html, query = pagina(client_operatore, NUOVO)
    assert len(html.encode()) < LIMITE_HTML, len(html.encode())
    assert query == query_poche
    assert opzioni(html) == [] == opzioni(html_poche)
    # The combobox's address, region and Italian texts travel with the select.
    assert f'data-autocomplete-url="{reverse("programma:scelte_opere")}"' in html
    assert f'data-autocomplete-regione="{progetto.regione_id}"' in html
    assert 'data-autocomplete-vuoto="Nessun risultato"' in html and 'data-autocomplete-invito="Scrivi per cercare…"' in html


@pytest.mark.parametrize("scelte", [1, 20])
def test_an_edit_form_writes_out_only_the_chosen_works(client_operatore, progetto, scelte):
    opere = crea_opere(5000)
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    tavolo.opere_discusse.set(opere[:scelte])
    html, _query = pagina(client_operatore, reverse("tavoli:modifica", args=[tavolo.pk]))
    assert len(html.encode()) < LIMITE_HTML
    scritte = opzioni(html)
    assert len(scritte) == scelte and all(" selected" in o for o in scritte)
    assert f">{opere[0].codice} — {opere[0].titolo}</option>" in html


def test_the_edit_form_s_queries_do_not_grow_with_the_chosen_works(client_operatore, progetto):
    opere = crea_opere(5000)
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    conteggi = {}
    for scelte in (1, 20):
        tavolo.opere_discusse.set(opere[:scelte])
        conteggi[scelte] = pagina(client_operatore, url)[1]
    assert conteggi[1] == conteggi[20]


def test_a_work_chosen_by_the_combobox_is_saved(client_operatore, progetto, dati_tavolo):
    opera = crea_opere(3)[1]
    risposta = client_operatore.post(NUOVO, {**dati_tavolo, "opere_discusse": [opera.pk]})
    assert risposta.status_code == 302
    assert list(TavoloConfronto.objects.get().opere_discusse.all()) == [opera]


def test_a_work_of_another_region_is_refused_and_the_choice_kept(client_operatore, progetto, dati_tavolo):
    nostra = crea_opere(1)[0]
    siciliana = crea_opere(1, "sicilia", "SIC")[0]
    risposta = client_operatore.post(NUOVO, {**dati_tavolo, "opere_discusse": [nostra.pk, siciliana.pk]})
    assert risposta.status_code == 200
    assert "opere_discusse" in risposta.context["form"].errors
    assert not TavoloConfronto.objects.exists()
    # The rejected form shows the valid choice again, and never the other region's work.
    html = risposta.content.decode()
    assert [o for o in opzioni(html) if " selected" in o] == [f'<option value="{nostra.pk}" selected>']
    assert "SIC-00000" not in html


def test_garbage_in_the_choice_is_a_form_error_not_a_crash(client_operatore, progetto, dati_tavolo):
    risposta = client_operatore.post(NUOVO, {**dati_tavolo, "opere_discusse": ["abc"]})
    assert risposta.status_code == 200
    assert "opere_discusse" in risposta.context["form"].errors


def test_without_javascript_works_are_added_by_code(client_operatore, progetto, dati_tavolo):
    """The page without the combobox: the chosen works stay in the select, more are added by code."""
    opere = crea_opere(3)
    html = client_operatore.get(NUOVO).content.decode()
    assert re.search(r'<textarea name="codici_opere"[^>]*data-senza-javascript', html)
    dati = {**dati_tavolo, "opere_discusse": [opere[0].pk], "codici_opere": f"{opere[1].codice.lower()}\n\n{opere[0].codice}\n"}
    assert client_operatore.post(NUOVO, dati).status_code == 302
    assert set(TavoloConfronto.objects.get().opere_discusse.all()) == {opere[0], opere[1]}


def test_an_unknown_code_or_another_region_s_is_named(client_operatore, progetto, dati_tavolo):
    crea_opere(1)
    siciliana = crea_opere(1, "sicilia", "SIC")[0]
    risposta = client_operatore.post(NUOVO, {**dati_tavolo, "codici_opere": f"LOM-00000\nLOM-99999\n{siciliana.codice}"})
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["codici_opere"] == [
        "Nessuna opera della regione con questi codici: LOM-99999, SIC-00000."
    ]
    assert not TavoloConfronto.objects.exists()
