"""The validation of an import's rows (programma/importazione/validation.py), rule by rule: the errors
of the header, the rows listed and counted, short rows, the progress, the provinces against the
region, and the edition, project and tavolo of each work.

Found by make mutants: each test names the rule a surviving mutant changed without any test failing.
"""

import datetime as dt

import pytest

from programma.importazione.fileformat import COLONNE
from programma.importazione.reading import Tabella, leggi_tabella
from programma.importazione.services import importa_opere
from programma.importazione.validation import Errore, I, RaccoltaErrori, analizza, tronca
from programma.models import Programma
from tests import factories
from tests.importazione.conftest import INTESTAZIONE, csv_bytes, riga

pytestmark = pytest.mark.django_db


def importa(righe: list[list[str]], intestazione: list[str] | None = None):
    return importa_opere(csv_bytes(righe, intestazione=intestazione), nome_file="opere.csv")


def errori(esito) -> list[tuple[int, str, str, str]]:
    return [(e.riga, e.colonna, e.valore, e.motivo) for e in esito.errori]


def test_tronca_cuts_to_the_length_with_an_ellipsis():
    assert tronca("abcd", 4) == "abcd"
    assert tronca("abcde", 4) == "abc…"


def test_a_repeated_column_is_an_error_of_the_header_without_a_row_to_name():
    intestazione = [*INTESTAZIONE, "Codice"]
    esito = importa([[*riga("OP-1"), "OP-1"]], intestazione)
    assert esito.errori == [Errore(1, "Codice", "Codice", "colonna ripetuta: «codice» compare più volte")]


def test_a_blank_header_is_skipped_and_a_column_repeated_many_times_is_one_error():
    esito = importa([[*riga("OP-1"), "x", "OP-1", "OP-1"]], [*INTESTAZIONE, "", "codice", "CODICE"])
    assert errori(esito) == [(1, "codice", "codice", "colonna ripetuta: «codice» compare più volte")]


def test_a_missing_required_column_is_named_without_a_value():
    esito = importa([["OP-1", "Opera"]], ["codice", "titolo"])
    assert esito.errori == [Errore(1, c, "", "colonna obbligatoria mancante") for c in ("modalita", "livello_priorita", "regione")]


@pytest.mark.parametrize("n, altre", [(20, ""), (22, " e altre 2")])
def test_the_warning_names_the_first_twenty_unknown_columns_and_counts_the_others(n, altre):
    sconosciute = [f"Nota {i}" for i in range(n)]
    esito = importa([[*riga("OP-1"), *("x" for _ in sconosciute)]], [*INTESTAZIONE, *sconosciute])
    assert esito.scritto, esito.errori
    elencate = ", ".join(sconosciute[:20]) + altre
    assert esito.analisi.avvisi == [f"Colonne non riconosciute, ignorate: {elencate}. Colonne del formato: {', '.join(COLONNE)}."]


def test_a_header_without_rows_is_an_error_of_the_file():
    esito = importa([])
    assert esito.errori == [Errore(0, "", "", "Il file non contiene righe di dati: solo l'intestazione.")]


def test_a_repeated_codice_names_the_line_of_the_first():
    esito = importa([riga("OP-1"), riga("OP-2"), riga("OP-1")])
    assert errori(esito) == [(4, "codice", "OP-1", "codice ripetuto: compare già alla riga 2")]


def test_the_listed_rows_give_way_to_earlier_ones_and_a_row_given_up_stays_counted():
    raccolta = RaccoltaErrori(numeri=list(range(2, 10)), nomi={"regione": "Regione"}, massimo=2)
    assert not raccolta and 0 not in raccolta
    raccolta(0, "regione", "x", "motivo")
    raccolta(5, "regione", "x", "motivo")
    assert raccolta and 0 in raccolta and 5 in raccolta and 1 not in raccolta
    raccolta(5, "regione", "y", "motivo")  # three errors for two places: row 5 is given up, whole
    assert (sorted(raccolta.elencate), raccolta.altre) == ([0], {5})
    raccolta(5, "regione", "z", "motivo")  # a later error of a row given up: still only counted
    assert (sorted(raccolta.elencate), raccolta.altre) == ([0], {5})
    raccolta(4, "regione", "x", "motivo")  # an earlier row fits in the place row 5 left
    assert (sorted(raccolta.elencate), raccolta.altre) == ([0, 4], {5})
    assert 5 in raccolta and 4 in raccolta and 3 not in raccolta


def test_the_valid_rows_leave_out_the_bad_ones():
    esito = importa([riga("OP-1"), riga("OP-2", regione="Narnia"), riga("OP-3")])
    assert esito.analisi.numeri == [2, 4]
    assert [r.valori[I["codice"]] for r in esito.analisi.righe] == ["OP-1", "OP-3"]


def test_a_row_shorter_than_the_header_has_blank_cells():
    esito = importa([riga("OP-1")[:13], riga("OP-2")])
    assert esito.scritto, esito.errori
    assert [r.valori[I["province"]] for r in esito.analisi.righe][0] == ()


def test_the_progress_goes_from_half_to_all_the_rows_column_by_column():
    chiamate: list[int] = []
    analisi = analizza(leggi_tabella(csv_bytes([riga(f"OP-{i}") for i in range(31)])), progresso=chiamate.append)
    # 15 columns: half the rows (15 of 31), then about one more row a column; whole numbers.
    assert chiamate == list(range(16, 31)) and analisi.formato == "csv"


