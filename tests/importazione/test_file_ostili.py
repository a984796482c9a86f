"""Hostile import files: each is refused with a clear Italian message, quickly, and writes nothing.

The files are built here, small: the limits they trip are lowered with `settings` where a real
attack would need a big file.
"""

import io
import re
import zipfile

import openpyxl.xml
import pytest

from programma.importazione import reading
from programma.importazione.models import Importazione
from programma.importazione.services import esegui, importa_opere
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga, xlsx_bytes

pytestmark = pytest.mark.django_db

FOGLIO = "xl/worksheets/sheet1.xml"
STRINGHE = "xl/sharedStrings.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TIPO_STRINGHE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
RISATE = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def motivo(esito) -> str:
    assert not esito.scritto and len(esito.errori) == 1, esito.errori[:3]
    return esito.errori[0].motivo


def importa(dati: bytes, **kwargs):
    return importa_opere(dati, nome_file="ostile.xlsx", **kwargs)


def xlsx_modificato(parti: dict[str, bytes], *, righe=None) -> bytes:
    """A real XLSX (openpyxl's) with some members replaced or added; shared strings get their content type."""
    sorgente = zipfile.ZipFile(io.BytesIO(xlsx_bytes(righe if righe is not None else [riga("OP-1")])))
    nomi = sorgente.namelist()
    uscita = io.BytesIO()
    with zipfile.ZipFile(uscita, "w", zipfile.ZIP_DEFLATED) as archivio:
        for nome in nomi:
            dati = parti.get(nome, sorgente.read(nome))
            if nome == "[Content_Types].xml" and STRINGHE in parti:
                dati = dati.replace(b"</Types>", TIPO_STRINGHE.encode() + b"</Types>")
            archivio.writestr(nome, dati)
        for nome, dati in parti.items():
            if nome not in nomi:
                archivio.writestr(nome, dati)
    return uscita.getvalue()


def stringhe_condivise(testi) -> bytes:
    return (f'<sst xmlns="{NS}">' + "".join(f"<si><t>{t}</t></si>" for t in testi) + "</sst>").encode()


def foglio(**sostituzioni: str) -> str:
    """The sheet openpyxl wrote for a header and one row, as text to edit."""
    testo = zipfile.ZipFile(io.BytesIO(xlsx_bytes([riga("OP-1")]))).read(FOGLIO).decode()
    for vecchio, nuovo in sostituzioni.items():
        testo = re.sub(vecchio, nuovo, testo, count=1)
    return testo


# --- archives that unpack to far more than they weigh ----------------------------------------


def test_it_refuses_a_zip_bomb_before_parsing_it(monkeypatch):
    aperto = []
    monkeypatch.setattr(reading, "_apri_libro", lambda *a: aperto.append(a))
    bomba = xlsx_modificato({STRINGHE: stringhe_condivise(["a"] * 400_000)})  # ~7 MB unpacked, a few KB packed
    assert len(bomba) < 100_000
    assert "si decomprime oltre 100 volte" in motivo(importa(bomba))
    assert aperto == []  # openpyxl never saw it


def test_it_refuses_an_archive_that_unpacks_beyond_the_limit(settings):
    settings.IMPORT_MAX_UNZIPPED_MB = 1
    # Random hex compresses about 2:1, so only the total size can trip.
    import secrets

    grande = xlsx_modificato({STRINGHE: stringhe_condivise(secrets.token_hex(32) for _ in range(20_000))})
    assert "decompresso, supera 1 MB" in motivo(importa(grande))


