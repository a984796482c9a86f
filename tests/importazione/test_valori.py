"""The parsers of the import's cells (programma/importazione/valori.py) and the lookups they read
against (riferimenti.py), each on its own: the import's tests go through the fast paths, which leave
most parsers to the rare bad column, and the column mapping's pages through whole files.

Found by make mutants: each test names the rule a surviving mutant changed without any test failing.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from programma.importazione import valori
from programma.importazione.fileformat import COLONNE, ValoreNonValido, chiave
from programma.importazione.riferimenti import Riferimenti
from programma.importazione.valori import (
    LUNGHEZZE,
    _testi_semplici,
    forse_con_apice,
    leggi_cup,
    lettore_edizione,
    lettore_identificativo,
    lettore_province,
    parser_colonne,
    pulisci,
)
from programma.models import OperaPrioritaria, Programma
from regioni.models import Regione
from tests import factories


def test_pulisci_restores_a_cell_excel_marked_as_text():
    assert pulisci("  '=SOMMA(A1)  ") == "=SOMMA(A1)"
    assert pulisci("'PNRR") == "'PNRR"  # only a quote before a formula's first character is Excel's
    assert pulisci(" Lombardia ") == "Lombardia"


def test_forse_con_apice_is_false_without_texts_or_apostrophes():
    assert forse_con_apice([]) is False
    assert forse_con_apice(["a", "b"]) is False
    assert forse_con_apice(["'a"]) and forse_con_apice(["a", "'b"])


def test_the_fast_path_of_free_texts_leaves_a_blank_required_or_too_long_cell_to_the_parser():
    codice, descrizione = _testi_semplici("codice"), _testi_semplici("descrizione")
    massimo = LUNGHEZZE["codice"]
    assert codice(["A", "x" * massimo]) == ["A", "x" * massimo]
    assert codice(["A", "x" * (massimo + 1)]) is None
    assert codice(["A", ""]) is None
    assert descrizione(["", "testo"]) == ["", "testo"]  # optional: a blank cell is its value
    assert codice([]) == []


def test_a_free_text_is_required_if_its_column_is_and_up_to_the_models_length():
    # Through the module: a name starting with "test" imported here would be collected as a test.
    codice, fonte = valori.testo_limitato("codice"), valori.testo_limitato("fonte_finanziamento")
    massimo = LUNGHEZZE["codice"]
    assert codice("x" * massimo) == "x" * massimo
    with pytest.raises(ValoreNonValido, match=f"^testo troppo lungo: al massimo {massimo} caratteri \\(ne ha {massimo + 1}\\)$"):
        codice("x" * (massimo + 1))
    with pytest.raises(ValoreNonValido, match="^valore obbligatorio mancante$"):
        codice("")
    assert fonte("") == ""


def test_a_cup_is_read_without_spaces_in_capitals():
    assert leggi_cup("j51b 2100 0050 001") == "J51B21000050001"
    assert leggi_cup("") == ""
    with pytest.raises(ValoreNonValido, match=r"^CUP non valido: 15 caratteri, una lettera, due cifre, una lettera e undici cifre \(es\. J51B21000050001\)$"):
        leggi_cup("J51B2100005000")


def _rif(**attributi):
    return SimpleNamespace(**attributi)


def test_an_edition_is_read_by_name_or_number_and_blank_is_the_active_one():
    leggi = lettore_edizione(_rif(edizione_attiva=7, edizioni={"edizione2025": 7, "7": 7, "3": 3}, nomi_edizioni={7: "Edizione 2025", 3: "Vecchia"}))
    assert leggi("") == 7
    assert leggi("3") == 3
    assert leggi("EDIZIONE 2025") == 7
    with pytest.raises(ValoreNonValido) as errore:
        leggi("12")
    assert str(errore.value) == "edizione sconosciuta: indicare il nome o il numero dell'edizione (edizioni: Edizione 2025, Vecchia)"


def test_an_identifier_is_a_number_among_the_rows_or_blank():
    leggi = lettore_identificativo({4: (1, 1)}, "sconosciuto")
    assert leggi("") is None
    assert leggi("4") == 4
    for testo in ("5", "4a", "x"):
        with pytest.raises(ValoreNonValido, match="^sconosciuto$"):
            leggi(testo)


def test_provinces_skip_the_separators_at_either_end():
    leggi = lettore_province(_rif(province={"MI": (1, 3), "BG": (2, 3)}))
    assert leggi("|mi, BG;") == (("MI", (1, 3)), ("BG", (2, 3)))
    with pytest.raises(ValoreNonValido, match="^sigla di provincia sconosciuta: XX$"):
        leggi("MI XX")


@pytest.mark.django_db
def test_every_column_has_its_parser_and_the_identifiers_say_which_row_is_unknown(progetto):
    parser = parser_colonne(Riferimenti())
    assert set(parser) == set(COLONNE)
    assert parser["programma"]("") == progetto.programma_id
    assert parser["progetto"](str(progetto.pk)) == progetto.pk
    with pytest.raises(ValoreNonValido, match="^progetto sconosciuto: indicare il numero del progetto regionale$"):
        parser["progetto"](str(progetto.pk + 1))
    with pytest.raises(ValoreNonValido, match="^tavolo sconosciuto: indicare il numero del tavolo di confronto$"):
        parser["tavolo"]("1")


@pytest.mark.django_db
def test_the_choices_blank_is_refused_where_required_and_the_default_where_optional():
    parser = Riferimenti().parser
    for colonna in ("modalita", "livello_priorita"):
        with pytest.raises(ValoreNonValido, match="^valore obbligatorio mancante$"):
            parser[colonna]("")
    assert parser["stato"]("") == "proposta"
    assert parser["semaforo"]("") == "verde"
    with pytest.raises(ValoreNonValido, match="^valore obbligatorio mancante$"):
        parser["regione"]("")


@pytest.mark.django_db
def test_a_region_is_read_by_name_part_alias_slug_or_istat_code_and_nothing_else():
    # Each part of a bilingual name reads even without the aliases that repeat it.
    Regione.objects.filter(codice_istat="02").update(alias=[])
    rif = Riferimenti()
    lombardia = rif.regione("Lombardia")
    assert rif.regione("lombardy") == rif.regione("03") == rif.regione("3") == lombardia
    # The slug too, as the targets' grid reads it (one lookup, fileformat.chiavi_regioni).
    assert rif.regione("emilia-romagna") == rif.regione("Emilia Romagna") == Regione.objects.get(codice_istat="08").pk
    assert rif.regione("Vallée d'Aoste") == rif.regione("valle d'aosta") == rif.regione("02")
    for testo in ("Giulia", "Valle", "99"):
        with pytest.raises(ValoreNonValido) as errore:
            rif.regione(testo)
        assert str(errore.value) == "regione sconosciuta: indicare il nome o il codice ISTAT (es. Lombardia oppure 03)"


@pytest.mark.django_db
def test_the_mapping_reads_a_cell_and_lists_the_values_a_column_may_say():
    rif = Riferimenti()
    assert rif.leggi("modalita", "  Ferroviaria ") == "ferroviaria"
    assert rif.leggi("modalita", "logistica") == "interportuale"
    assert rif.opzioni("modalita")[:2] == ["Stradale", "Ferroviaria"] and "Interportuale/logistica" in rif.opzioni("modalita")
    assert rif.opzioni("stato")[0] == "Proposta"
    assert rif.opzioni("semaforo") == ["Verde", "Giallo", "Rosso"]
    assert rif.opzioni("livello_priorita") == ["1", "2", "3"]
    regioni = rif.opzioni("regione")
    assert (len(regioni), regioni[0], regioni[-1]) == (20, "Piemonte", "Sardegna")
    assert rif.opzioni("finanziamento_pnrr") == rif.opzioni("commissario_straordinario") == ["sì", "no"]


@pytest.mark.django_db
def test_the_lookups_of_editions_projects_tavoli_and_closed_works(progetto, altro_progetto):
    attiva = progetto.programma
    vecchia = Programma.objects.create(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31))
    progetto_vecchio = factories.ProgettoRegionaleFactory(programma=vecchia, regione=progetto.regione)
    tavolo = factories.TavoloConfrontoFactory(progetto=altro_progetto)
    # A work's project gives its edition, whatever its own field says.
    vecchia_1 = factories.OperaPrioritariaFactory(codice="VECCHIA-1", progetto=progetto_vecchio)
    OperaPrioritaria.objects.filter(pk=vecchia_1.pk).update(programma=attiva)
    factories.OperaPrioritariaFactory(codice="VECCHIA-2", programma=vecchia)
    factories.OperaPrioritariaFactory(codice="ATTIVA-1", progetto=progetto)
    OperaPrioritaria.objects.filter(pk=factories.OperaPrioritariaFactory(codice="SENZA-1").pk).update(programma=None)
    rif = Riferimenti()
    assert rif.edizione_attiva == attiva.pk
    assert rif.edizioni == {chiave(attiva.nome): attiva.pk, str(attiva.pk): attiva.pk, "edizione20232024": vecchia.pk, str(vecchia.pk): vecchia.pk}
    assert rif.nomi_edizioni == {attiva.pk: attiva.nome, vecchia.pk: "Edizione 2023-2024"}
    assert rif.progetti == {
        progetto.pk: (progetto.regione_id, attiva.pk),
        altro_progetto.pk: (altro_progetto.regione_id, attiva.pk),
        progetto_vecchio.pk: (progetto.regione_id, vecchia.pk),
    }
    assert rif.tavoli == {tavolo.pk: (altro_progetto.regione_id, attiva.pk)}
    assert rif.opere_chiuse == {"VECCHIA-1": vecchia.pk, "VECCHIA-2": vecchia.pk}
    assert (rif.predefinito("programma"), rif.predefinito("stato"), rif.predefinito("tavolo")) == (attiva.pk, "proposta", None)


@pytest.mark.django_db
def test_without_an_active_edition_no_work_is_closed():
    factories.OperaPrioritariaFactory(codice="SENZA-1")
    rif = Riferimenti()
    assert (rif.edizione_attiva, rif.opere_chiuse, rif.predefinito("programma")) == (None, {}, None)
