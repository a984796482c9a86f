"""Reading an uploaded file: what it is (by content), its encoding and delimiter, its rows.

`leggi_tabella` turns bytes into a header and the rows, in blocks of (line numbers, rows), where a
line number is the one Excel shows (the header is line 1) and every cell is a string. Blank rows
(every cell empty, as Excel leaves them) keep their line number but are not rows.

Uploaded files may be hostile: an XLSX is a ZIP whose members are checked (unpacked size, ratio)
before anything is parsed, its shared strings are counted as they are read, and every file is read
as a stream that stops at a row, cell and time limit (`Limiti`, from the IMPORT_MAX_* settings).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress, islice, repeat
from typing import IO, Any

import filetype
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from programma.numbers import numero_italiano

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and .doc)
# Rows read between two checks of the limits.
BLOCCO = 1024
# Excel's own last row: a sheet claiming a row beyond it was not written by a spreadsheet.
XLSX_MAX_RIGA = 1_048_576
# Members smaller than this are not checked for their compression ratio (tiny XML parts compress well).
RAPPORTO_DA_BYTE = 1024 * 1024
# Only the sheets and their shared strings grow with the data; every other part (styles, workbook,
# theme) is parsed or kept whole, so it may be at most this fraction of the unpacked limit.
PARTI_GRANDI = ("xl/worksheets/", "xl/sharedStrings.xml")
PARTI_ACCESSORIE = 20
NON_LEGGIBILE = gettext_noop("Il file Excel è danneggiato o non leggibile.")


class FileNonValido(Exception):
    """The file as a whole cannot be imported; the message is the Italian reason."""


Blocco = tuple[Sequence[int], list[list[str]]]  # up to BLOCCO rows and their line numbers


@dataclass
class Tabella:
    formato: str  # "csv" or "xlsx"
    intestazioni: list[str]
    blocchi: Iterator[Blocco]  # read as they are consumed, the limits checked block by block
    codifica: str = ""
    delimitatore: str = ""
    righe_stimate: int = 0

    @property
    def righe(self) -> Iterator[tuple[int, list[str]]]:
        """Row by row: (line number, cells)."""
        for numeri, blocco in self.blocchi:
            yield from zip(numeri, blocco)


@dataclass(frozen=True)
class Limiti:
    """What reading one file may cost, from the settings; the clock starts when the file is opened."""

    estratti: int  # bytes an XLSX may unpack to, all members together
    rapporto: int  # largest unpacked/compressed ratio of one member
    righe: int  # data rows (blank rows are not counted)
    celle: int  # cells read, and shared strings of an XLSX
    secondi: int
    scadenza: float

    @classmethod
    def da_impostazioni(cls) -> Limiti:
        return cls(
            estratti=settings.IMPORT_MAX_UNZIPPED_MB * 1024 * 1024,
            rapporto=settings.IMPORT_MAX_ZIP_RATIO,
            righe=settings.IMPORT_MAX_ROWS,
            celle=settings.IMPORT_MAX_CELLS,
            secondi=settings.IMPORT_MAX_SECONDS,
            scadenza=time.monotonic() + settings.IMPORT_MAX_SECONDS,
        )

    def controlla_tempo(self) -> None:
        if time.monotonic() > self.scadenza:
            raise FileNonValido(
                _("La lettura del file ha superato il tempo massimo di %(s)d secondi: dividere il file in parti più piccole.")
                % {"s": self.secondi}
            )


def dimensione_massima() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024


def controlla_dimensione(dimensione: int) -> None:
    massimo = dimensione_massima()
    if dimensione > massimo:
        raise FileNonValido(
            _("Il file è troppo grande (%(mb).1f MB): il massimo è %(max)d MB.")
            % {"mb": dimensione / 1024 / 1024, "max": massimo // 1024 // 1024}
        )


def leggi_tabella(dati: bytes) -> Tabella:
    controlla_dimensione(len(dati))
    if not dati.strip():
        raise FileNonValido(_("Il file è vuoto."))
    limiti = Limiti.da_impostazioni()
    testa = dati[:8192]
    if testa.startswith(b"PK\x03\x04"):
        return _leggi_xlsx(dati, limiti)
    if testa.startswith(OLE2):
        raise FileNonValido(
            _("Il file è nel vecchio formato Excel .xls: salvarlo come .xlsx oppure come CSV e riprovare.")
        )
    tipo = filetype.guess(testa)
    if tipo is not None:
        raise FileNonValido(
            _("Il file non è un CSV né un foglio Excel .xlsx (il contenuto è di tipo %(tipo)s).")
            % {"tipo": tipo.extension.upper()}
        )
    return _leggi_csv(dati, limiti)


def _a_blocchi(righe: Iterable[list[str]]) -> Iterator[list[list[str]]]:
    righe = iter(righe)
    while blocco := list(islice(righe, BLOCCO)):
        yield blocco


def _limita(blocchi: Iterable[list[list[str]]], limiti: Limiti, *, ultima_riga: int = sys.maxsize) -> Iterator[Blocco]:
    """Number the rows as Excel does, leave out the blank ones, and stop at the limits: data rows,
    cells, time, last line.

    Checked a block of rows at a time, with C-level counting: no Python work per row.
    """
    dati = celle = 0
    inizio = 1
    for blocco in blocchi:
        fine = inizio + len(blocco) - 1
        celle += sum(map(len, blocco))
        piene = list(map(any, blocco))
        dati += sum(piene)
        if fine > ultima_riga:
            raise FileNonValido(_(NON_LEGGIBILE))
        if celle > limiti.celle:
            raise FileNonValido(
                _("Il file contiene più di %(n)s celle: dividerlo in parti più piccole.") % {"n": numero_italiano(limiti.celle)}
            )
        if dati > limiti.righe + 1:  # + 1: the header
            raise FileNonValido(
                _("Il file contiene più di %(n)s righe di dati: dividerlo in parti più piccole.") % {"n": numero_italiano(limiti.righe)}
            )
        limiti.controlla_tempo()
        numeri = range(inizio, fine + 1)
        if all(piene):
            yield numeri, blocco
        else:
            yield list(compress(numeri, piene)), list(compress(blocco, piene))
        inizio = fine + 1


# --- CSV -----------------------------------------------------------------------------


def decodifica(dati: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Italian Excel)."""
    if dati.startswith((b"\xff\xfe", b"\xfe\xff")):
        return dati.decode("utf-16"), "utf-16"
    if b"\x00" in dati[:8192]:
        raise FileNonValido(_("Il file non è un CSV né un foglio Excel .xlsx (contiene dati binari)."))
    try:
        return dati.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return dati.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    migliore = from_bytes(dati[:1_000_000]).best()
    if migliore is None:
        raise FileNonValido(_("Codifica dei caratteri non riconosciuta: salvare il file come CSV UTF-8."))
    return dati.decode(migliore.encoding, errors="strict"), migliore.encoding


