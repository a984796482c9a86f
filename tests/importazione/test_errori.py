"""Errors of a rejected file: the first ones listed (as rows of their own), the rest counted;
pages load only what they show, the report streams."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programma.importazione.models import ErroreImportazione, Importazione
from programma.importazione.services import esegui, importa_opere
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db


def righe_errate(n: int, valide: int = 0) -> bytes:
    """`valide` good rows, then `n` rows with two errors each (region and amount)."""
    righe = [riga(f"OP-{i}") for i in range(valide)]
    righe += [riga(f"ERR-{i}", regione="Narnia", costo_stimato="tanto") for i in range(n)]
    return csv_bytes(righe)


@pytest.fixture
def rifiutata(settings, amministratore):
    """An admin import of 30 bad rows with at most 10 errors listed."""
    settings.IMPORT_MAX_ERRORS = 10
    importazione = Importazione.objects.create(nome_file="errori.csv", utente=amministratore)
    importazione.file.save("errori.csv", ContentFile(righe_errate(30, valide=3)))
    esegui(importazione)
    importazione.refresh_from_db()
    return importazione


def test_it_lists_the_first_errors_and_counts_the_other_bad_rows(settings):
    settings.IMPORT_MAX_ERRORS = 10
    esito = importa_opere(righe_errate(30, valide=3), nome_file="errori.csv")
    # Whole rows only: the first five bad rows (lines 5 to 9), both their errors.
    assert [(e.riga, e.colonna) for e in esito.errori] == [(r, c) for r in range(5, 10) for c in ("costo_stimato", "regione")]
    assert esito.analisi.righe_non_elencate == 25
    assert esito.righe_errate == 30 and not esito.valido and not esito.scritto
    assert not OperaPrioritaria.objects.exists()


def test_it_keeps_lines_and_columns_when_errors_come_column_by_column(settings):
    """Validation goes column by column: a later column's error on an early row still gets listed."""
    settings.IMPORT_MAX_ERRORS = 3
    righe = [riga(f"OP-{i}", regione="Narnia") for i in range(5)]
    righe[0][8] = "tanto"  # costo_stimato, checked before regione
    esito = importa_opere(csv_bytes(righe), nome_file="x.csv")
    assert [(e.riga, e.colonna) for e in esito.errori] == [(2, "costo_stimato"), (2, "regione"), (3, "regione")]
    assert esito.analisi.righe_non_elencate == 3


def test_it_cuts_long_values_in_errors():
    esito = importa_opere(csv_bytes([riga("OP-1", regione="N" * 100_000)]), nome_file="x.csv")
    assert len(esito.errori[0].valore) == 200


def test_the_history_row_stores_the_listed_errors_as_rows(rifiutata):
    assert rifiutata.stato == Importazione.Stato.RIFIUTATA
    assert (rifiutata.righe_errate, rifiutata.righe_non_elencate) == (30, 25)
    assert ErroreImportazione.objects.filter(importazione=rifiutata).count() == 10
    assert rifiutata.nota_errori == "…e altre 25 righe con errori, non elencate."


def test_the_result_page_says_how_many_more_rows_are_bad(client_admin, rifiutata):
    pagina = client_admin.get(reverse("importazione:dettaglio", args=[rifiutata.pk])).content.decode()
    assert "Il file contiene errori in 30 righe" in pagina
    assert "…e altre 25 righe con errori, non elencate." in pagina
    assert pagina.count("Narnia") == 5


def test_the_preview_shows_the_errors_and_the_count(client_admin, rifiutata):
    url = reverse("importazione:anteprima", args=[rifiutata.pk])
    pagina = client_admin.get(url).content.decode()
    # Each listed bad row: once in the table of errors, once among its values as read.
    assert pagina.count("Narnia") == 10 and "…e altre 25 righe con errori" in pagina


def test_the_error_report_streams_and_ends_with_the_count(client_admin, rifiutata):
    risposta = client_admin.get(reverse("importazione:errori_csv", args=[rifiutata.pk]))
    assert isinstance(risposta, StreamingHttpResponse)
    linee = b"".join(risposta.streaming_content).decode("utf-8-sig").strip().split("\r\n")
    assert len(linee) == 1 + 10 + 1
    assert linee[1].startswith("5;")
    assert linee[-1] == ";;;;;…e altre 25 righe con errori, non elencate."


# --- each error names its row's codice and titolo, to find the row in the file (#13) ----------------


def test_each_error_carries_the_codice_and_titolo_of_its_row(settings):
    settings.IMPORT_MAX_ERRORS = 4
    esito = importa_opere(righe_errate(5, valide=2), nome_file="errori.csv")
    assert [(e.riga, e.codice, e.titolo) for e in esito.errori] == [
        (4, "ERR-0", "Opera ERR-0"), (4, "ERR-0", "Opera ERR-0"), (5, "ERR-1", "Opera ERR-1"), (5, "ERR-1", "Opera ERR-1"),
    ]  # fmt: skip


