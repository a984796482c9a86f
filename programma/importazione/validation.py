"""Validation of the rows of an import file, in pure Python against precomputed lookups.

No form, no `full_clean`: every lookup (regions, provinces, choices) is a dict built once,
and the values that repeat (regions, choices, booleans, provinces) are memoised per file.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, compress
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from programma.importazione import fileformat
from programma.importazione.fileformat import COLONNE, OBBLIGATORIE, ValoreNonValido
from programma.importazione.reading import Tabella
from programma.importazione.riferimenti import Riferimenti
from programma.importazione.valori import UNICI, VELOCI, forse_con_apice, leggi_colonna, parser_colonne, pulisci
from programma.spreadsheets import ripristina

# Index of each column in a validated row (`Riga.valori`).
I = {colonna: i for i, colonna in enumerate(COLONNE)}  # noqa: E741 - a short name, read in every row's code
# An error quotes the file: a column name, a value, a reason and the row's codice and titolo are cut
# to these lengths.
MAX_COLONNA, MAX_VALORE, MAX_MOTIVO, MAX_CODICE, MAX_TITOLO = 100, 200, 500, 100, 300
# Unknown columns named in the warning.
MAX_SCONOSCIUTE = 20


def tronca(testo: str, massimo: int) -> str:
    return testo if len(testo) <= massimo else testo[: massimo - 1] + "…"


@dataclass(frozen=True)
class Errore:
    riga: int  # as Excel shows it: header = 1; 0 = the file as a whole
    colonna: str
    valore: str
    motivo: str
    # The row's codice and titolo as the file has them, to find the row (blank for the file or its header).
    codice: str = ""
    titolo: str = ""

    @classmethod
    def dal_file(cls, riga: int, colonna: str, valore: str, motivo: str, codice: str = "", titolo: str = "") -> Errore:
        """An error quoting the file, cut to a length any page or table can hold."""
        return cls(
            riga,
            tronca(colonna, MAX_COLONNA),
            tronca(valore, MAX_VALORE),
            tronca(motivo, MAX_MOTIVO),
            tronca(codice, MAX_CODICE),
            tronca(titolo, MAX_TITOLO),
        )

    def come_dict(self) -> dict[str, Any]:
        return {
            "riga": self.riga,
            "colonna": self.colonna,
            "valore": self.valore,
            "motivo": self.motivo,
            "codice": self.codice,
            "titolo": self.titolo,
        }


@dataclass(slots=True)
class Riga:
    numero: int
    valori: list[Any]  # in COLONNE order; regione is an id, province a sorted tuple of ids


@dataclass
class Analisi:
    formato: str = ""
    presenti: tuple[str, ...] = ()
    # The valid rows, by column (in COLONNE order): `numeri` their line numbers, `colonne` their values.
    numeri: list[int] = field(default_factory=list)
    colonne: list[list[Any]] = field(default_factory=list)
    errori: list[Errore] = field(default_factory=list)
    avvisi: list[str] = field(default_factory=list)
    righe_lette: int = 0
    # Bad rows beyond the first IMPORT_MAX_ERRORS errors: counted, not listed.
    righe_non_elencate: int = 0
    # The cells of the listed bad rows as the file has them (line number -> column -> text), for the
    # preview: a bad row has no parsed values to show.
    grezze: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def valida(self) -> bool:
        return not self.errori and not self.righe_non_elencate

    @property
    def righe(self) -> list[Riga]:
        """The valid rows one by one (the import itself works on the columns)."""
        return list(map(Riga, self.numeri, map(list, zip(*self.colonne))))

    @property
    def righe_errate(self) -> int:
        return len({e.riga for e in self.errori}) + self.righe_non_elencate


class RaccoltaErrori:
    """The errors of the first bad rows, at most `massimo`; of the later bad rows only their number.

    A file of a million bad rows would otherwise make millions of error objects (gigabytes) that
    nobody reads: the first errors say what is wrong, the count says how much. A row is listed
    with all its errors or not at all.
    """

    def __init__(self, numeri: list[int], nomi: dict[str, str], massimo: int) -> None:
        self.numeri = numeri
        self.nomi = nomi
        self.massimo = massimo
        self.elencate: dict[int, list[Errore]] = {}  # row index -> its errors
        self._ordine: list[int] = []  # max-heap (negated) of the listed row indices
        self._quanti = 0
        self.altre: set[int] = set()  # bad rows only counted
        self._soglia = len(numeri)  # rows after this index are only counted

    def __call__(self, i: int, colonna: str, testo: str, motivo: str) -> None:
        if i > self._soglia:
            self.altre.add(i)
            return
        errori = self.elencate.get(i)
        if errori is None:
            errori = self.elencate[i] = []
            heapq.heappush(self._ordine, -i)
        errori.append(Errore.dal_file(self.numeri[i], self.nomi[colonna], testo, motivo))
        self._quanti += 1
        while self._quanti > self.massimo:
            ultima = -heapq.heappop(self._ordine)
            self._quanti -= len(self.elencate.pop(ultima))
            self.altre.add(ultima)
            self._soglia = ultima - 1

    def __bool__(self) -> bool:
        return bool(self.elencate or self.altre)

    def __contains__(self, i: int) -> bool:
        return i in self.elencate or i in self.altre

    def errori(self, identifica: Callable[[int], tuple[str, str]]) -> list[Errore]:
        """The listed errors in row order, each with its row's codice and titolo (`identifica(i)`)."""
        elencati = []
        for i in sorted(self.elencate):
            codice, titolo = identifica(i)
            elencati += [replace(e, codice=tronca(codice, MAX_CODICE), titolo=tronca(titolo, MAX_TITOLO)) for e in self.elencate[i]]
        return elencati


