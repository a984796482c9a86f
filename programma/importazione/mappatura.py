"""Reading a file whose headers are not ours (an OpenCUP export, a regional register).

A `Mappatura` says how the file reads in our format: each of its columns is one of ours or is
ignored (`colonne`), a column of ours the file lacks may get one value for every row (`fissi`),
and the values of a column may be rewritten into ours (`valori`, e.g. "FA_7" → "in esecuzione").
It applies between reading and validating (`applica`): the validator then checks the file as it
checks one in our format, with the same messages, limits and all-or-nothing write. A mapping is
plain data (JSON), stored on the import and saved by name (`MappaturaImportazione`); what comes
from a form or a stored row is read through `da_dict`, which keeps only well-formed, bounded parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _

from programma.importazione.fileformat import COLONNE, chiave, colonna_di
from programma.importazione.reading import Blocco, Tabella

# The columns a fixed value makes sense for: the same on every row (not a code, a title or an amount).
COLONNE_FISSE: tuple[str, ...] = (
    "modalita",
    "livello_priorita",
    "stato",
    "semaforo",
    "regione",
    "province",
    "finanziamento_pnrr",
    "commissario_straordinario",
    "fonte_finanziamento",
    "programma",
)
# A mapping comes from a form and is stored: its size is bounded whatever is posted.
MAX_COLONNE = 300  # columns of a file that can be mapped
MAX_VALORI = 100  # mapped values of one column (and values offered for mapping)
MAX_TESTO = 200  # characters of a header, a value or a fixed value
# Rows read to find the values a column has that our format does not read.
RIGHE_PER_VALORI = 5000


def _testo(valore: Any) -> str | None:
    return valore.strip()[:MAX_TESTO] if isinstance(valore, str) else None


@dataclass(frozen=True)
class Mappatura:
    colonne: dict[str, str] = field(default_factory=dict)  # the file's header -> our column ("" ignored)
    fissi: dict[str, str] = field(default_factory=dict)  # our column -> the text every row gets
    valori: dict[str, dict[str, str]] = field(default_factory=dict)  # our column -> {the file's text: ours}

    @classmethod
    def da_dict(cls, dati: Any) -> Mappatura:
        """A mapping from stored or posted data: unknown columns, non-text values and anything over
        the bounds are left out (a mapping never widens what the validator accepts)."""
        def voci(parte: str) -> list[tuple[Any, Any]]:
            contenuto = dati.get(parte) if isinstance(dati, dict) else None
            return list(contenuto.items()) if isinstance(contenuto, dict) else []

        colonne: dict[str, str] = {}
        for intestazione, nostra in voci("colonne")[:MAX_COLONNE]:
            intestazione, nostra = _testo(intestazione), _testo(nostra)
            if intestazione and nostra is not None and (nostra == "" or nostra in COLONNE):
                colonne[intestazione] = nostra
        fissi: dict[str, str] = {}
        for nostra, testo in voci("fissi"):
            if nostra in COLONNE_FISSE and (testo := _testo(testo)):
                fissi[nostra] = testo
        valori: dict[str, dict[str, str]] = {}
        for nostra, mappa in voci("valori"):
            if nostra in COLONNE and isinstance(mappa, dict):
                coppie = ((_testo(k), _testo(v)) for k, v in islice(mappa.items(), MAX_VALORI))
                if pulita := {k: v for k, v in coppie if k and v}:
                    valori[nostra] = pulita
        return cls(colonne, fissi, valori)

    def come_dict(self) -> dict[str, Any]:
        return {"colonne": dict(self.colonne), "fissi": dict(self.fissi), "valori": {c: dict(m) for c, m in self.valori.items()}}

    def __bool__(self) -> bool:
        return bool(self.colonne or self.fissi or self.valori)

    def nostra(self, intestazione: str) -> str | None:
        """Our column for a header of the file (case, accents and spaces ignored; as long as a mapping
        keeps a header); None if not named."""
        k = chiave(intestazione[:MAX_TESTO])
        return next((nostra for testo, nostra in self.colonne.items() if chiave(testo) == k), None)

    def applica(self, tabella: Tabella) -> tuple[Tabella, list[str]]:
        """The table as if written in our format, and the warnings of what the mapping left out."""
        indici: list[int] = []
        intestazioni: list[str] = []
        non_previste: list[str] = []
        for i, testo in enumerate(tabella.intestazioni):
            if not testo:
                continue
            nostra = self.nostra(testo)
            if nostra is None:
                non_previste.append(testo)
            elif nostra:
                indici.append(i)
                intestazioni.append(nostra)
        presenti = {chiave(h[:MAX_TESTO]) for h in tabella.intestazioni}
        mancanti = [t for t, nostra in self.colonne.items() if nostra and chiave(t) not in presenti]
        fissi = [(c, t) for c, t in self.fissi.items() if c not in intestazioni]
        # Each mapped value under its key, as the validator reads a choice (case, accents and spaces ignored).
        sostituzioni = [
            (k, {chiave(da): a for da, a in self.valori[nostra].items()}) for k, nostra in enumerate(intestazioni) if nostra in self.valori
        ]
        aggiunte = [t for _c, t in fissi]
        larghezza = max(indici, default=-1) + 1

        def riga(celle: list[str]) -> list[str]:
            if len(celle) < larghezza:
                celle = celle + [""] * (larghezza - len(celle))
            nuove = [celle[i] for i in indici]
            for k, mappa in sostituzioni:
                nuove[k] = mappa.get(chiave(nuove[k]), nuove[k])
            return nuove + aggiunte

        def blocchi() -> Iterator[Blocco]:
            for numeri, righe in tabella.blocchi:
                yield numeri, list(map(riga, righe))

        avvisi = []
        if non_previste:
            avvisi.append(
                _("Colonne del file non previste dall'abbinamento, ignorate: %(colonne)s.") % {"colonne": ", ".join(t[:100] for t in non_previste[:20])}
            )
        if mancanti:
            avvisi.append(
                _("Colonne dell'abbinamento che il file non ha: %(colonne)s.") % {"colonne": ", ".join(t[:100] for t in mancanti[:20])}
            )
        mappata = Tabella(
            tabella.formato, intestazioni + [c for c, _t in fissi], blocchi(), tabella.codifica, tabella.delimitatore, tabella.righe_stimate
        )
        return mappata, avvisi


def proponi(intestazioni: list[str], salvata: Mappatura | None = None) -> Mappatura:
    """A first mapping for a file: a saved mapping's choices, else our own names and their synonyms
    (`colonna_di`); a column of ours goes to the first file column that claims it."""
    salvata = salvata or Mappatura()
    colonne: dict[str, str] = {}
    prese: set[str] = set()
    for testo in intestazioni[:MAX_COLONNE]:
        if not testo or testo in colonne:
            continue
        nostra = salvata.nostra(testo)
        if nostra is None:
            nostra = colonna_di(testo) or ""
        if nostra in prese:
            nostra = ""
        colonne[testo[:MAX_TESTO]] = nostra
        if nostra:
            prese.add(nostra)
    return Mappatura(colonne, dict(salvata.fissi), {c: dict(m) for c, m in salvata.valori.items()})


def valori_da_abbinare(tabella: Tabella, mappatura: Mappatura, scelte: Any) -> dict[str, list[str]]:
    """For each column of ours with a closed set of values (`RiferimentiScelte`) that the mapping
    feeds from the file: the values of its first rows our format does not read, and those the
    mapping already maps (so that the form shows them with their choice), at most MAX_VALORI."""
    posizioni: dict[str, int] = {}
    for i, testo in enumerate(tabella.intestazioni):
        nostra = mappatura.nostra(testo) if testo else None
        if nostra in scelte.COLONNE and nostra not in posizioni:
            posizioni[nostra] = i
    trovati: dict[str, dict[str, None]] = {c: dict.fromkeys(mappatura.valori.get(c, {})) for c in posizioni}
    for _numero, celle in islice(tabella.righe, RIGHE_PER_VALORI):
        for nostra, i in posizioni.items():
            testo = celle[i].strip() if i < len(celle) else ""
            if not testo or testo in trovati[nostra] or len(trovati[nostra]) >= MAX_VALORI:
                continue
            try:
                scelte.leggi(nostra, testo)
            except ValueError:
                trovati[nostra][testo[:MAX_TESTO]] = None
    return {c: list(valori) for c, valori in trovati.items() if valori}