def trova_delimitatore(prima_riga: str) -> str:
    """The header's most frequent separator among ; , and tab (';' on a tie: Italian Excel)."""
    conteggi = {d: prima_riga.count(d) for d in (";", ",", "\t")}
    migliore = max(conteggi, key=lambda d: (conteggi[d], d == ";"))
    return migliore if conteggi[migliore] else ";"


def _leggi_csv(dati: bytes, limiti: Limiti) -> Tabella:
    testo, codifica = decodifica(dati)
    testo = testo.lstrip("\ufeff")
    inizio = testo.lstrip("\r\n")
    prima_riga = inizio[: inizio.find("\n")] if "\n" in inizio else inizio
    delimitatore = trova_delimitatore(prima_riga)
    a_capo = testo.count("\n")
    numerate = _numera(_limita(_blocchi_csv(testo, delimitatore, a_capo, limiti), limiti))
    # No database stores NUL; rows are searched for it only when it is there (the bytes: memchr, fast).
    if b"\x00" in dati and "\x00" in testo:
        numerate = _rifiuta_nul(numerate)
    intestazioni, numerate = _intestazioni(numerate)
    return Tabella("csv", intestazioni, numerate, codifica, delimitatore, min(a_capo, limiti.righe))


def _blocchi_csv(testo: str, delimitatore: str, a_capo: int, limiti: Limiti) -> Iterator[list[list[str]]]:
    """The rows csv.reader reads, a block at a time; a line without quotes is simply split, at C speed.

    When every record is one line (no line break inside a cell, every line ending the same way),
    a line without quotes is exactly its cells joined by the delimiter, and a line with quotes
    is handed to csv.reader. From a block where that does not hold (a quoted cell running over
    two lines), csv.reader reads the rest of the file.
    """
    def lettore(resto: str) -> Iterator[list[list[str]]]:
        return _a_blocchi(csv.reader(io.StringIO(resto, newline=""), delimiter=delimitatore))

    if a_capo > 2 * limiti.righe + BLOCCO:
        # Mostly blank lines (not counted by the row limit): streamed, not split into a list first.
        yield from lettore(testo)
        return
    ritorni = testo.count("\r")
    fine_riga = "\r\n" if ritorni else "\n"
    linee = testo.split(fine_riga)
    if ritorni and not ritorni == a_capo == len(linee) - 1:
        # Line breaks of two kinds, or one inside a cell.
        yield from lettore(testo)
        return
    if linee[-1] == "":
        linee.pop()  # the last line's ending, not a blank row
    massimo = csv.field_size_limit()
    for inizio in range(0, len(linee), BLOCCO):
        blocco = linee[inizio : inizio + BLOCCO]
        righe = _righe_semplici(blocco, delimitatore, massimo)
        if righe is None:
            yield from lettore(fine_riga.join(linee[inizio:]) + fine_riga)
            return
        yield righe