def mappa_intestazioni(intestazioni: list[str]) -> tuple[dict[str, int], list[Errore], list[str]]:
    """Column -> index in the row; errors (missing required, repeated); warnings (unknown)."""
    indici: dict[str, int] = {}
    errori: list[Errore] = []
    sconosciute: list[str] = []
    ripetute: set[str] = set()
    for i, intestazione in enumerate(intestazioni):
        if not intestazione:
            continue
        colonna = fileformat.colonna_di(intestazione)
        if colonna is None:
            sconosciute.append(intestazione)
        elif colonna in indici:
            if colonna not in ripetute:  # once per column, however many times it repeats
                ripetute.add(colonna)
                errori.append(
                    Errore.dal_file(
                        1, intestazione, intestazione, _("colonna ripetuta: «%(colonna)s» compare più volte") % {"colonna": colonna}
                    )
                )
        else:
            indici[colonna] = i
    for colonna in OBBLIGATORIE:
        if colonna not in indici:
            errori.append(Errore(1, colonna, "", _("colonna obbligatoria mancante")))
    avvisi = []
    if sconosciute:
        elencate = ", ".join(tronca(c, MAX_COLONNA) for c in sconosciute[:MAX_SCONOSCIUTE])
        if len(sconosciute) > MAX_SCONOSCIUTE:
            elencate += " " + _("e altre %(n)d") % {"n": len(sconosciute) - MAX_SCONOSCIUTE}
        avvisi.append(
            _("Colonne non riconosciute, ignorate: %(colonne)s. Colonne del formato: %(formato)s.")
            % {"colonne": elencate, "formato": ", ".join(COLONNE)}
        )
    return indici, errori, avvisi


