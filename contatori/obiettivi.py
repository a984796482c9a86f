"""Targets (obiettivi) of the counters: reading them, progress against them, and writing the grid.

The grid is region × counter for one edition, plus a national row ("IT"). It is written from the
Coordinatore's form or an uploaded CSV/XLSX file, all or nothing: every bad cell is named and
nothing is saved. An Operatore writes only their region's proposals. Numbers are read with the
import's parser (`leggi_importo`, Italian or international notation) and files with its reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contatori.models import Obiettivo
from contatori.registry import CONTATORI, PER_CHIAVE, Contatore
from programma.importazione.fileformat import ValoreNonValido, chiave, chiavi_regioni, leggi_importo
from programma.importazione.models import nota_non_elencate
from programma.importazione.reading import FileNonValido, Tabella, leggi_tabella
from programma.models import Fase, Programma
from programma.numbers import numero_italiano
from regioni.models import Regione

NAZIONALE = "IT"
# Cells of the grid: (counter key, region id or None for the national target) -> value (None: no target).
Griglia = dict[tuple[str, int | None], Decimal | None]


def con_obiettivo() -> list[Contatore]:
    return [c for c in CONTATORI if c.con_obiettivo]


def obiettivi(programma: Programma | None) -> dict[str, dict[int | None, Obiettivo]]:
    """Every target row of the edition, approved or proposed, each with the edition's calendar of
    phases (`Obiettivo.calendario`, which `progresso` reads): two queries."""
    risultato: dict[str, dict[int | None, Obiettivo]] = {}
    if programma is None:
        return risultato
    righe = list(Obiettivo.objects.filter(programma=programma))
    if righe:
        cal = calendario(programma)
    for obiettivo in righe:
        obiettivo.calendario = cal
        risultato.setdefault(obiettivo.contatore, {})[obiettivo.regione_id] = obiettivo
    return risultato


@dataclass(frozen=True)
class Calendario:
    """When each counter is expected to grow, for one edition: the period of the counter's phase
    (`Contatore.fase`) in the target's region, or in the whole country for a national target (the
    earliest start to the latest end, `FaseQuerySet.periodi`); the edition, up to the target's due
    date, for a counter of no phase or a phase without dates. The one rule the dashboard, the region
    pages, the "behind target" list, the API and the national volume follow."""

    programma: Programma
    periodi: dict[tuple[int, int | None], tuple[dt.date | None, dt.date | None]]

    def periodo(self, chiave: str, regione_id: int | None, scadenza: dt.date | None = None) -> tuple[dt.date, dt.date]:
        inizio, fine = self.programma.data_inizio, scadenza or self.programma.data_fine
        contatore = PER_CHIAVE.get(chiave)
        if contatore is not None and contatore.fase is not None:
            della_fase = self.periodi.get((contatore.fase, regione_id), (None, None))
            inizio, fine = della_fase[0] or inizio, della_fase[1] or fine
        return inizio, fine

    def atteso(self, obiettivo: Obiettivo, oggi: dt.date) -> Decimal:
        """The share of the target expected by `oggi`: 0 before the period starts, the elapsed
        fraction of it while it runs, 100 from its end."""
        inizio, fine = self.periodo(obiettivo.contatore, obiettivo.regione_id, obiettivo.scadenza)
        if oggi < inizio:
            return Decimal(0)
        if oggi >= fine:
            return Decimal(100)
        return Decimal((oggi - inizio).days * 100 / (fine - inizio).days).quantize(Decimal("0.1"))


def calendario(programma: Programma) -> Calendario:
    return Calendario(programma, Fase.objects.filter(progetto__programma=programma).periodi() if programma.pk else {})


@dataclass(frozen=True)
class Progresso:
    """A value against its (approved) target."""

    obiettivo: Decimal
    percento: Decimal  # of the way from the baseline (0 when none) to the target
    stato: str  # "raggiunto", "in_linea", "in_ritardo"
    atteso: Decimal  # % expected by today: the elapsed share of the counter's phase (Calendario.atteso)

    ETICHETTE: ClassVar[dict[str, Any]] = {
        "raggiunto": gettext_lazy("raggiunto"),
        "in_linea": gettext_lazy("in linea"),
        "in_ritardo": gettext_lazy("in ritardo"),
    }
    # Not colour alone: a symbol and a word go with every colour.
    SIMBOLI: ClassVar[dict[str, str]] = {"raggiunto": "✓", "in_linea": "▲", "in_ritardo": "▼"}

    @property
    def etichetta(self) -> str:
        return str(self.ETICHETTE[self.stato])

    @property
    def simbolo(self) -> str:
        return self.SIMBOLI[self.stato]

    @property
    def percento_intero(self) -> str:
        """The share as every page, tooltip and book shows it: whole and rounded down, as the bar draws
        it, so that nothing reads 100% before the target is reached ("99,6" is "99")."""
        return numero_italiano(self.percento.to_integral_value(rounding=ROUND_FLOOR), 0)

    @property
    def atteso_intero(self) -> str:
        """The share expected by today, written as the share is (whole, rounded down)."""
        return numero_italiano(Decimal(self.atteso).to_integral_value(rounding=ROUND_FLOOR), 0)

    @property
    def fascia(self) -> int:
        """0..4 for the colour scale: quarters of the target, 4 = reached."""
        return min(4, int(self.percento // 25))


def progresso(valore: Decimal, obiettivo: Obiettivo | None, programma: Programma, oggi: dt.date | None = None) -> Progresso | None:
    if obiettivo is None or obiettivo.valore is None:
        return None
    base = obiettivo.valore_base or Decimal(0)
    distanza = obiettivo.valore - base
    if distanza <= 0:
        percento = Decimal(100)
    else:
        # Rounded down, here too: 1,999 of 2,000 is 99.9%, not 100% and "raggiunto".
        percento = max(Decimal(0), (Decimal(valore) - base) * 100 / distanza).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    cal = getattr(obiettivo, "calendario", None) or calendario(programma)
    atteso = cal.atteso(obiettivo, oggi or timezone.localdate())
    if percento >= 100:
        stato = "raggiunto"
    elif percento >= atteso:
        stato = "in_linea"
    else:
        stato = "in_ritardo"
    return Progresso(obiettivo=obiettivo.valore, percento=percento, stato=stato, atteso=atteso)


# --- the grid: reading ----------------------------------------------------------------------


@dataclass
class Lettura:
    celle: Griglia
    errori: list[str]


def _regioni_per_chiave() -> dict[str, int | None]:
    """The regions as the import reads them (`chiavi_regioni`), and Italy (None) for the national row."""
    return {chiave(NAZIONALE): None, "italia": None, "nazionale": None, **chiavi_regioni(Regione.objects.all())}


def leggi_numero(testo: str) -> Decimal | None:
    """A target: a non-negative number in Italian (1.234,5) or international (1234.5) notation; empty = none."""
    testo = testo.strip()
    if not testo:
        return None
    if testo.lstrip().startswith("-"):
        raise ValoreNonValido(_("un obiettivo non può essere negativo"))
    try:
        return leggi_importo(testo)
    except ValoreNonValido:
        raise ValoreNonValido(_("numero non valido: si scrive come 1.234 oppure 12,5")) from None


class ErroriLimitati(list):
    """The errors of an upload, at most `massimo` listed (DJANGO_IMPORT_MAX_ERRORS, as the import of
    works): a file of 200,000 bad rows would otherwise make a page of megabytes nobody reads. The rows
    with errors beyond them are counted, and `chiudi` adds the line that says how many."""

    def __init__(self, massimo: int) -> None:
        super().__init__()
        self.massimo = massimo
        self.righe_non_elencate: set[int] = set()

    def aggiungi(self, riga: int, errore: str) -> None:
        if len(self) < self.massimo:
            self.append(errore)
        else:
            self.righe_non_elencate.add(riga)

    def chiudi(self) -> list[str]:
        nota = nota_non_elencate(len(self.righe_non_elencate))
        return [*self, nota] if nota else list(self)


def leggi_file(dati: bytes) -> Lettura:
    """The grid from a CSV/XLSX file: a `regione` column (name, ISTAT code or "IT") and one column per counter key.

    An XLSX cell with a formula but no calculated value is refused, naming the cell (the reader's
    rule): read as blank, it would remove a target."""
    try:
        tabella: Tabella = leggi_tabella(dati)
    except FileNonValido as exc:
        return Lettura({}, [str(exc)])
    errori = ErroriLimitati(settings.IMPORT_MAX_ERRORS)
    colonne: dict[int, str] = {}
    indice_regione = None
    etichette = {chiave(str(c.etichetta)): c.chiave for c in con_obiettivo()}
    for i, intestazione in enumerate(tabella.intestazioni):
        k = chiave(intestazione or "")
        if not k:
            continue
        if k == "regione":
            indice_regione = i
        elif intestazione.strip() in PER_CHIAVE and PER_CHIAVE[intestazione.strip()].con_obiettivo:
            colonne[i] = intestazione.strip()
        elif k in etichette:
            colonne[i] = etichette[k]
        else:
            errori.aggiungi(1, _("Colonna «%(colonna)s»: contatore sconosciuto o senza obiettivo.") % {"colonna": intestazione})
    if indice_regione is None:
        errori.aggiungi(1, _("Manca la colonna «regione»."))
        return Lettura({}, errori.chiudi())
    regioni = _regioni_per_chiave()
    celle: Griglia = {}
    viste: dict[int | None, int] = {}
    try:
        for numero, valori in tabella.righe:
            if not any(v.strip() for v in valori):
                continue
            testo_regione = valori[indice_regione].strip() if indice_regione < len(valori) else ""
            k = testo_regione if testo_regione.isdigit() else chiave(testo_regione)
            if k not in regioni:
                errori.aggiungi(numero, _("Riga %(riga)d: regione «%(regione)s» sconosciuta.") % {"riga": numero, "regione": testo_regione})
                continue
            regione_id = regioni[k]
            if regione_id in viste:
                errori.aggiungi(
                    numero,
                    _("Riga %(riga)d: «%(regione)s» compare già alla riga %(prima)d.")
                    % {"riga": numero, "regione": testo_regione, "prima": viste[regione_id]},
                )
                continue
            viste[regione_id] = numero
            for i, contatore in colonne.items():
                testo = valori[i] if i < len(valori) else ""
                try:
                    celle[contatore, regione_id] = leggi_numero(testo)
                except ValoreNonValido as exc:
                    errori.aggiungi(
                        numero,
                        _("Riga %(riga)d, colonna «%(colonna)s» («%(valore)s»): %(motivo)s.")
                        % {"riga": numero, "colonna": contatore, "valore": testo[:100], "motivo": exc},
                    )
    except FileNonValido as exc:
        # Found while reading the rows (a formula without its value, a limit of the reader): the whole file is refused.
        return Lettura({}, [*errori.chiudi(), str(exc)])
    return Lettura(celle, errori.chiudi())


# --- the grid: writing ----------------------------------------------------------------------


@transaction.atomic
def salva_griglia(programma: Programma, celle: Griglia, *, scadenza: dt.date | None, utente: Any) -> int:
    """Approved targets: each cell sets (or, empty, removes) a target and clears any proposal."""
    scritti = 0
    for (contatore, regione_id), valore in celle.items():
        if valore is None:
            Obiettivo.objects.filter(programma=programma, contatore=contatore, regione_id=regione_id).delete()
            continue
        Obiettivo.objects.update_or_create(
            programma=programma,
            contatore=contatore,
            regione_id=regione_id,
            defaults={"valore": valore, "valore_proposto": None, "scadenza": scadenza, "aggiornato_da": utente},
        )
        scritti += 1
    return scritti


@transaction.atomic
def copia_dalla_precedente(programma: Programma, *, utente: Any) -> tuple[int, int]:
    """The previous edition's approved targets copied into the cells of this one that have none (a
    target already set, or proposed by a region, is kept): returns (copied, kept)."""
    precedente = programma.precedente
    if precedente is None:
        return 0, 0
    esistenti = {(o.contatore, o.regione_id) for o in Obiettivo.objects.filter(programma=programma).only("contatore", "regione_id")}
    celle: Griglia = {}
    tenuti = 0
    for obiettivo in Obiettivo.objects.filter(programma=precedente).approvati():
        if obiettivo.contatore not in PER_CHIAVE or not PER_CHIAVE[obiettivo.contatore].con_obiettivo:
            continue
        if (obiettivo.contatore, obiettivo.regione_id) in esistenti:
            tenuti += 1
        else:
            celle[obiettivo.contatore, obiettivo.regione_id] = obiettivo.valore
    return (salva_griglia(programma, celle, scadenza=None, utente=utente) if celle else 0), tenuti


@transaction.atomic
def proponi(programma: Programma, regione: Regione, proposte: dict[str, Decimal | None], *, utente: Any) -> int:
    """An Operatore's proposals for their region: the approved targets stay until a Coordinatore decides."""
    scritti = 0
    for contatore, valore in proposte.items():
        obiettivo = Obiettivo.objects.filter(programma=programma, contatore=contatore, regione=regione).first()
        if obiettivo is None:
            if valore is not None:
                Obiettivo.objects.create(
                    programma=programma, contatore=contatore, regione=regione, valore_proposto=valore, aggiornato_da=utente
                )
                scritti += 1
            continue
        if obiettivo.valore_proposto != valore:
            obiettivo.valore_proposto = valore
            obiettivo.aggiornato_da = utente
            if obiettivo.valore is None and valore is None:
                obiettivo.delete()
            else:
                obiettivo.save()
            scritti += 1
    return scritti
