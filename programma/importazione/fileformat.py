"""The import format for works: columns, header matching and the parsing of Italian values.

Every parser takes a stripped string and returns the value or raises `ValoreNonValido`
with the Italian reason. They are pure functions, so the validator can memoise them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programma.numbers import data_breve, numero_italiano

# The columns of the format, in the order the export writes them.
COLONNE: tuple[str, ...] = (
    "codice",
    "cup",
    "titolo",
    "descrizione",
    "modalita",
    "livello_priorita",
    "stato",
    "semaforo",
    "costo_stimato",
    "finanziamento_pnrr",
    "commissario_straordinario",
    "fonte_finanziamento",
    "regione",
    "province",
    "data_completamento_prevista",
    # Optional: the edition (name or id; the active one when absent), the regional project (id;
    # it fixes the edition) and the tavolo the work emerged from (id).
    "programma",
    "progetto",
    "tavolo",
)
# Without these a row cannot make a work; a file missing one is refused before any row is read.
OBBLIGATORIE: tuple[str, ...] = ("codice", "titolo", "modalita", "livello_priorita", "regione")

# What each column holds and how it is written: the template's sheet of instructions and the
# column mapping page say it (the allowed values of the columns with a closed set come from the models).
DESCRIZIONI: dict[str, str] = {
    "codice": gettext_lazy("Codice stabile dell'opera: reimportare un codice aggiorna l'opera, non la duplica."),
    "cup": gettext_lazy("Codice Unico di Progetto, 15 caratteri (es. J51B21000050001); facoltativo."),
    "titolo": gettext_lazy("Nome dell'opera."),
    "descrizione": gettext_lazy("Descrizione libera."),
    "modalita": gettext_lazy("Modalità di trasporto o infrastruttura."),
    "livello_priorita": gettext_lazy("Livello di priorità: 1 (massima), 2 o 3."),
    "stato": gettext_lazy("Stato di avanzamento; vuoto: proposta."),
    "semaforo": gettext_lazy("Semaforo del monitoraggio; vuoto: verde."),
    "costo_stimato": gettext_lazy("Costo stimato in euro: 1.234.567,89 oppure 1234567.89, anche con €."),
    "finanziamento_pnrr": gettext_lazy("Finanziata dal PNRR: sì, no, x oppure vuoto."),
    "commissario_straordinario": gettext_lazy("Affidata a un commissario straordinario: sì, no, x oppure vuoto."),
    "fonte_finanziamento": gettext_lazy("Fonte del finanziamento, testo libero."),
    "regione": gettext_lazy("Regione: nome (anche bilingue) o codice ISTAT, es. Lombardia oppure 03."),
    "province": gettext_lazy("Sigle delle province separate da | / o spazio, es. MI|BG."),
    "data_completamento_prevista": gettext_lazy("Data di completamento prevista: gg/mm/aaaa oppure aaaa-mm-gg."),
    "programma": gettext_lazy("Edizione del programma (nome o numero); vuoto: l'edizione attiva."),
    "progetto": gettext_lazy("Numero del progetto regionale; facoltativo."),
    "tavolo": gettext_lazy("Numero del tavolo di confronto da cui è emersa; facoltativo."),
}

# Other headers people write for the same columns (normalised with `chiave`).
SINONIMI: dict[str, str] = {
    "livellodipriorita": "livello_priorita",
    "priorita": "livello_priorita",
    "livello": "livello_priorita",
    "costo": "costo_stimato",
    "costostimatoeuro": "costo_stimato",
    "importo": "costo_stimato",
    "pnrr": "finanziamento_pnrr",
    "finanziamentopnrr": "finanziamento_pnrr",
    "commissario": "commissario_straordinario",
    "fontedifinanziamento": "fonte_finanziamento",
    "provincia": "province",
    "sigleprovince": "province",
    "completamentoprevisto": "data_completamento_prevista",
    "datacompletamento": "data_completamento_prevista",
    "codicecup": "cup",
    "edizione": "programma",
    "edizionedelprogramma": "programma",
    "progettoregionale": "progetto",
    "tavolodiconfronto": "tavolo",
}

# OWASP CSV injection: a cell starting with one of these is a formula for a spreadsheet.


class ValoreNonValido(ValueError):
    """A cell that cannot be read; the message is the Italian reason."""


def senza_accenti(testo: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", testo) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def chiave(testo: str) -> str:
    """Lower case, no accents, letters and digits only: 'Livello priorità' -> 'livellopriorita'."""
    return re.sub(r"[^a-z0-9]", "", senza_accenti(testo).lower())


def chiavi_regioni(regioni: Iterable[Any]) -> dict[str, int]:
    """Every way a file names a region, to its id: the name, each part of a bilingual name and the
    aliases (by `chiave`), the slug, the ISTAT code with and without its leading zero ("03", "3").
    The works' import and the targets' grid read regions with it; a cell is looked up as it is if
    it is all digits, else by its `chiave`."""
    mappa: dict[str, int] = {}
    for regione in regioni:
        for nome in (regione.nome, *regione.nome.split("/"), *(regione.alias or []), regione.slug):
            mappa[chiave(nome)] = regione.pk
        mappa[regione.codice_istat] = mappa[str(int(regione.codice_istat))] = regione.pk
    return mappa


def colonna_di(intestazione: str) -> str | None:
    """The format column an header means, or None for an unknown column."""
    k = chiave(intestazione)
    for colonna in COLONNE:
        if chiave(colonna) == k:
            return colonna
    return SINONIMI.get(k)


# --- amounts -------------------------------------------------------------------------

# "1.234.567,89", "1234567,89", "1.234" (Italian: the dot groups thousands).
_IMPORTO_IT = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$")
# "1234567.89", "1,234,567.89" (what other software writes). Comma groups only before a decimal
# point: "12,345" alone is ambiguous in an Italian file (twelve with three decimals?) and refused.
_IMPORTO_EN = re.compile(r"^(\d{1,3}(?:,\d{3})+(?=\.)|\d+)(?:\.(\d{1,2}))?$")
_SPAZI = str.maketrans("", "", " \u00a0\u202f'")
MAX_CIFRE_INTERE = 13  # DecimalField(max_digits=15, decimal_places=2)
# A binary float written out whole by the program that made the file: "6600898.1200000001" is
# 6.600.898,12 plus a noise far below a cent (the 2016 earthquake's register has 139 such cells).
# Six decimals or more, and within a millionth of the cents it stands for; "1234.5678" stays wrong.
_IMPORTO_FLOAT = re.compile(r"^(\d+)\.(\d{6,})$")
RUMORE_MASSIMO = Decimal("0.000001")
CENTESIMI = Decimal("0.01")


def leggi_importo(testo: str) -> Decimal:
    # Fast path for the usual cell ('1.234,56'): only digits, dots and a comma, nothing to remove.
    m = _IMPORTO_IT.match(testo)
    if m:
        intero, decimali = m.groups()
        intero = intero.replace(".", "")
        if len(intero.lstrip("0")) > MAX_CIFRE_INTERE:
            raise ValoreNonValido(_("importo troppo grande"))
        return Decimal(f"{intero}.{decimali or '0'}")
    t = testo.replace("€", "").replace("EUR", "").replace("eur", "").translate(_SPAZI)
    if t.startswith("-"):
        raise ValoreNonValido(_("l'importo non può essere negativo"))
    m = _IMPORTO_IT.match(t)
    if m:
        intero = m.group(1).replace(".", "")
    else:
        m = _IMPORTO_EN.match(t)
        if not m:
            if (f := _IMPORTO_FLOAT.match(t)) and len(f.group(1).lstrip("0")) <= MAX_CIFRE_INTERE:
                valore = Decimal(t)
                if abs(valore - valore.quantize(CENTESIMI)) < RUMORE_MASSIMO:
                    return valore.quantize(CENTESIMI)
            raise ValoreNonValido(_("importo non valido: si scrive come 1.234.567,89 oppure 1234567.89"))
        intero = m.group(1).replace(",", "")
    if len(intero.lstrip("0")) > MAX_CIFRE_INTERE:
        raise ValoreNonValido(_("importo troppo grande"))
    return Decimal(f"{intero}.{m.group(2) or '0'}")


# A cell's shape: every ASCII digit a 9 and every ASCII capital an A. The patterns below look only
# at whether a character is a digit or a capital, so a shape matches exactly when its cells do, and
# a column of 200,000 values has a handful of shapes: one match each instead of one per cell.
_FORMA = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9" * 10 + "A" * 26)


def forme(unito: str) -> set[str]:
    """The distinct shapes of the cells of a column joined by newlines."""
    return set(unito.translate(_FORMA).split("\n"))


def importi_semplici(testi: list[str]) -> list[Decimal | None] | None:
    """A whole column of amounts at C speed, when every cell is blank or written the usual Italian
    way ('1.234,56', '1234', '0,5') and fits: the values `leggi_importo` gives (blank: None).
    None when some cell needs `leggi_importo` (a euro sign, English style, an error)."""
    unito = "\n".join(testi)
    if unito.count("\n") != len(testi) - 1:
        return None
    for forma in forme(unito):
        # Maybe too many integer digits (unless leading zeros): leggi_importo decides.
        intero = forma.split(",")[0]
        if forma and (not _IMPORTO_IT.match(forma) or len(intero) - intero.count(".") > MAX_CIFRE_INTERE):
            return None
    # Each cell matched the pattern: dropping the dots and making the comma a point is exact.
    normali = unito.replace(".", "").replace(",", ".").split("\n")
    return list(map(Decimal, normali)) if all(normali) else [Decimal(t) if t else None for t in normali]


def scrivi_importo(valore: Decimal | None) -> str:
    """1234567.8 -> '1.234.567,80' (what Italian Excel shows)."""
    return "" if valore is None else numero_italiano(valore, 2)


# --- dates ---------------------------------------------------------------------------

_DATA_IT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_DATA_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")


def leggi_data(testo: str) -> dt.date:
    m = _DATA_IT.match(testo)
    if m:
        giorno, mese, anno = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            # Two-digit years are completion dates of works: this century.
            anno += 2000
    else:
        m = _DATA_ISO.match(testo)
        if not m:
            raise ValoreNonValido(_("data non valida: si scrive gg/mm/aaaa (es. 31/12/2027) oppure aaaa-mm-gg"))
        anno, mese, giorno = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(anno, mese, giorno)
    except ValueError:
        raise ValoreNonValido(_("data inesistente")) from None


def scrivi_data(valore: dt.date | None) -> str:
    return data_breve(valore) if valore else ""


# --- booleans ------------------------------------------------------------------------

_VERO = {"si", "s", "yes", "y", "x", "1", "true", "vero", "v"}
_FALSO = {"", "no", "n", "0", "false", "falso", "f"}


def leggi_booleano(testo: str) -> bool:
    k = senza_accenti(testo).strip().lower().rstrip(".")
    if k in _VERO:
        return True
    if k in _FALSO:
        return False
    raise ValoreNonValido(_("valore sì/no non valido: scrivere sì, no, x oppure lasciare vuoto"))


def scrivi_booleano(valore: bool) -> str:
    return "sì" if valore else "no"


# --- choices -------------------------------------------------------------------------


def mappa_scelte(choices: list[tuple[str | int, str]], extra: dict[str, str | int] | None = None) -> dict[str, str | int]:
    """Key -> value for a field's choices, by value and by Italian label (and each part of 'a/b')."""
    mappa: dict[str, str | int] = {}
    for valore, etichetta in choices:
        etichetta = str(etichetta)
        for testo in (str(valore), etichetta, *etichetta.split("/"), *re.split(r"\s+[—-]\s+", etichetta)):
            if chiave(testo):
                mappa.setdefault(chiave(testo), valore)
    for testo, valore in (extra or {}).items():
        mappa[chiave(testo)] = valore
    return mappa


def leggi_scelta(testo: str, mappa: dict[str, str | int], etichette: list[str]) -> str | int:
    valore = mappa.get(chiave(testo))
    if valore is None:
        raise ValoreNonValido(_("valore non ammesso; valori ammessi: %(valori)s") % {"valori": ", ".join(etichette)})
    return valore