def _righe_semplici(linee: list[str], delimitatore: str, massimo: int) -> list[list[str]] | None:
    """The rows of whole-record lines as csv.reader reads them, or None if a record spans lines."""
    if max(map(len, linee)) > massimo:
        return None  # csv.reader's own limit on a cell decides
    righe = list(map(str.split, linee, repeat(delimitatore, len(linee))))
    speciali = [i for i, linea in enumerate(linee) if not linea or '"' in linea]
    if speciali:
        citate = [linee[i] for i in speciali if linee[i]]
        try:
            # A line gives at most one row (it has no line break); one left open at its end would
            # run on into the next and give one row fewer. strict: an open one at the end is an error.
            lette = list(csv.reader(citate, delimiter=delimitatore, strict=True))
        except csv.Error:
            return None
        if len(lette) != len(citate):
            return None
        lette.reverse()
        for i in speciali:
            righe[i] = lette.pop() if linee[i] else []  # a blank line: csv.reader's empty row
    return righe


def _numera(blocchi: Iterator[Blocco]) -> Iterator[Blocco]:
    try:
        yield from blocchi
    except csv.Error as exc:
        raise FileNonValido(_("Il file CSV non è leggibile: %(errore)s") % {"errore": exc}) from None


def _rifiuta_nul(blocchi: Iterator[Blocco]) -> Iterator[Blocco]:
    for numeri, blocco in blocchi:
        for numero, valori in zip(numeri, blocco):
            if any("\x00" in cella for cella in valori):
                raise FileNonValido(
                    _("Il file contiene caratteri non validi (NUL) alla riga %(riga)d: salvarlo di nuovo come CSV e riprovare.")
                    % {"riga": numero}
                )
        yield numeri, blocco


def _intestazioni(blocchi: Iterator[Blocco]) -> tuple[list[str], Iterator[Blocco]]:
    """The first non-blank row, and the blocks of the rows after it."""
    for numeri, blocco in blocchi:
        for k, celle in enumerate(blocco):
            if any(c.strip() for c in celle):
                resto = blocco[k + 1 :]
                return [c.strip() for c in celle], chain([(numeri[k + 1 :], resto)] if resto else [], blocchi)
    raise FileNonValido(_("Il file è vuoto."))


