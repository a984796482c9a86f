"""Validation of the rows of an import file, in pure Python against precomputed lookups.

No form, no `full_clean`: every lookup (regions, provinces, choices) is a dict built once,
and the values that repeat (regions, choices, booleans, provinces) are memoised per file.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, compress
from typing import Any

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from programma.importazione import fileformat
from programma.importazione.fileformat import COLONNE, OBBLIGATORIE, ValoreNonValido
from programma.importazione.reading import Tabella
from programma.models import Modalita, OperaPrioritaria, ProgettoRegionale, Programma
from programma.numbers import numero_italiano
from programma.spreadsheets import ripristina
from programma.validators import CUP_RE
from regioni.models import Provincia, Regione

# Index of each column in a validated row (`Riga.valori`).
I = {colonna: i for i, colonna in enumerate(COLONNE)}
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


class RiferimentiScelte:
    """Lookup dicts of the columns whose cells take a closed set of values (regions, choices, yes/no):
    one query. Enough to tell whether a value reads (`leggi`), and what a value may be mapped to
    (`opzioni`), for the column mapping of a file that is not in our format."""

    COLONNE = ("modalita", "livello_priorita", "stato", "semaforo", "regione", "finanziamento_pnrr", "commissario_straordinario")

    def __init__(self) -> None:
        self.regioni: dict[str, int] = {}
        self.nomi_regioni: dict[int, str] = {}
        for regione in Regione.objects.all():
            self.nomi_regioni[regione.pk] = regione.nome
            nomi = [regione.nome, *regione.nome.split("/"), *(regione.alias or [])]
            for nome in nomi:
                self.regioni[fileformat.chiave(nome)] = regione.pk
            self.regioni[regione.codice_istat] = regione.pk
            self.regioni[str(int(regione.codice_istat))] = regione.pk
        self.province: dict[str, tuple[int, int]] = {
            sigla: (pk, regione_id) for pk, sigla, regione_id in Provincia.objects.values_list("pk", "sigla", "regione_id")
        }
        self.modalita = fileformat.mappa_scelte(Modalita.choices, {"logistica": Modalita.INTERPORTUALE.value})
        self.stato = fileformat.mappa_scelte(OperaPrioritaria.Stato.choices)
        self.semaforo = fileformat.mappa_scelte(OperaPrioritaria.Semaforo.choices)
        self.livello = fileformat.mappa_scelte(OperaPrioritaria.Priorita.choices)
        self.etichette = {
            "modalita": [str(e) for _v, e in Modalita.choices],
            "stato": [str(e) for _v, e in OperaPrioritaria.Stato.choices],
            "semaforo": [str(e) for _v, e in OperaPrioritaria.Semaforo.choices],
            "livello_priorita": ["1", "2", "3"],
            "regione": [nome for _pk, nome in sorted(self.nomi_regioni.items())],
            "finanziamento_pnrr": [fileformat.scrivi_booleano(True), fileformat.scrivi_booleano(False)],
            "commissario_straordinario": [fileformat.scrivi_booleano(True), fileformat.scrivi_booleano(False)],
        }
        self.parser = parser_scelte(self)

    def regione(self, testo: str) -> int:
        k = testo if testo.isdigit() else fileformat.chiave(testo)
        regione_id = self.regioni.get(k)
        if regione_id is None:
            raise ValoreNonValido(_("regione sconosciuta: indicare il nome o il codice ISTAT (es. Lombardia oppure 03)"))
        return regione_id

    def leggi(self, colonna: str, testo: str) -> Any:
        """The value of a cell of one of `COLONNE`, or ValoreNonValido with the reason."""
        return self.parser[colonna](testo.strip())

    def opzioni(self, colonna: str) -> list[str]:
        """The values a cell of one of `COLONNE` may say, as the import template lists them."""
        return list(self.etichette[colonna])


class Riferimenti(RiferimentiScelte):
    """Lookup dicts for regions, provinces, choices, editions, projects and tavoli: once per file."""

    def __init__(self) -> None:
        super().__init__()
        # Editions by name or id; projects and tavoli by id, with their region and edition (the
        # tavoli app sits above this one: its model is reached through the relation).
        self.edizione_attiva: int | None = None
        self.edizioni: dict[str, int] = {}
        self.nomi_edizioni: dict[int, str] = {}
        for pk, nome, attivo in Programma.objects.values_list("pk", "nome", "attivo"):
            self.edizioni[fileformat.chiave(nome)] = self.edizioni[str(pk)] = pk
            self.nomi_edizioni[pk] = nome
            if attivo:
                self.edizione_attiva = pk
        self.progetti: dict[int, tuple[int, int]] = {
            pk: (regione_id, programma_id)
            for pk, regione_id, programma_id in ProgettoRegionale.objects.values_list("pk", "regione_id", "programma_id")
        }
        Tavolo = OperaPrioritaria._meta.get_field("tavolo").related_model
        self.tavoli: dict[int, tuple[int, int]] = {
            pk: (regione_id, programma_id)
            for pk, regione_id, programma_id in Tavolo.objects.values_list("pk", "progetto__regione_id", "progetto__programma_id")
        }

        # Works of closed editions (read-only history): an import never changes them.
        self.opere_chiuse: dict[str, int] = {}
        if self.edizione_attiva is not None:
            self.opere_chiuse = dict(
                OperaPrioritaria.objects.annotate(edizione=Coalesce("progetto__programma_id", "programma_id"))
                .exclude(edizione=self.edizione_attiva)
                .exclude(edizione__isnull=True)
                .values_list("codice", "edizione")
            )

    def predefinito(self, colonna: str) -> Any:
        """What a new work gets for a column the file does not have."""
        return self.edizione_attiva if colonna == "programma" else PREDEFINITI.get(colonna)


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
        codice, titolo = (_pulisci(lette.grezza(k)[i]) if k is not None else "" for k in posizioni)
        return codice, titolo

    analisi.errori.extend(raccolta.errori(identifica))
    analisi.righe_non_elencate = len(raccolta.altre)
    for i in raccolta.elencate:
        analisi.grezze[lette.numeri[i]] = {c: tronca(_pulisci(lette.grezza(indici[c])[i]), MAX_VALORE) for c in analisi.presenti}
    return analisi


def _pulisci(testo: str) -> str:
    testo = testo.strip()
    return ripristina(testo) if testo[:1] == "'" else testo


class ColonneLette:
    """The cells of the file gathered column by column as the blocks of rows are read, with the work
    best done while a block's cells are still in the processor's cache: a column with few distinct
    values (regions, choices, dates...) has each distinct cell parsed once (`letti`) and every cell
    mapped to its value; a column of values unique to each row (_UNICI) is stripped."""

    def __init__(self, indici: dict[str, int], rif: Riferimenti) -> None:
        self.rif = rif
        self.parser = _parser(rif)
        self.numeri: list[int] = []
        self.larghezza = max(indici.values()) + 1
        # The cells as written, a tuple per block and column: most columns are never read back as
        # written (only to name a bad value, and the provinces), so they are joined up on demand.
        self._grezze: list[list[tuple[str, ...]]] = [[] for _i in range(self.larghezza)]
        self._grezze_unite: dict[int, list[str]] = {}
        self.pulite: dict[int, list[str]] = {i: [] for c, i in indici.items() if c in _UNICI}
        # Column index -> (parser, distinct cell -> its value or the ValoreNonValido, the values).
        self.lette: dict[int, tuple[Callable[[str], Any], dict[str, Any], list[Any]]] = {
            i: (self.parser[c], {}, []) for c, i in indici.items() if c not in _UNICI
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
                    letti[grezzo] = leggi(_pulisci(grezzo))
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
    numeri, rif, parser = lette.numeri, lette.rif, lette.parser
    n = len(numeri)
    colonne: list[list[Any]] = []
    presenti = [c for c in COLONNE if c in indici]
    for k, colonna in enumerate(COLONNE):
        if colonna not in indici:
            colonne.append([rif.predefinito(colonna)] * n)
            continue
        indice = indici[colonna]
        leggi = parser[colonna]
        if colonna in _UNICI:
            pulite = lette.pulite[indice]
            if _forse_con_apice(pulite):
                pulite = [ripristina(t) if t[:1] == "'" else t for t in pulite]
            veloce = _VELOCI.get(colonna)
            valori = pulite if leggi is None else veloce(pulite) if veloce is not None else None
            if valori is None:
                valori = _leggi_colonna(leggi, pulite, lambda i, testo, motivo: errore(i, colonna, testo, motivo))
        else:
            _leggi, letti, valori = lette.lette[indice]
            sbagliati = {t: (_pulisci(t), str(v)) for t, v in letti.items() if isinstance(v, ValoreNonValido)}
            if sbagliati:
                for i, t in enumerate(lette.grezza(indice)):
                    if t in sbagliati:
                        errore(i, colonna, *sbagliati[t])
                        valori[i] = None
        colonne.append(valori)
        if progresso is not None:
            progresso(n // 2 + n * (presenti.index(colonna) + 1) // (2 * len(presenti)))

    # Checks across columns and rows: repeated codici, provinces outside the region.
    codici = colonne[I["codice"]]
    if len(set(codici)) < n:  # some repeated (or unreadable) codice: find which
        primo: dict[str, int] = {}
        for i, codice in enumerate(codici):
            if codice:
                j = primo.setdefault(codice, i)
                if j != i:
                    errore(i, "codice", codice, _("codice ripetuto: compare già alla riga %(riga)d") % {"riga": numeri[j]})
    regioni, province = colonne[I["regione"]], colonne[I["province"]]
    if "province" in indici:
        # Each distinct cell read once (`letto`): its provinces' ids, and the one region they are all in.
        grezze = lette.grezza(indici["province"])
        letto = {grezzo: None if isinstance(voci, ValoreNonValido) else voci for grezzo, voci in lette.lette[indici["province"]][1].items()}
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
                            % {"sigla": sigla, "regione": rif.nomi_regioni[regione_id]},
                        )
        colonne[I["province"]] = list(map(ids.__getitem__, grezze))
    _valida_edizione(colonne, indici, rif, errore)
    if errore:
        valide = [i not in errore for i in range(n)]
        return list(compress(numeri, valide)), [list(compress(colonna, valide)) for colonna in colonne]
    return numeri, colonne


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


def _forse_con_apice(testi: list[str]) -> bool:
    """False when no text starts with an apostrophe (Excel's "as text" mark), found at C speed: a
    text starting with one is the first, or follows a line break once they are joined (a cell with a
    line break followed by an apostrophe answers True, and is simply checked one by one)."""
    return bool(testi) and (testi[0][:1] == "'" or "\n'" in "\n".join(testi))


def _leggi_colonna(leggi: Callable[[str], Any], testi: list[str], segnala: Callable[[int, str, str], None]) -> list[Any]:
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
_UNICI = {"codice", "titolo", "descrizione", "cup", "costo_stimato"}


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
_VELOCI: dict[str, Callable[[list[str]], list[Any] | None]] = {
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


def _parser(rif: Riferimenti) -> dict[str, Callable[[str], Any]]:
    def testo_limitato(colonna: str) -> Callable[[str], str]:
        massimo = LUNGHEZZE[colonna]

        def leggi(testo: str) -> str:
            if colonna in OBBLIGATORIE:
                _obbligatorio(testo)
            if len(testo) > massimo:
                raise ValoreNonValido(
                    _("testo troppo lungo: al massimo %(n)s caratteri (ne ha %(scritti)s)")
                    % {"n": numero_italiano(massimo), "scritti": numero_italiano(len(testo))}
                )
            return testo

        return leggi

    def cup(testo: str) -> str:
        valore = testo.replace(" ", "").upper()
        if valore and not CUP_RE.match(valore):
            raise ValoreNonValido(
                _("CUP non valido: 15 caratteri, una lettera, due cifre, una lettera e undici cifre (es. J51B21000050001)")
            )
        return valore

    def importo(testo: str) -> Any:
        return fileformat.leggi_importo(testo) if testo else None

    def data(testo: str) -> Any:
        return fileformat.leggi_data(testo) if testo else None

    def edizione(testo: str) -> int | None:
        if not testo:
            return rif.edizione_attiva
        k = testo if testo.isdigit() else fileformat.chiave(testo)
        if k not in rif.edizioni:
            raise ValoreNonValido(
                _("edizione sconosciuta: indicare il nome o il numero dell'edizione (edizioni: %(edizioni)s)")
                % {"edizioni": ", ".join(rif.nomi_edizioni.values())}
            )
        return rif.edizioni[k]

    def identificativo(mappa: dict[int, Any], motivo: str) -> Callable[[str], int | None]:
        def leggi(testo: str) -> int | None:
            if not testo:
                return None
            if not testo.isdigit() or int(testo) not in mappa:
                raise ValoreNonValido(motivo)
            return int(testo)

        return leggi

    def province(testo: str) -> tuple[tuple[str, tuple[int, int]], ...]:
        trovate = []
        for sigla in _SEPARATORI_PROVINCE.split(testo.upper()):
            if not sigla:
                continue
            voce = rif.province.get(sigla)
            if voce is None:
                raise ValoreNonValido(_("sigla di provincia sconosciuta: %(sigla)s") % {"sigla": sigla})
            trovate.append((sigla, voce))
        return tuple(trovate)

    return {
        **rif.parser,
        "codice": testo_limitato("codice"),
        "cup": cup,
        "titolo": testo_limitato("titolo"),
        "descrizione": testo_limitato("descrizione"),
        "costo_stimato": importo,
        "fonte_finanziamento": testo_limitato("fonte_finanziamento"),
        "province": province,
        "data_completamento_prevista": data,
        "programma": edizione,
        "progetto": identificativo(rif.progetti, _("progetto sconosciuto: indicare il numero del progetto regionale")),
        "tavolo": identificativo(rif.tavoli, _("tavolo sconosciuto: indicare il numero del tavolo di confronto")),
    }
