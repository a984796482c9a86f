"""The autocomplete endpoints (programma.activities.autocomplete): scoped, searched, paged, in Italian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programma.activities.autocomplete import PER_PAGINA, condizione_ricerca
from programma.models import OperaPrioritaria
from regioni.models import Ente
from tests import factories

pytestmark = pytest.mark.django_db

OPERE = reverse("programma:scelte_opere")
ENTI = reverse("programma:scelte_enti")
PROVINCE = reverse("programma:scelte_province")


@pytest.fixture
def opere(db):
    lombardia, sicilia = factories.regione("lombardia"), factories.regione("sicilia")
    return {
        "nodo": factories.OperaPrioritariaFactory(codice="LOM-NODO", titolo="Nodo ferroviario di Milano", livello_priorita=2),
        "pedemontana": factories.OperaPrioritariaFactory(
            codice="LOM-PEDE", titolo="Autostrada Pedemontana", livello_priorita=1, semaforo="rosso", regione=lombardia
        ),
        "porto": factories.OperaPrioritariaFactory(codice="SIC-PORTO", titolo="Porto di Palermo", regione=sicilia),
    }


def test_the_works_of_the_operatore_s_region_by_priority_with_code_and_urgency(client_operatore, opere):
    corpo = client_operatore.get(OPERE).json()
    assert corpo == {
        "risultati": [
            {
                "value": str(opere["pedemontana"].pk),
                "text": "LOM-PEDE — Autostrada Pedemontana",
                "dettaglio": "Priorità 1 — alta · semaforo rosso · in progettazione",
            },
            {
                "value": str(opere["nodo"].pk),
                "text": "LOM-NODO — Nodo ferroviario di Milano",
                "dettaglio": "Priorità 2 — media · semaforo verde · in progettazione",
            },
        ],
        "altre": False,
    }


def test_every_word_is_searched_in_title_or_code_in_any_case(client_operatore, opere):
    def trovate(testo):
        return [r["text"] for r in client_operatore.get(OPERE, {"q": testo}).json()["risultati"]]

    assert trovate("ferroviario") == ["LOM-NODO — Nodo ferroviario di Milano"]
    assert trovate("  MILANO   nodo ") == ["LOM-NODO — Nodo ferroviario di Milano"]
    assert trovate("lom-pede") == ["LOM-PEDE — Autostrada Pedemontana"]
    assert trovate("milano pedemontana") == []
    assert trovate("Palermo") == []  # Sicilia's work: not in the Operatore's scope


def test_a_national_role_sees_every_region_or_the_one_asked(client_coordinatore, opere):
    tutte = {r["text"] for r in client_coordinatore.get(OPERE).json()["risultati"]}
    assert "SIC-PORTO — Porto di Palermo" in tutte and "LOM-NODO — Nodo ferroviario di Milano" in tutte
    sicilia = client_coordinatore.get(OPERE, {"regione": factories.regione("sicilia").pk}).json()["risultati"]
    assert [r["text"] for r in sicilia] == ["SIC-PORTO — Porto di Palermo"]


def test_an_operatore_asking_for_another_region_gets_nothing(client_operatore, opere):
    assert client_operatore.get(OPERE, {"regione": factories.regione("sicilia").pk}).json()["risultati"] == []
    lombardia = client_operatore.get(OPERE, {"regione": factories.regione("lombardia").pk}).json()["risultati"]
    assert len(lombardia) == 2


def test_pages_of_twenty(client_operatore, django_assert_max_num_queries):
    OperaPrioritaria.objects.bulk_create(
        OperaPrioritaria(codice=f"P-{n:03d}", titolo=f"Opera {n:03d}", modalita="stradale", livello_priorita=1,
                         regione=factories.regione("lombardia"))
        for n in range(45)
    )  # fmt: skip
    pagine = []
    for numero in (1, 2, 3):
        with django_assert_max_num_queries(5):  # session, user, the scope (role, ente), one for the page
            pagine.append(client_operatore.get(OPERE, {"page": numero}).json())
    assert [len(p["risultati"]) for p in pagine] == [PER_PAGINA, PER_PAGINA, 5]
    assert [p["altre"] for p in pagine] == [True, True, False]
    valori = [r["value"] for p in pagine for r in p["risultati"]]
    assert len(set(valori)) == 45
    assert client_operatore.get(OPERE, {"page": 9}).json() == {"risultati": [], "altre": False}


@pytest.mark.parametrize(
    ("parametri", "messaggio"),
    [
        ({"page": "due"}, "Il parametro «page» deve essere un numero da 1 a 100.000."),
        ({"page": "0"}, "Il parametro «page» deve essere un numero da 1 a 100.000."),
        ({"regione": "Lombardia"}, "Il parametro «regione» deve essere il numero di una regione."),
    ],
)
def test_a_bad_parameter_is_a_400_in_italian(client_operatore, parametri, messaggio):
    risposta = client_operatore.get(OPERE, parametri)
    assert risposta.status_code == 400
    assert risposta.json() == {"errore": messaggio}


def test_a_long_search_is_cut_not_refused(client_operatore, opere):
    risposta = client_operatore.get(OPERE, {"q": "nodo " + "x" * 5000})
    assert risposta.status_code == 200 and risposta.json()["risultati"] == []


def test_search_words_are_capped():
    assert str(condizione_ricerca(("titolo",), "a b c d e f g h")).count("titolo__icontains") == 6


def test_enti_and_provinces_of_the_operatore_s_region(client_operatore):
    enti = client_operatore.get(ENTI, {"q": "camera"}).json()["risultati"]
    assert enti and all(r["text"].endswith("— Lombardia") for r in enti)
    assert {r["dettaglio"] for r in enti} == {"Camera di commercio"}
    assert {int(r["value"]) for r in enti} <= set(Ente.objects.filter(regione__slug="lombardia").values_list("pk", flat=True))
    province = client_operatore.get(PROVINCE, {"q": "mi"}).json()["risultati"]
    assert province[0]["text"] == "Milano (MI)"  # the name that starts with the text first
    assert client_operatore.get(PROVINCE, {"q": "Palermo"}).json()["risultati"] == []


def test_a_user_without_a_role_gets_nothing(client, db):
    client.force_login(factories.UserFactory(username="senza-ruolo"))
    assert client.get(PROVINCE).json() == {"risultati": [], "altre": False}


def test_the_lists_search_words_as_the_choices_do(client_operatore, opere):
    """One search (condizione_ricerca) for lists and choices: words in any order, each in a field."""
    lista = client_operatore.get(reverse("programma:opere"), {"q": "milano NODO"}).context["object_list"]
    assert list(lista) == [opere["nodo"]]


def test_short_lists_are_written_out_in_full_and_searched_too(client_operatore, client, coordinatore, progetto):
    """A work's provinces and a project's enti: every option in the page (it works without
    JavaScript), and the combobox's endpoint; a new project's enti follow the region chosen on it."""
    import re

    html = client_operatore.get(reverse("programma:opera_nuova")).content.decode()
    province = re.search(r'<select name="province".*?</select>', html, re.S).group(0)
    assert f'data-autocomplete-url="{PROVINCE}"' in province
    assert province.count("<option") == 12 and "Milano (MI)" in province
    assert "Ctrl" not in html
    client.force_login(coordinatore)
    html = client.get(reverse("programma:progetto_nuovo")).content.decode()
    enti = re.search(r'<select name="enti_partecipanti".*?</select>', html, re.S).group(0)
    assert f'data-autocomplete-url="{ENTI}"' in enti and 'data-autocomplete-regione-da="id_regione"' in enti
    assert enti.count("<option") == Ente.objects.count()
    html = client.get(reverse("programma:progetto_modifica", args=[progetto.pk])).content.decode()
    assert f'data-autocomplete-regione="{progetto.regione_id}"' in html


def test_the_tavoli_of_the_region_most_recent_first_with_date_and_state(client_operatore, progetto, altro_progetto):
    import datetime as dt

    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo sulla logistica", data=dt.date(2026, 3, 2), stato="svolto")
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo sul porto secco", data=dt.date(2026, 5, 9), stato="pianificato")
    factories.TavoloConfrontoFactory(progetto=altro_progetto, titolo="Tavolo sulla logistica siciliana")
    url = reverse("programma:scelte_tavoli")
    risultati = client_operatore.get(url).json()["risultati"]
    assert [(r["text"], r["dettaglio"]) for r in risultati] == [
        ("Tavolo sul porto secco", "09/05/2026 · pianificato"),
        ("Tavolo sulla logistica", "02/03/2026 · svolto"),
    ]
    assert [r["text"] for r in client_operatore.get(url, {"q": "logistica"}).json()["risultati"]] == ["Tavolo sulla logistica"]


def test_the_work_form_writes_out_only_the_chosen_tavolo(client_operatore, progetto):
    """A region may hold a thousand tavoli: the works form searches them (programma:scelte_tavoli)."""
    from tavoli.models import TavoloConfronto

    TavoloConfronto.objects.bulk_create(
        TavoloConfronto(progetto=progetto, titolo=f"Tavolo numero {n}", data="2026-01-15") for n in range(300)
    )
    scelto = TavoloConfronto.objects.filter(progetto=progetto).first()
    opera = factories.OperaPrioritariaFactory(progetto=progetto, regione=progetto.regione, tavolo=scelto)
    pagina = client_operatore.get(reverse("programma:opera_modifica", args=[opera.pk])).content.decode()
    assert pagina.count("Tavolo numero") == 1 and f'value="{scelto.pk}" selected' in pagina
    assert f'data-autocomplete-url="{reverse("programma:scelte_tavoli")}"' in pagina
    nuova = client_operatore.get(reverse("programma:opera_nuova")).content.decode()
    assert "Tavolo numero" not in nuova
