import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from contatori.services import CHIAVE_IN_CODA, CHIAVE_ULTIMO_AVVIO, RITARDO_SECONDI
from contatori.tasks import ricalcola_contatori
from programma.importazione.models import Importazione
from programma.importazione.services import annulla, importa_opere
from programma.models import OperaPrioritaria
from tests import factories
from tests.importazione.conftest import INTESTAZIONE, csv_bytes, riga, xlsx_bytes

pytestmark = pytest.mark.django_db


def importa(dati: bytes, **kwargs):
    return importa_opere(dati, nome_file="opere.csv", **kwargs)


def motivi(esito) -> list[tuple[int, str]]:
    return [(e.riga, e.colonna) for e in esito.errori]


def test_it_imports_a_file_saved_by_italian_excel():
    dati = csv_bytes(
        [
            riga("OP-1", regione="LOMBARDIA", finanziamento_pnrr="SÌ", costo_stimato="1.234,56", data_completamento_prevista="31/12/2027"),
            riga("OP-2", regione="EMILIA ROMAGNA", province="BO MO", modalita="FERROVIARIA", commissario_straordinario="x"),
            riga("OP-3", regione="VALLE D'AOSTA/VALLÉE D'AOSTE", province="AO", modalita="interportuale/logistica"),
            riga("OP-4", regione="TRENTINO-ALTO ADIGE/SÜDTIROL", province="TN/BZ", stato="IN ESECUZIONE", semaforo="ROSSO"),
            riga("OP-5", regione="Friuli Venezia Giulia", province="UD|TS", livello_priorita="3"),
            riga("OP-6", regione="3", province="", costo_stimato="€ 2.000.000,00"),
            riga("OP-7", regione="03", province="", costo_stimato="", data_completamento_prevista="", cup=""),
        ],
        codifica="cp1252",
    )
    esito = importa(dati)
    assert esito.errori == []
    assert esito.scritto and esito.create == 7
    op1 = OperaPrioritaria.objects.get(codice="OP-1")
    assert op1.costo_stimato == Decimal("1234.56")
    assert op1.finanziamento_pnrr is True and op1.commissario_straordinario is False
    assert op1.data_completamento_prevista == dt.date(2027, 12, 31)
    assert op1.modalita == "ferroviaria" and op1.stato == "in_progettazione"
    assert sorted(op1.province.values_list("sigla", flat=True)) == ["BG", "MI"]
    assert OperaPrioritaria.objects.get(codice="OP-2").regione.slug == factories.regione("emilia-romagna").slug
    assert OperaPrioritaria.objects.get(codice="OP-3").modalita == "interportuale"
    op4 = OperaPrioritaria.objects.get(codice="OP-4")
    assert (op4.stato, op4.semaforo, op4.regione.codice_istat) == ("in_esecuzione", "rosso", "04")
    assert sorted(op4.province.values_list("sigla", flat=True)) == ["BZ", "TN"]
    assert OperaPrioritaria.objects.get(codice="OP-5").regione.codice_istat == "06"
    assert OperaPrioritaria.objects.get(codice="OP-6").costo_stimato == Decimal("2000000")
    op7 = OperaPrioritaria.objects.get(codice="OP-7")
    assert (op7.regione.codice_istat, op7.costo_stimato, op7.cup) == ("03", None, "")
    importazione = esito.importazione
    assert (importazione.stato, importazione.righe_create) == (Importazione.Stato.COMPLETATA, 7)


def test_it_reads_utf8_with_bom_and_commas():
    dati = b"\xef\xbb\xbf" + csv_bytes([riga("OP-1", titolo="Città più bella")], delimitatore=",", codifica="utf-8")
    esito = importa(dati)
    assert esito.errori == [] and esito.create == 1
    assert OperaPrioritaria.objects.get().titolo == "Città più bella"


def test_it_reads_xlsx_with_native_cells():
    dati = xlsx_bytes(
        [["OP-1", "", "Opera", None, "Stradale", 2, "Proposta", "Giallo", 1234567.891, True, None, "", "Lombardia", "MI", dt.datetime(2027, 12, 31)]]
    )
    esito = importa(dati)
    assert esito.errori == []
    opera = OperaPrioritaria.objects.get()
    assert opera.costo_stimato == Decimal("1234567.89")
    assert opera.livello_priorita == 2 and opera.finanziamento_pnrr is True
    assert opera.data_completamento_prevista == dt.date(2027, 12, 31)