def test_an_error_names_the_row_as_written_even_when_its_codice_is_the_error():
    righe = [riga("OP-1"), riga(" OP-1 ", titolo="  Doppione  ")]
    assert [(e.colonna, e.codice, e.titolo) for e in importa_opere(csv_bytes(righe), nome_file="x.csv").errori] == [
        ("codice", "OP-1", "Doppione")
    ]


def test_the_result_page_and_the_preview_show_codice_and_titolo_of_the_bad_rows(client_admin, rifiutata):
    assert ErroreImportazione.objects.filter(importazione=rifiutata, codice="ERR-0", titolo="Opera ERR-0").count() == 2
    for url in (
        reverse("importazione:dettaglio", args=[rifiutata.pk]),
        reverse("importazione:anteprima", args=[rifiutata.pk]),
    ):
        pagina = client_admin.get(url).content.decode()
        assert "<th>Codice</th><th>Titolo</th><th>Colonna</th>" in pagina, url
        assert "<td>5</td><td>ERR-0</td><td>Opera ERR-0</td><td>costo_stimato</td>" in pagina, url


def test_the_preview_rows_of_bad_rows_show_their_codice_and_titolo(client_admin, rifiutata):
    anteprima = {r["riga"]: r for r in Importazione.objects.get(pk=rifiutata.pk).anteprima}
    assert (anteprima[5]["codice"], anteprima[5]["titolo"], anteprima[5]["esito"]) == ("ERR-0", "Opera ERR-0", "errata")


def test_the_error_report_has_codice_and_titolo(client_admin, rifiutata):
    risposta = client_admin.get(reverse("importazione:errori_csv", args=[rifiutata.pk]))
    linee = b"".join(risposta.streaming_content).decode("utf-8-sig").strip().split("\r\n")
    assert linee[0] == "riga;codice;titolo;colonna;valore;motivo"
    assert linee[1].startswith("5;ERR-0;Opera ERR-0;costo_stimato;tanto;")


def test_list_pages_do_not_load_the_big_columns(client_admin, rifiutata):
    for url in (
        reverse("importazione:storico"),
        reverse("importazione:nuova"),
        reverse("admin:programma_importazione_changelist"),
    ):
        with CaptureQueriesContext(connection) as query:
            assert client_admin.get(url).status_code == 200
        letture = [q["sql"] for q in query.captured_queries if 'FROM "programma_importazione"' in q["sql"] and q["sql"].startswith("SELECT")]
        assert letture, url
        for sql in letture:
            assert '"anteprima"' not in sql and '"opere_create"' not in sql, (url, sql)
        assert not any("programma_erroreimportazione" in q["sql"] for q in query.captured_queries), url


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_stored_errors_into_rows(settings):
    from django.db.migrations.executor import MigrationExecutor

    settings.IMPORT_MAX_ERRORS = 3
    prima = [("programma", "0006_allegati_sospesi")]
    executor = MigrationExecutor(connection)
    executor.migrate(prima)
    Vecchia = executor.loader.project_state(prima).apps.get_model("programma", "Importazione")
    errori = [{"riga": r, "colonna": "regione", "valore": "N" * 300, "motivo": "regione sconosciuta"} for r in (2, 2, 3, 4, 5)]
    molti = Vecchia.objects.create(nome_file="a.csv", stato="rifiutata", righe_errate=4, errori=errori)
    vuoto = {"riga": 0, "colonna": "", "valore": "", "motivo": "Il file è vuoto."}
    file_intero = Vecchia.objects.create(nome_file="b.csv", stato="rifiutata", righe_errate=1, errori=[vuoto])
    nessuno = Vecchia.objects.create(nome_file="c.csv", stato="completata")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        connection.close()  # the schema changed under the connection's feet (SQLite caches it)
    assert [(e.riga, len(e.valore), e.motivo) for e in ErroreImportazione.objects.filter(importazione_id=molti.pk)] == [
        (2, 200, "regione sconosciuta"),
        (2, 200, "regione sconosciuta"),
        (3, 200, "regione sconosciuta"),
    ]
    assert Importazione.objects.get(pk=molti.pk).righe_non_elencate == 2
    assert [(e.riga, e.motivo) for e in ErroreImportazione.objects.filter(importazione_id=file_intero.pk)] == [(0, "Il file è vuoto.")]
    assert Importazione.objects.get(pk=file_intero.pk).righe_non_elencate == 0
    assert not ErroreImportazione.objects.filter(importazione_id=nessuno.pk).exists()