# --- XLSX ----------------------------------------------------------------------------


def testo_cella(valore: object) -> str:
    """An Excel cell as the text the validator reads (dates ISO, numbers with a dot)."""
    if valore is None:
        return ""
    if isinstance(valore, str):
        return valore
    if isinstance(valore, bool):
        return "1" if valore else "0"
    if isinstance(valore, dt.datetime):
        return valore.date().isoformat() if valore.time() == dt.time(0) else valore.isoformat(sep=" ")
    if isinstance(valore, dt.date):
        return valore.isoformat()
    if isinstance(valore, float):
        if valore.is_integer():
            return str(int(valore))
        return repr(round(valore, 2))
    return str(valore)


def controlla_archivio(archivio: zipfile.ZipFile, limiti: Limiti) -> None:
    """Refuse a ZIP bomb before parsing, from the members' declared sizes (zipfile never unpacks a
    member beyond its declared size: the CRC check fails first)."""
    totale = 0
    for info in archivio.infolist():
        totale += info.file_size
        if info.file_size > limiti.estratti // PARTI_ACCESSORIE and not info.filename.startswith(PARTI_GRANDI):
            raise FileNonValido(
                _("Il file Excel non è leggibile: la sua parte «%(nome)s» è troppo grande (%(mb).1f MB).")
                % {"nome": info.filename[:100], "mb": info.file_size / 1024 / 1024}
            )
        if totale > limiti.estratti:
            raise FileNonValido(
                _("Il file Excel, decompresso, supera %(mb)d MB: dividerlo in parti più piccole.")
                % {"mb": limiti.estratti // 1024 // 1024}
            )
        if info.file_size > RAPPORTO_DA_BYTE and info.file_size > info.compress_size * limiti.rapporto:
            raise FileNonValido(
                _("Il file Excel non è leggibile: una sua parte si decomprime oltre %(r)d volte la sua dimensione.")
                % {"r": limiti.rapporto}
            )


def dimensione_estratta(dati: bytes) -> int:
    """The unpacked size of an XLSX (0 for anything else): what reading it will cost."""
    if not dati.startswith(b"PK\x03\x04"):
        return 0
    try:
        with zipfile.ZipFile(io.BytesIO(dati)) as archivio:
            return sum(info.file_size for info in archivio.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return 0  # not readable as an archive: the import itself will say so


class _Membro:
    """A member of the archive being read: every read checks the deadline, so no part of the
    workbook (shared strings, styles, the sheet) can keep the parser busy past it."""

    def __init__(self, flusso: IO[bytes], limiti: Limiti) -> None:
        self._flusso = flusso
        self._limiti = limiti

    def read(self, n: int = -1) -> bytes:
        self._limiti.controlla_tempo()
        return self._flusso.read(n)

    def __getattr__(self, nome: str) -> Any:
        return getattr(self._flusso, nome)

    def __enter__(self) -> _Membro:
        return self

    def __exit__(self, *_eccezione: object) -> None:
        self._flusso.close()


class _Archivio(zipfile.ZipFile):
    limiti: Limiti

    def open(self, name: Any, mode: str = "r", pwd: bytes | None = None, **kwargs: Any) -> Any:
        flusso = super().open(name, mode, pwd, **kwargs)
        return _Membro(flusso, self.limiti) if mode == "r" else flusso


def _rifiuta_formule_senza_valore() -> None:
    """Make openpyxl's read-only sheets, when read through `_Archivio`, refuse a formula cell that has
    no cached value, naming the cell.

    A sheet saved by a program that does not calculate (a script, some converters) stores the formula
    without its result: read for values, the cell would be blank, and a blank means "no value" (a
    target removed, a cost cleared). openpyxl builds its sheet parser by name inside the read-only
    sheet, so the name is pointed at a subclass; the check runs only on our reader's sheets, and costs
    one C-level search per row (cells with a formula are rare).
    """
    from openpyxl.worksheet import _read_only
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    if getattr(_read_only.WorkSheetParser, "rifiuta_formule_senza_valore", False):
        return
    con_formula = f"{FORMULA_TAG[: FORMULA_TAG.index('}') + 1]}c[{FORMULA_TAG}]"

    class ParserFogli(WorkSheetParser):
        rifiuta_formule_senza_valore = True

        def parse_row(self, row: Any) -> Any:
            if isinstance(self.source, _Membro):
                for cella in row.iterfind(con_formula):
                    if not cella.findtext(VALUE_TAG):
                        raise FileNonValido(
                            _("La cella %(cella)s contiene una formula senza il suo valore calcolato (il file è stato salvato "
                              "da un programma che non calcola le formule): aprire il file in Excel o LibreOffice, salvarlo di "
                              "nuovo e riprovare, oppure incollare i valori al posto delle formule.")
                            % {"cella": cella.get("r") or _("della riga %(riga)s") % {"riga": row.get("r", "?")}}
                        )
            return super().parse_row(row)

    _read_only.WorkSheetParser = ParserFogli


def _apri_libro(dati: bytes, limiti: Limiti) -> Any:
    """openpyxl's read-only workbook, reading through `_Archivio` and with its shared strings capped.

    Shared strings are all loaded when the workbook opens: millions of tiny ones would fill memory
    long before any row is read, so they are counted as they come.
    """
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's when installed (requirements.txt)

    tag = "{%s}si" % SHEET_MAIN_NS

    class Lettore(ExcelReader):
        def read_strings(self) -> None:
            tipo = self.package.find(SHARED_STRINGS)
            if tipo is None:
                return
            stringhe: list[str] = []
            with self.archive.open(tipo.PartName[1:]) as sorgente:
                for _evento, nodo in iterparse(sorgente):
                    if nodo.tag == tag:
                        stringhe.append(Text.from_tree(nodo).content.replace("x005F_", ""))
                        nodo.clear()
                        if len(stringhe) > limiti.celle:
                            raise FileNonValido(
                                _("Il file Excel contiene più di %(n)s testi diversi: dividerlo in parti più piccole.")
                                % {"n": numero_italiano(limiti.celle)}
                            )
            self.shared_strings = stringhe

    _rifiuta_formule_senza_valore()
    lettore = Lettore(io.BytesIO(dati), read_only=True, data_only=True)
    lettore.archive.close()
    archivio = _Archivio(io.BytesIO(dati))
    archivio.limiti = limiti
    lettore.archive = archivio
    lettore.read()
    return lettore.wb


def _leggi_xlsx(dati: bytes, limiti: Limiti) -> Tabella:
    try:
        with zipfile.ZipFile(io.BytesIO(dati)) as archivio:
            if "xl/workbook.xml" not in archivio.namelist():
                raise FileNonValido(_("Il file è un archivio ZIP ma non un foglio Excel .xlsx."))
            controlla_archivio(archivio, limiti)
        libro = _apri_libro(dati, limiti)
        foglio = libro.worksheets[0]
    except FileNonValido:
        raise
    except Exception:  # noqa: BLE001 - openpyxl and the XML parser raise many kinds of errors on a broken file
        raise FileNonValido(_(NON_LEGGIBILE)) from None
    # <dimension> gives the estimate for the progress bar, but it may lie: read what is there.
    righe_stimate = min(max((foglio.max_row or 1) - 1, 0), limiti.righe)
    foglio.reset_dimensions()

    def righe() -> Iterator[Blocco]:
        try:
            valori = ([testo_cella(v) for v in riga] for riga in foglio.iter_rows(values_only=True))
            yield from _limita(_a_blocchi(valori), limiti, ultima_riga=XLSX_MAX_RIGA)
        except FileNonValido:
            raise
        except Exception:  # noqa: BLE001 - the rows are parsed as they are read: a broken sheet fails here
            raise FileNonValido(_(NON_LEGGIBILE)) from None
        finally:
            libro.close()

    intestazioni, numerate = _intestazioni(righe())
    return Tabella("xlsx", intestazioni, numerate, righe_stimate=righe_stimate)