def test_it_matches_headers_ignoring_case_accents_and_spaces():
    intestazione = ["Codice", "Titolo", "Modalità", "Livello priorità", "REGIONE", "Costo stimato (€)"]
    dati = csv_bytes([["OP-1", "Opera", "Portuale", "2", "Sicilia", "1.000,00"]], intestazione=intestazione)
    esito = importa(dati)
    assert esito.errori == []
    assert OperaPrioritaria.objects.get().costo_stimato == Decimal("1000")


def test_it_warns_about_unknown_columns():
    intestazione = [*INTESTAZIONE, "Note interne"]
    esito = importa(csv_bytes([[*riga("OP-1"), "qualcosa"]], intestazione=intestazione))
    assert esito.scritto
    assert "Note interne" in esito.analisi.avvisi[0]


def test_it_reports_missing_required_columns_before_reading_rows():
    intestazione = ["codice", "titolo", "modalita"]
    esito = importa(csv_bytes([["OP-1", "Opera", "nessuna"]], intestazione=intestazione))
    assert not esito.scritto
    assert motivi(esito) == [(1, "livello_priorita"), (1, "regione")]
    assert all(e.motivo == "colonna obbligatoria mancante" for e in esito.errori)


@pytest.mark.parametrize(
    "dati, frase",
    [
        (b"", "vuoto"),
        (b"   \r\n", "vuoto"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
    ],
)
def test_it_refuses_files_that_are_not_tables(dati, frase):
    esito = importa(dati)
    assert not esito.scritto
    assert esito.errori[0].riga == 0
    assert frase in esito.errori[0].motivo


def test_it_refuses_a_header_without_rows():
    esito = importa(csv_bytes([]))
    assert "solo l'intestazione" in esito.errori[0].motivo


def test_it_refuses_oversized_files(settings):
    settings.IMPORT_MAX_MB = 1
    esito = importa(csv_bytes([riga(f"OP-{i}", descrizione="x" * 1000) for i in range(1100)]))
    assert "troppo grande" in esito.errori[0].motivo
    assert not OperaPrioritaria.objects.exists()


@pytest.mark.parametrize(
    "valori, colonna, frase",
    [
        ({"codice": ""}, "codice", "obbligatorio"),
        ({"codice": "X" * 41}, "codice", "troppo lungo"),
        ({"titolo": ""}, "titolo", "obbligatorio"),
        ({"descrizione": "x" * 5001}, "descrizione", "testo troppo lungo: al massimo 5.000 caratteri (ne ha 5.001)"),
        ({"cup": "ABC"}, "cup", "CUP non valido"),
        ({"modalita": "teletrasporto"}, "modalita", "valori ammessi"),
        ({"livello_priorita": "4"}, "livello_priorita", "valori ammessi"),
        ({"stato": "boh"}, "stato", "valori ammessi"),
        ({"semaforo": "blu"}, "semaforo", "valori ammessi"),
        ({"costo_stimato": "tanti"}, "costo_stimato", "importo non valido"),
        ({"costo_stimato": "-5"}, "costo_stimato", "negativo"),
        ({"finanziamento_pnrr": "forse"}, "finanziamento_pnrr", "sì/no"),
        ({"regione": "Atlantide"}, "regione", "regione sconosciuta"),
        ({"regione": "21"}, "regione", "regione sconosciuta"),
        ({"regione": ""}, "regione", "obbligatorio"),
        ({"province": "MI|ZZ"}, "province", "sconosciuta: ZZ"),
        ({"province": "MI|PA"}, "province", "PA non è nella regione Lombardia"),
        ({"data_completamento_prevista": "31/02/2027"}, "data_completamento_prevista", "inesistente"),
        ({"data_completamento_prevista": "fine 2027"}, "data_completamento_prevista", "data non valida"),
    ],
)
def test_it_reports_each_bad_value(valori, colonna, frase):
    esito = importa(csv_bytes([riga("OP-1"), riga(**{"codice": "OP-2", **valori})]))
    assert not esito.scritto
    assert [(e.riga, e.colonna) for e in esito.errori] == [(3, colonna)]
    assert frase in esito.errori[0].motivo
    assert not OperaPrioritaria.objects.exists()


def test_it_names_both_lines_of_a_repeated_codice():
    esito = importa(csv_bytes([riga("OP-1"), riga("OP-2"), riga("OP-1")]))
    assert motivi(esito) == [(4, "codice")]
    assert "riga 2" in esito.errori[0].motivo


def test_it_writes_nothing_when_one_row_among_many_is_bad():
    righe = [riga(f"OP-{i:05d}") for i in range(2000)]
    righe[1234][8] = "mille euro"
    righe[1789][12] = "Lombardya"
    esito = importa(csv_bytes(righe))
    assert not esito.scritto
    assert sorted({e.riga for e in esito.errori}) == [1236, 1791]
    assert not OperaPrioritaria.objects.exists()
    assert not Importazione.objects.exists()


def test_it_counts_lines_as_excel_does_with_blank_rows_and_multiline_cells():
    righe = [riga("OP-1", descrizione="prima riga\nseconda riga"), [""] * len(INTESTAZIONE), riga("OP-3", regione="Narnia")]
    esito = importa(csv_bytes(righe))
    assert motivi(esito) == [(4, "regione")]


def test_it_updates_by_codice_and_never_duplicates():
    importa(csv_bytes([riga("OP-1"), riga("OP-2")]))
    esito = importa(csv_bytes([riga("OP-1", costo_stimato="9.999,00", province="MI"), riga("OP-2"), riga("OP-3")]))
    assert (esito.create, esito.aggiornate, esito.invariate) == (1, 1, 1)
    assert OperaPrioritaria.objects.count() == 3
    op1 = OperaPrioritaria.objects.get(codice="OP-1")
    assert op1.costo_stimato == Decimal("9999")
    assert list(op1.province.values_list("sigla", flat=True)) == ["MI"]


def test_it_reports_unchanged_rows():
    dati = csv_bytes([riga("OP-1"), riga("OP-2")])
    importa(dati)
    esito = importa(dati, dry_run=True, anteprima=True)
    assert (esito.create, esito.aggiornate, esito.invariate) == (0, 0, 2)
    assert [r["esito"] for r in esito.righe] == ["invariata", "invariata"]


def test_it_leaves_columns_missing_from_the_file_alone():
    importa(csv_bytes([riga("OP-1", costo_stimato="5,00")]))
    intestazione = ["codice", "titolo", "modalita", "livello_priorita", "regione"]
    esito = importa(csv_bytes([["OP-1", "Nuovo titolo", "Stradale", "1", "Lombardia"]], intestazione=intestazione))
    assert esito.aggiornate == 1
    opera = OperaPrioritaria.objects.get()
    assert (opera.titolo, opera.costo_stimato, opera.province.count()) == ("Nuovo titolo", Decimal("5"), 2)


def test_dry_run_writes_nothing():
    esito = importa(csv_bytes([riga("OP-1")]), dry_run=True)
    assert esito.valido and esito.create == 1 and not esito.scritto
    assert not OperaPrioritaria.objects.exists() and not Importazione.objects.exists()


def test_undo_restores_previous_values_and_deletes_created_rows(amministratore):
    importa(csv_bytes([riga("OP-1", costo_stimato="100,00", stato="Proposta")]))
    esito = importa(
        csv_bytes([riga("OP-1", costo_stimato="200,00", stato="Completata", province="CO"), riga("OP-2")]), utente=amministratore
    )
    assert (esito.create, esito.aggiornate) == (1, 1)
    eliminate, ripristinate = annulla(esito.importazione, utente=amministratore)
    assert (eliminate, ripristinate) == (1, 1)
    opera = OperaPrioritaria.objects.get()
    assert (opera.codice, opera.costo_stimato, opera.stato) == ("OP-1", Decimal("100"), "proposta")
    assert sorted(opera.province.values_list("sigla", flat=True)) == ["BG", "MI"]
    esito.importazione.refresh_from_db()
    assert esito.importazione.stato == Importazione.Stato.ANNULLATA
    assert esito.importazione.annullata_da == amministratore


def test_the_created_works_are_kept_as_runs_of_ids_and_undone_whole(amministratore):
    assert Importazione.intervalli([9, 3, 1, 2, 7, 8]) == [[1, 3], [7, 9]]
    importa(csv_bytes([riga("OP-1")]))
    esito = importa(csv_bytes([riga(f"OP-{i}") for i in range(2, 8)]))
    ids = sorted(OperaPrioritaria.objects.exclude(codice="OP-1").values_list("pk", flat=True))
    assert esito.importazione.opere_create == [[ids[0], ids[-1]]] and list(esito.importazione.ids_creati) == ids
    # Works deleted by hand in the middle of a run: the undo deletes the others and says how many.
    OperaPrioritaria.objects.filter(codice__in=["OP-3", "OP-4"]).delete()
    assert annulla(esito.importazione, utente=amministratore) == (4, 0)
    assert list(OperaPrioritaria.objects.values_list("codice", flat=True)) == ["OP-1"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_ids_into_runs():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    prima = [("programma", "0012_indici_carico_opere")]
    executor = MigrationExecutor(connection)
    executor.migrate(prima)
    Vecchia = executor.loader.project_state(prima).apps.get_model("programma", "Importazione")
    con_ids = Vecchia.objects.create(nome_file="a.csv", stato="completata", ids_creati=[5, 3, 4, 10, 12, 11])
    senza = Vecchia.objects.create(nome_file="b.csv", stato="rifiutata")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        connection.close()  # the schema changed under the connection's feet (SQLite caches it)
    assert Importazione.objects.get(pk=con_ids.pk).opere_create == [[3, 5], [10, 12]]
    assert Importazione.objects.get(pk=senza.pk).opere_create == []


def test_undo_is_only_for_the_latest_import():
    prima = importa(csv_bytes([riga("OP-1")])).importazione
    importa(csv_bytes([riga("OP-2")]))
    assert not prima.annullabile
    with pytest.raises(ValueError):
        annulla(prima, utente=None)
    assert OperaPrioritaria.objects.count() == 2


def test_it_queues_one_recount_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Proves the recount is queued once, and only when the import's transaction commits
    (with a worker: in-process mode only marks the data changed)."""
    cache.delete_many([CHIAVE_IN_CODA, CHIAVE_ULTIMO_AVVIO])  # no recount started just now: the plain debounce
    monkeypatch.setattr("contatori.services.in_processo", lambda: False)
    accodati = []
    monkeypatch.setattr(ricalcola_contatori, "apply_async", lambda **kw: accodati.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        importa(csv_bytes([riga(f"OP-{i}") for i in range(50)]))
        assert accodati == []  # written, not committed yet: nothing queued
    assert accodati == [{"kwargs": {"origine": "importazione", "solo_se_modificati": True}, "countdown": RITARDO_SECONDI}]
    cache.delete(CHIAVE_IN_CODA)


def test_it_reads_the_whole_file_in_few_queries(django_assert_max_num_queries):
    dati = csv_bytes([riga(f"OP-{i:04d}") for i in range(1200)])
    # 4 of them read the editions, projects, tavoli and closed editions' works once per file.
    with django_assert_max_num_queries(44):
        esito = importa(dati)
    assert esito.create == 1200


def test_it_keeps_tabs_backslashes_and_newlines_in_text():
    # On PostgreSQL these go through COPY's text format, which must escape them.
    titolo = "Nodo\tdi C:\\Milano"
    descrizione = "prima riga\r\nseconda riga\\n"
    codice = "OP\n1"  # a newline in a codice: classified without the newline-joined lookup
    dati = csv_bytes([riga(codice, titolo=titolo, descrizione=descrizione), riga("OP-2")])
    esito = importa(dati)
    assert esito.create == 2, esito.errori
    opera = OperaPrioritaria.objects.get(codice=codice)
    assert (opera.titolo, opera.descrizione) == (titolo, descrizione)
    assert importa(dati).invariate == 2


@pytest.mark.parametrize("posizione", [0, 1, 2])
def test_a_text_marked_as_text_by_an_apostrophe_is_restored_in_any_row(posizione):
    """A formula-like titolo that an export neutralised with an apostrophe ('=…) comes back as
    written, in the first row, in a middle one and in the last (the check for an apostrophe runs
    over the whole column at once)."""
    righe = [riga(f"OP-{i}", titolo=f"Opera {i} dell'area") for i in range(3)]
    righe[posizione][2] = "'=SOMMA(A1)"
    assert importa(csv_bytes(righe)).valido
    assert OperaPrioritaria.objects.get(codice=f"OP-{posizione}").titolo == "=SOMMA(A1)"
    assert OperaPrioritaria.objects.exclude(codice=f"OP-{posizione}").filter(titolo__startswith="Opera").count() == 2