def test_it_refuses_a_big_part_that_is_neither_a_sheet_nor_its_strings(settings):
    """Styles, workbook and theme are parsed or kept whole: they may not take a big share of the limit."""
    import secrets

    settings.IMPORT_MAX_UNZIPPED_MB = 20  # other parts: at most 1 MB
    stili = zipfile.ZipFile(io.BytesIO(xlsx_bytes([riga("OP-1")]))).read("xl/styles.xml")
    stili = stili.replace(b"</styleSheet>", f"<!-- {secrets.token_hex(600_000)} --></styleSheet>".encode())
    dati = xlsx_modificato({"xl/styles.xml": stili})
    assert motivo(importa(dati)) == "Il file Excel non è leggibile: la sua parte «xl/styles.xml» è troppo grande (1.1 MB)."
    settings.IMPORT_MAX_UNZIPPED_MB = 40
    assert importa(dati).create == 1


def test_it_caps_the_shared_strings_while_reading_them(settings):
    settings.IMPORT_MAX_CELLS = 100
    dati = xlsx_modificato({STRINGHE: stringhe_condivise(f"testo {i}" for i in range(150))})
    assert "più di 100 testi diversi" in motivo(importa(dati))


# --- malformed XML -----------------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.parametrize(
    "parti",
    [
        pytest.param(
            {STRINGHE: f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst xmlns="{NS}"><si><t>&xxe;</t></si></sst>'.encode()},
            id="xxe-shared-strings",
        ),
        pytest.param(
            {FOGLIO: foglio(**{"^": '<?xml version="1.0"?>' + RISATE,
                r'<c r="A2" t="inlineStr"><is><t>OP-1</t>': '<c r="A2" t="inlineStr"><is><t>&lol9;</t>'}).encode()},
            id="billion-laughs-sheet",
        ),
        pytest.param(
            {FOGLIO: foglio(**{"^": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                r'<c r="A2" t="inlineStr"><is><t>OP-1</t>': '<c r="A2" t="inlineStr"><is><t>&xxe;</t>'}).encode()},
            id="xxe-sheet",
        ),
        pytest.param({FOGLIO: foglio(**{"(?s)</sheetData>.*": ""}).encode()}, id="sheet-cut-after-the-rows-started"),
    ],
)
def test_malformed_xml_reads_as_an_unreadable_file(parti):
    """Broken XML anywhere, also in a row parsed after the header, is 'non leggibile', never an unexpected error."""
    esito = importa(xlsx_modificato(parti))
    assert motivo(esito) == "Il file Excel è danneggiato o non leggibile."
    assert "root:" not in str(esito.analisi)


def test_a_broken_sheet_ends_the_admin_import_rejected_not_failed(amministratore):
    dati = xlsx_modificato({FOGLIO: foglio(**{"(?s)</sheetData>.*": ""}).encode()})
    importazione = Importazione.objects.create(nome_file="rotto.xlsx", utente=amministratore)
    importazione.file.save("rotto.xlsx", io.BytesIO(dati))
    esegui(importazione)
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.RIFIUTATA
    assert importazione.errori.get().motivo == "Il file Excel è danneggiato o non leggibile."


# --- what a sheet claims -----------------------------------------------------------------------


def test_it_reads_every_row_when_the_dimension_lies():
    righe = [riga(f"OP-{i}") for i in range(5)]
    originale = zipfile.ZipFile(io.BytesIO(xlsx_bytes(righe))).read(FOGLIO).decode()
    bugiardo = originale.replace('<dimension ref="A1:O6" />', '<dimension ref="A1:C2" />')
    assert bugiardo != originale
    esito = importa(xlsx_modificato({FOGLIO: bugiardo.encode()}, righe=righe))
    assert esito.errori == [] and esito.create == 5
    assert OperaPrioritaria.objects.count() == 5


def test_it_refuses_a_row_beyond_the_last_row_of_excel():
    lontano = foglio(**{"</sheetData>": '<row r="1048600"><c r="A1048600" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'})
    assert motivo(importa(xlsx_modificato({FOGLIO: lontano.encode()}))) == "Il file Excel è danneggiato o non leggibile."