def analizza(tabella: Tabella, *, progresso: Callable[[int], None] | None = None) -> Analisi:
    """Validate every row; a bad file is reported in full, not at the first error (its first
    IMPORT_MAX_ERRORS errors listed, the further bad rows counted)."""
    indici, errori, avvisi = mappa_intestazioni(tabella.intestazioni)
    analisi = Analisi(formato=tabella.formato, presenti=tuple(c for c in COLONNE if c in indici), errori=errori, avvisi=avvisi)
    if errori:
        return analisi
    lette: ColonneLette | None = None
    for numeri_blocco, blocco in tabella.blocchi:  # without the blank rows
        if not blocco:
            continue
        if lette is None:
            lette = ColonneLette(indici, Riferimenti())
        prima = len(lette.numeri)
        lette.aggiungi(numeri_blocco, blocco)
        if progresso is not None and len(lette.numeri) // 10_000 > prima // 10_000:
            progresso(len(lette.numeri) // 2)
    if lette is None:
        analisi.errori.append(Errore(0, "", "", _("Il file non contiene righe di dati: solo l'intestazione.")))
        return analisi
    analisi.righe_lette = len(lette.numeri)
    nomi = {c: tabella.intestazioni[i] for c, i in indici.items()}
    raccolta = RaccoltaErrori(lette.numeri, nomi, settings.IMPORT_MAX_ERRORS)
    analisi.numeri, analisi.colonne = _valida_colonne(lette, indici, raccolta, progresso)
    posizioni = [indici.get("codice"), indici.get("titolo")]

    def identifica(i: int) -> tuple[str, str]:
        """The row's codice and titolo as written."""
        codice, titolo = (pulisci(lette.grezza(k)[i]) if k is not None else "" for k in posizioni)
        return codice, titolo

    analisi.errori.extend(raccolta.errori(identifica))
    analisi.righe_non_elencate = len(raccolta.altre)
    for i in raccolta.elencate:
        analisi.grezze[lette.numeri[i]] = {c: tronca(pulisci(lette.grezza(indici[c])[i]), MAX_VALORE) for c in analisi.presenti}
    return analisi


class ColonneLette:
    """The cells of the file gathered column by column as the blocks of rows are read, with the work
    best done while a block's cells are still in the processor's cache: a column with few distinct
    values (regions, choices, dates...) has each distinct cell parsed once (`letti`) and every cell
    mapped to its value; a column of values unique to each row (UNICI) is stripped."""

    def __init__(self, indici: dict[str, int], rif: Riferimenti) -> None:
        self.rif = rif
        self.parser = parser_colonne(rif)
        self.numeri: list[int] = []
        self.larghezza = max(indici.values()) + 1
        # The cells as written, a tuple per block and column: most columns are never read back as
        # written (only to name a bad value, and the provinces), so they are joined up on demand.
        self._grezze: list[list[tuple[str, ...]]] = [[] for _i in range(self.larghezza)]
        self._grezze_unite: dict[int, list[str]] = {}
        self.pulite: dict[int, list[str]] = {i: [] for c, i in indici.items() if c in UNICI}
        # Column index -> (parser, distinct cell -> its value or the ValoreNonValido, the values).
        self.lette: dict[int, tuple[Callable[[str], Any], dict[str, Any], list[Any]]] = {
            i: (self.parser[c], {}, []) for c, i in indici.items() if c not in UNICI
        }

    def grezza(self, indice: int) -> list[str]:
        """A column's cells as written, for every row read."""
        unita = self._grezze_unite.get(indice)
        if unita is None:
            unita = self._grezze_unite[indice] = list(chain.from_iterable(self._grezze[indice]))
        return unita

    def aggiungi(self, numeri: Sequence[int], righe: list[list[str]]) -> None:
        self.numeri.extend(numeri)
        larghezza = self.larghezza
        if min(map(len, righe)) < larghezza:
            righe = [r if len(r) >= larghezza else r + [""] * (larghezza - len(r)) for r in righe]
        # zip stops at the shortest row, which is at least `larghezza` long.
        blocco = list(zip(*righe))
        for colonna, celle in zip(self._grezze, blocco):
            colonna.append(celle)
        for i, pulite in self.pulite.items():
            pulite.extend(map(str.strip, blocco[i]))
        for i, (leggi, letti, valori) in self.lette.items():
            celle = blocco[i]
            for grezzo in set(celle).difference(letti):
                try:
                    letti[grezzo] = leggi(pulisci(grezzo))
                except ValoreNonValido as exc:
                    letti[grezzo] = exc
            valori.extend(map(letti.__getitem__, celle))


def _valida_colonne(
    lette: ColonneLette,
    indici: dict[str, int],
    errore: RaccoltaErrori,
    progresso: Callable[[int], None] | None,
) -> tuple[list[int], list[list[Any]]]:
    """Column by column: a column's distinct values are parsed once (regions, choices, dates...).
    The line numbers and the columns of the valid rows."""
    numeri, rif = lette.numeri, lette.rif
    n = len(numeri)
    colonne: list[list[Any]] = []
    presenti = [c for c in COLONNE if c in indici]
    for colonna in COLONNE:
        if colonna not in indici:
            colonne.append([rif.predefinito(colonna)] * n)
            continue
        colonne.append(_valori_della_colonna(lette, colonna, indici[colonna], errore))
        if progresso is not None:
            progresso(n // 2 + n * (presenti.index(colonna) + 1) // (2 * len(presenti)))
    # Checks across columns and rows: repeated codici, provinces outside the region, editions.
    _codici_ripetuti(colonne[I["codice"]], numeri, errore)
    if "province" in indici:
        colonne[I["province"]] = _province_nella_regione(lette, indici["province"], colonne[I["regione"]], errore)
    _valida_edizione(colonne, indici, rif, errore)
    if errore:
        valide = [i not in errore for i in range(n)]
        return list(compress(numeri, valide)), [list(compress(colonna, valide)) for colonna in colonne]
    return numeri, colonne


def _valori_della_colonna(lette: ColonneLette, colonna: str, indice: int, errore: RaccoltaErrori) -> list[Any]:
    """A column's values, None where a cell does not read (and the error recorded)."""
    if colonna in UNICI:
        # Values unique to each row: the column's fast path, else parsed one by one.
        leggi = lette.parser[colonna]
        pulite = lette.pulite[indice]
        if forse_con_apice(pulite):
            pulite = [ripristina(t) if t[:1] == "'" else t for t in pulite]
        veloce = VELOCI.get(colonna)
        valori = pulite if leggi is None else veloce(pulite) if veloce is not None else None
        if valori is None:
            valori = leggi_colonna(leggi, pulite, lambda i, testo, motivo: errore(i, colonna, testo, motivo))
        return valori
    # Values that repeat: each distinct cell was parsed once as the blocks were read.
    _leggi, letti, valori = lette.lette[indice]
    sbagliati = {t: (pulisci(t), str(v)) for t, v in letti.items() if isinstance(v, ValoreNonValido)}
    if sbagliati:
        for i, t in enumerate(lette.grezza(indice)):
            if t in sbagliati:
                errore(i, colonna, *sbagliati[t])
                valori[i] = None
    return valori


def _codici_ripetuti(codici: list[Any], numeri: list[int], errore: RaccoltaErrori) -> None:
    """A codice written twice is an error of its second row, naming the first."""
    if len(set(codici)) == len(codici):
        return
    primo: dict[str, int] = {}
    for i, codice in enumerate(codici):
        if codice:
            j = primo.setdefault(codice, i)
            if j != i:
                errore(i, "codice", codice, _("codice ripetuto: compare già alla riga %(riga)d") % {"riga": numeri[j]})


def _province_nella_regione(lette: ColonneLette, indice: int, regioni: list[int | None], errore: RaccoltaErrori) -> list[tuple[int, ...]]:
    """The provinces' ids of each row; a province outside the row's region is an error."""
    # Each distinct cell read once (`letto`): its provinces' ids, and the one region they are all in.
    grezze = lette.grezza(indice)
    letto = {grezzo: None if isinstance(voci, ValoreNonValido) else voci for grezzo, voci in lette.lette[indice][1].items()}
    ids: dict[str, tuple[int, ...]] = {}
    regione_di: dict[str, int] = {}
    for grezzo, voci in letto.items():
        ids[grezzo] = tuple(sorted({pk for _s, (pk, _r) in voci or ()}))
        regioni_voci = {r for _s, (_pk, r) in voci or ()}
        if regioni_voci:
            regione_di[grezzo] = regioni_voci.pop() if len(regioni_voci) == 1 else -1
    # A cell without provinces is in the row's region (the default of .get): the usual file is
    # checked in one pass, and only one with a province outside its region row by row.
    if list(map(regione_di.get, grezze, regioni)) != regioni:
        for i, (regione_id, grezzo) in enumerate(zip(regioni, grezze)):
            for sigla, (_pk, r) in letto[grezzo] or ():
                if regione_id is not None and r != regione_id:
                    errore(
                        i,
                        "province",
                        sigla,
                        _("la provincia %(sigla)s non è nella regione %(regione)s")
                        % {"sigla": sigla, "regione": lette.rif.nomi_regioni[regione_id]},
                    )
    return list(map(ids.__getitem__, grezze))


def _valida_edizione(colonne: list[list[Any]], indici: dict[str, int], rif: Riferimenti, errore: Callable[[int, str, str, str], None]) -> None:
    """A project fixes the work's edition and must be of its region; a tavolo must be of its region and edition."""
    regioni, edizioni = colonne[I["regione"]], colonne[I["programma"]]
    progetti, tavoli = colonne[I["progetto"]], colonne[I["tavolo"]]
    con_edizione = "programma" in indici
    for i, progetto in enumerate(progetti if "progetto" in indici else ()):
        if progetto is None:
            continue
        regione_progetto, edizione_progetto = rif.progetti[progetto]
        if regioni[i] is not None and regione_progetto != regioni[i]:
            errore(i, "progetto", str(progetto), _("il progetto %(progetto)s non è della regione dell'opera") % {"progetto": progetto})
        elif con_edizione and edizioni[i] is not None and edizioni[i] != edizione_progetto:
            errore(
                i, "progetto", str(progetto),
                _("il progetto %(progetto)s è dell'edizione «%(edizione)s», non di quella indicata")
                % {"progetto": progetto, "edizione": rif.nomi_edizioni[edizione_progetto]},
            )  # fmt: skip
        edizioni[i] = edizione_progetto
    if rif.edizione_attiva is not None:
        chiusa = _("l'edizione «%(edizione)s» è chiusa: le edizioni passate sono in sola lettura")
        for i, edizione in enumerate(edizioni if set(edizioni) - {None, rif.edizione_attiva} else ()):
            if edizione is not None and edizione != rif.edizione_attiva:
                errore(i, "programma" if con_edizione else "progetto", rif.nomi_edizioni[edizione], chiusa % {"edizione": rif.nomi_edizioni[edizione]})
        if not rif.opere_chiuse.keys().isdisjoint(colonne[I["codice"]]):
            for i, codice in enumerate(colonne[I["codice"]]):
                if codice in rif.opere_chiuse:
                    nome = rif.nomi_edizioni[rif.opere_chiuse[codice]]
                    errore(i, "codice", codice, _("l'opera appartiene all'edizione chiusa «%(edizione)s», in sola lettura") % {"edizione": nome})
    for i, tavolo in enumerate(tavoli if "tavolo" in indici else ()):
        if tavolo is None:
            continue
        regione_tavolo, edizione_tavolo = rif.tavoli[tavolo]
        if regioni[i] is not None and regione_tavolo != regioni[i]:
            errore(i, "tavolo", str(tavolo), _("il tavolo %(tavolo)s non è della regione dell'opera") % {"tavolo": tavolo})
        elif edizioni[i] is not None and edizione_tavolo != edizioni[i]:
            errore(i, "tavolo", str(tavolo), _("il tavolo %(tavolo)s è di un'altra edizione del programma") % {"tavolo": tavolo})