def _tabella(*blocchi: int) -> Tabella:
    """A table read in blocks of these many rows (0: a block of blank rows only)."""
    righe = iter(riga(f"OP-{i}") for i in range(sum(blocchi)))
    numeri = iter(range(2, sum(blocchi) + 2))
    return Tabella(
        formato="csv",
        intestazioni=INTESTAZIONE,
        blocchi=iter([([next(numeri) for _ in range(n)], [next(righe) for _ in range(n)]) for n in blocchi]),
    )


@pytest.mark.parametrize("blocchi, dopo_i_blocchi", [((0, 5_000, 5_000, 1), 5_000), ((5_000, 5_001), 5_000)])
def test_the_progress_of_reading_is_told_every_ten_thousand_rows(blocchi, dopo_i_blocchi):
    """Half the rows read when a block passes a multiple of 10,000 (once), after a block of blank rows too."""
    chiamate: list[int] = []
    analisi = analizza(_tabella(*blocchi), progresso=chiamate.append)
    assert analisi.valida and analisi.righe_lette == sum(blocchi)
    assert chiamate[0] == dopo_i_blocchi and chiamate[1] > dopo_i_blocchi and chiamate[-1] == sum(blocchi) // 2 * 2


@pytest.mark.parametrize("regione", ["Lombardia", "Sicilia"])
def test_a_cell_with_provinces_of_two_regions_is_wrong_for_either(regione):
    """The same cell against each of its two regions: whichever the one-pass check would pick."""
    esito = importa([riga("OP-1", regione=regione, province="MI|PA")])
    fuori = "PA" if regione == "Lombardia" else "MI"
    assert errori(esito) == [(2, "province", fuori, f"la provincia {fuori} non è nella regione {regione}")]


def test_a_province_of_another_region_is_named_for_every_region():
    esito = importa([riga("OP-1", regione="Piemonte", province="TO|MI")])
    assert errori(esito) == [(2, "province", "MI", "la provincia MI non è nella regione Piemonte")]


@pytest.fixture
def edizioni(progetto, altro_progetto):
    """The active edition (a Lombard and a Sicilian project, a tavolo each) and a closed one (a Lombard
    project with its tavolo and a work)."""
    vecchia = Programma.objects.create(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    progetto_vecchio = factories.ProgettoRegionaleFactory(programma=vecchia, regione=progetto.regione)
    factories.OperaPrioritariaFactory(codice="CHIUSA-1", progetto=progetto_vecchio)
    return {
        "attiva": progetto.programma,
        "vecchia": vecchia,
        "progetto": progetto,
        "siciliano": altro_progetto,
        "vecchio": progetto_vecchio,
        "tavolo": factories.TavoloConfrontoFactory(progetto=progetto),
        "tavolo_siciliano": factories.TavoloConfrontoFactory(progetto=altro_progetto),
        "tavolo_vecchio": factories.TavoloConfrontoFactory(progetto=progetto_vecchio),
    }


def test_each_bad_edition_project_and_tavolo_is_named_with_its_reason(edizioni):
    e = {k: v if isinstance(v, Programma) else str(v.pk) for k, v in edizioni.items()}
    attiva, vecchia = edizioni["attiva"].nome, edizioni["vecchia"].nome
    esito = importa(
        [
            [*riga("A-1"), "", e["siciliano"], ""],
            [*riga("A-2"), vecchia, e["progetto"], ""],
            [*riga("A-3"), vecchia, "", ""],
            [*riga("A-4"), "", "", e["tavolo_siciliano"]],
            [*riga("A-5"), "", "", e["tavolo_vecchio"]],
            [*riga("CHIUSA-1"), "", "", ""],
            [*riga("A-7"), attiva, e["progetto"], e["tavolo"]],
            [*riga("A-8", regione="Narnia"), "", e["siciliano"], e["tavolo_siciliano"]],
        ],
        [*INTESTAZIONE, "edizione", "progetto", "tavolo"],
    )
    assert errori(esito) == [
        (2, "progetto", e["siciliano"], f"il progetto {e['siciliano']} non è della regione dell'opera"),
        (3, "progetto", e["progetto"], f"il progetto {e['progetto']} è dell'edizione «{attiva}», non di quella indicata"),
        (4, "edizione", vecchia, f"l'edizione «{vecchia}» è chiusa: le edizioni passate sono in sola lettura"),
        (5, "tavolo", e["tavolo_siciliano"], f"il tavolo {e['tavolo_siciliano']} non è della regione dell'opera"),
        (6, "tavolo", e["tavolo_vecchio"], f"il tavolo {e['tavolo_vecchio']} è di un'altra edizione del programma"),
        (7, "codice", "CHIUSA-1", f"l'opera appartiene all'edizione chiusa «{vecchia}», in sola lettura"),
        (9, "regione", "Narnia", "regione sconosciuta: indicare il nome o il codice ISTAT (es. Lombardia oppure 03)"),
    ]
    assert esito.analisi.numeri == [8]
    assert [(r.valori[I["programma"]], r.valori[I["progetto"]]) for r in esito.analisi.righe] == [(edizioni["attiva"].pk, edizioni["progetto"].pk)]


def test_without_an_edition_column_the_project_gives_the_edition(edizioni):
    vecchio, progetto = str(edizioni["vecchio"].pk), str(edizioni["progetto"].pk)
    esito = importa([[*riga("B-1"), ""], [*riga("B-2"), vecchio], [*riga("B-3"), progetto]], [*INTESTAZIONE, "progetto"])
    chiusa = edizioni["vecchia"].nome
    assert errori(esito) == [(3, "progetto", chiusa, f"l'edizione «{chiusa}» è chiusa: le edizioni passate sono in sola lettura")]
    attiva = edizioni["attiva"].pk
    assert [(r.valori[I["programma"]], r.valori[I["progetto"]]) for r in esito.analisi.righe] == [(attiva, None), (attiva, edizioni["progetto"].pk)]