# --- rows, cells, time -----------------------------------------------------------------------------


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_it_stops_at_the_row_limit_not_counting_blank_rows(settings, formato):
    settings.IMPORT_MAX_ROWS = 3
    crea = csv_bytes if formato == "csv" else xlsx_bytes
    vuota = [""] * 15
    assert importa(crea([riga("OP-1"), vuota, riga("OP-2"), vuota, riga("OP-3")])).create == 3
    OperaPrioritaria.objects.all().delete()
    esito = importa(crea([riga(f"OP-{i}") for i in range(4)]))
    assert motivo(esito) == "Il file contiene più di 3 righe di dati: dividerlo in parti più piccole."
    assert not OperaPrioritaria.objects.exists()


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_it_stops_at_the_cell_limit(settings, formato):
    settings.IMPORT_MAX_CELLS = 50  # the header and three rows of 15 columns are 60 cells
    crea = csv_bytes if formato == "csv" else xlsx_bytes
    assert "più di 50 celle" in motivo(importa(crea([riga(f"OP-{i}") for i in range(3)])))


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_it_stops_at_the_time_limit(settings, formato):
    settings.IMPORT_MAX_SECONDS = 0
    crea = csv_bytes if formato == "csv" else xlsx_bytes
    assert "tempo massimo di 0 secondi" in motivo(importa(crea([riga("OP-1")])))
    assert not OperaPrioritaria.objects.exists()


# --- characters no database stores ----------------------------------------------------------------


def test_it_refuses_a_nul_after_the_first_8_kb_naming_its_row():
    righe = [riga(f"OP-{i}") for i in range(100)]
    righe[80][2] = "Opera\x00nulla"
    dati = csv_bytes(righe)
    assert dati.index(b"\x00") > 8192
    esito = importa(dati)
    assert motivo(esito) == "Il file contiene caratteri non validi (NUL) alla riga 82: salvarlo di nuovo come CSV e riprovare."
    assert not OperaPrioritaria.objects.exists()


def test_a_small_xlsx_that_unpacks_big_is_read_in_the_background(monkeypatch):
    from programma.importazione import services

    dati = xlsx_bytes([riga(f"OP-{i}") for i in range(50)])
    assert not services.in_background(dati)
    monkeypatch.setattr(services, "SINCRONO_MAX_BYTE_ESTRATTI", len(dati))  # it unpacks to several times its size
    assert services.in_background(dati)


def test_a_nul_uploaded_on_the_import_page_ends_rejected_with_its_row(client_admin):
    """On PostgreSQL this was a 500 and an import "in corso" for good (no text column stores NUL)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    righe = [riga(f"OP-{i}") for i in range(100)]
    righe[99][3] = "\x00"
    risposta = client_admin.post(
        reverse("importazione:nuova"), {"file": SimpleUploadedFile("nul.csv", csv_bytes(righe))}
    )
    assert risposta.status_code == 302
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.RIFIUTATA
    assert "(NUL) alla riga 101" in importazione.errori.get().motivo
    assert "(NUL) alla riga 101" in client_admin.get(risposta.url).content.decode()


# --- formulas without their value --------------------------------------------------------------


def test_a_formula_without_its_calculated_value_is_refused_naming_the_cell():
    """Saved by a program that does not calculate, the cell reads as blank: a cost that vanishes."""
    dati = xlsx_bytes([riga("OP-1", costo_stimato="=1000*2")])
    assert "La cella I2 contiene una formula senza il suo valore calcolato" in motivo(importa(dati))
    assert not OperaPrioritaria.objects.exists()
    # The same cell as Excel saves it, the value beside the formula: read.
    foglio_con_valore = zipfile.ZipFile(io.BytesIO(dati)).read(FOGLIO).replace(b"<f>1000*2</f>", b"<f>1000*2</f><v>2000</v>")
    esito = importa(xlsx_modificato({FOGLIO: foglio_con_valore}, righe=[riga("OP-1", costo_stimato="=1000*2")]))
    assert esito.scritto, esito.errori
    assert OperaPrioritaria.objects.get().costo_stimato == 2000
