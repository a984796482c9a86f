"""How each cell of an import file is read: a parser per column, the fast paths that read a clean
column at C speed, and what a new work gets for a column the file does not have.

A parser takes the cell's text (stripped, Excel's "as text" apostrophe removed) and returns the
value, or raises `ValoreNonValido` with the reason the error report shows; the formats of numbers,
amounts, dates, yes/no and choices are `fileformat.py`'s. `validation.py` applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from programma.importazione import fileformat
from programma.importazione.fileformat import OBBLIGATORIE, ValoreNonValido
from programma.models.opere import OperaPrioritaria
from programma.numbers import numero_italiano
from programma.spreadsheets import ripristina
from programma.validators import CUP_RE

if TYPE_CHECKING:
    from programma.importazione.riferimenti import Riferimenti, RiferimentiScelte

# What a new work gets for a column the file does not have (or a blank optional cell).
PREDEFINITI: dict[str, Any] = {
    "cup": "",
    "descrizione": "",
    "stato": OperaPrioritaria.Stato.PROPOSTA.value,
    "semaforo": OperaPrioritaria.Semaforo.VERDE.value,
    "costo_stimato": None,
    "finanziamento_pnrr": False,
    "commissario_straordinario": False,
    "fonte_finanziamento": "",
    "province": (),
    "data_completamento_prevista": None,
    "progetto": None,
    "tavolo": None,
    # "programma": the active edition, per file (Riferimenti.predefinito).
}
# The longest text of each free-text column: the model's own limit (descrizione: programma.fields.Limite).
LUNGHEZZE = {c: OperaPrioritaria._meta.get_field(c).max_length for c in ("codice", "titolo", "descrizione", "fonte_finanziamento")}
_SEPARATORI_PROVINCE = re.compile(r"[|/,;\s]+")


def pulisci(testo: str) -> str:
    testo = testo.strip()
    return ripristina(testo) if testo[:1] == "'" else testo


def forse_con_apice(testi: list[str]) -> bool:
    """False when no text starts with an apostrophe (Excel's "as text" mark), found at C speed: a
    text starting with one is the first, or follows a line break once they are joined (a cell with a
    line break followed by an apostrophe answers True, and is simply checked one by one)."""
    return bool(testi) and (testi[0][:1] == "'" or "\n'" in "\n".join(testi))


def leggi_colonna(leggi: Callable[[str], Any], testi: list[str], segnala: Callable[[int, str, str], None]) -> list[Any]:
    """Each value parsed; a bad one becomes None and is reported with `segnala(i, testo, motivo)`."""
    try:
        return list(map(leggi, testi))  # the usual case, no bad value: one pass without a Python loop
    except ValoreNonValido:
        pass
    valori: list[Any] = []
    for i, testo in enumerate(testi):
        try:
            valori.append(leggi(testo))
        except ValoreNonValido as exc:
            valori.append(None)
            segnala(i, testo, str(exc))
    return valori


# Values unique to each row: parsed one by one; the others once per distinct value.
UNICI = {"codice", "titolo", "descrizione", "cup", "costo_stimato"}


def _testi_semplici(colonna: str) -> Callable[[list[str]], list[str] | None]:
    """The column as it is when no cell is too long (nor blank, if required): what the parser gives."""
    massimo, obbligatoria = LUNGHEZZE[colonna], colonna in OBBLIGATORIE

    def leggi(testi: list[str]) -> list[str] | None:
        if (obbligatoria and not all(testi)) or max(map(len, testi), default=0) > massimo:
            return None
        return testi

    return leggi


def _cup_semplici(testi: list[str]) -> list[str] | None:
    """The column of CUPs without spaces and in capitals, when each is blank or valid."""
    unito = "\n".join(testi).replace(" ", "").upper()
    valori = unito.split("\n")
    if len(valori) != len(testi) or not all(CUP_RE.match(forma) for forma in fileformat.forme(unito) if forma):
        return None
    return valori


# Column-level fast paths of the unique columns: the parser's values computed at C speed for a clean
# column, or None, and then the column is parsed value by value (which names each bad value).
VELOCI: dict[str, Callable[[list[str]], list[Any] | None]] = {
    "codice": _testi_semplici("codice"),
    "titolo": _testi_semplici("titolo"),
    "descrizione": _testi_semplici("descrizione"),
    "cup": _cup_semplici,
    "costo_stimato": fileformat.importi_semplici,
}


def _obbligatorio(testo: str) -> None:
    if not testo:
        raise ValoreNonValido(_("valore obbligatorio mancante"))


def parser_scelte(rif: RiferimentiScelte) -> dict[str, Callable[[str], Any]]:
    """The parsers of the columns with a closed set of values (`RiferimentiScelte.COLONNE`)."""

    def scelta(colonna: str, mappa: dict[str, Any], facoltativa: bool) -> Callable[[str], Any]:
        def leggi(testo: str) -> Any:
            if not testo:
                if facoltativa:
                    return PREDEFINITI[colonna]
                _obbligatorio(testo)
            return fileformat.leggi_scelta(testo, mappa, rif.etichette[colonna])

        return leggi

    def regione(testo: str) -> int:
        _obbligatorio(testo)
        return rif.regione(testo)

    return {
        "modalita": scelta("modalita", rif.modalita, facoltativa=False),
        "livello_priorita": scelta("livello_priorita", rif.livello, facoltativa=False),
        "stato": scelta("stato", rif.stato, facoltativa=True),
        "semaforo": scelta("semaforo", rif.semaforo, facoltativa=True),
        "finanziamento_pnrr": fileformat.leggi_booleano,
        "commissario_straordinario": fileformat.leggi_booleano,
        "regione": regione,
    }


def testo_limitato(colonna: str) -> Callable[[str], str]:
    """A free text up to the model's length (`LUNGHEZZE`), required if the column is."""
    massimo, obbligatoria = LUNGHEZZE[colonna], colonna in OBBLIGATORIE

    def leggi(testo: str) -> str:
        if obbligatoria:
            _obbligatorio(testo)
        if len(testo) > massimo:
            raise ValoreNonValido(
                _("testo troppo lungo: al massimo %(n)s caratteri (ne ha %(scritti)s)")
                % {"n": numero_italiano(massimo), "scritti": numero_italiano(len(testo))}
            )
        return testo

    return leggi


def leggi_cup(testo: str) -> str:
    """A CUP without spaces and in capitals, or blank."""
    valore = testo.replace(" ", "").upper()
    if valore and not CUP_RE.match(valore):
        raise ValoreNonValido(_("CUP non valido: 15 caratteri, una lettera, due cifre, una lettera e undici cifre (es. J51B21000050001)"))
    return valore


def importo_facoltativo(testo: str) -> Any:
    return fileformat.leggi_importo(testo) if testo else None


def data_facoltativa(testo: str) -> Any:
    return fileformat.leggi_data(testo) if testo else None


def lettore_edizione(rif: Riferimenti) -> Callable[[str], int | None]:
    """An edition by name or number; blank: the active one."""

    def leggi(testo: str) -> int | None:
        if not testo:
            return rif.edizione_attiva
        k = testo if testo.isdigit() else fileformat.chiave(testo)
        if k not in rif.edizioni:
            raise ValoreNonValido(
                _("edizione sconosciuta: indicare il nome o il numero dell'edizione (edizioni: %(edizioni)s)")
                % {"edizioni": ", ".join(rif.nomi_edizioni.values())}
            )
        return rif.edizioni[k]

    return leggi


def lettore_identificativo(mappa: dict[int, Any], motivo: str) -> Callable[[str], int | None]:
    """The id of a row of `mappa` (a project, a tavolo), or blank."""

    def leggi(testo: str) -> int | None:
        if not testo:
            return None
        if not testo.isdigit() or int(testo) not in mappa:
            raise ValoreNonValido(motivo)
        return int(testo)

    return leggi


def lettore_province(rif: RiferimentiScelte) -> Callable[[str], tuple[tuple[str, tuple[int, int]], ...]]:
    """Provinces by their abbreviations, separated by spaces, commas, semicolons, slashes or bars:
    each as (abbreviation, (id, region id))."""

    def leggi(testo: str) -> tuple[tuple[str, tuple[int, int]], ...]:
        trovate = []
        for sigla in _SEPARATORI_PROVINCE.split(testo.upper()):
            if not sigla:
                continue
            voce = rif.province.get(sigla)
            if voce is None:
                raise ValoreNonValido(_("sigla di provincia sconosciuta: %(sigla)s") % {"sigla": sigla})
            trovate.append((sigla, voce))
        return tuple(trovate)

    return leggi


def parser_colonne(rif: Riferimenti) -> dict[str, Callable[[str], Any]]:
    """The parser of every column of the format, against this file's lookups."""
    return {
        **rif.parser,
        "codice": testo_limitato("codice"),
        "cup": leggi_cup,
        "titolo": testo_limitato("titolo"),
        "descrizione": testo_limitato("descrizione"),
        "costo_stimato": importo_facoltativo,
        "fonte_finanziamento": testo_limitato("fonte_finanziamento"),
        "province": lettore_province(rif),
        "data_completamento_prevista": data_facoltativa,
        "programma": lettore_edizione(rif),
        "progetto": lettore_identificativo(rif.progetti, _("progetto sconosciuto: indicare il numero del progetto regionale")),
        "tavolo": lettore_identificativo(rif.tavoli, _("tavolo sconosciuto: indicare il numero del tavolo di confronto")),
    }
