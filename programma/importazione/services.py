"""Import of works: read, (map,) validate, classify and (all or nothing) write; and undo.

`importa_opere` is the one entry point used by the staff pages, the Celery task and the command.
A file whose headers are not ours is read through a column mapping (`mappatura.Mappatura`) between
reading and validating. An upload waits for its preview to be confirmed; one left unconfirmed is
discarded after IMPORT_ANTEPRIMA_ORE (`scarta_scadute`, run by Celery beat).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from programma.importazione import fileformat, writing
from programma.importazione.mappatura import Mappatura
from programma.importazione.models import DURATA_MASSIMA, ErroreImportazione, Importazione
from programma.importazione.reading import FileNonValido, dimensione_estratta, leggi_tabella
from programma.importazione.validation import MAX_VALORE, Analisi, Errore, I, analizza, mappa_intestazioni, tronca

logger = logging.getLogger(__name__)

# Sent after an import (or its undoing) changed the works; kwargs: none. contatori recounts.
opere_importate = Signal()

# The preview lists each row up to this many (all the errors are always kept).
ANTEPRIMA_MAX_RIGHE = 5000
# Above these a browser import runs in the background.
SINCRONO_MAX_BYTE = 1024 * 1024
SINCRONO_MAX_RIGHE = 5000
# An XLSX is judged by what it unpacks to: a small archive may hold a long sheet.
SINCRONO_MAX_BYTE_ESTRATTI = 10 * 1024 * 1024

NUOVA, AGGIORNATA, INVARIATA, ERRATA = "nuova", "aggiornata", "invariata", "errata"


@dataclass
class Esito:
    analisi: Analisi
    create: int = 0
    aggiornate: int = 0
    invariate: int = 0
    scritto: bool = False
    righe: list[dict[str, Any]] = field(default_factory=list)  # per-row preview, capped
    importazione: Importazione | None = None
    durata: float = 0.0

    @property
    def errori(self) -> list[Errore]:
        return self.analisi.errori

    @property
    def valido(self) -> bool:
        return self.analisi.valida

    @property
    def righe_errate(self) -> int:
        return self.analisi.righe_errate


def in_background(dati: bytes) -> bool:
    return (
        len(dati) > SINCRONO_MAX_BYTE
        or dati.count(b"\n") > SINCRONO_MAX_RIGHE
        or dimensione_estratta(dati) > SINCRONO_MAX_BYTE_ESTRATTI
    )


@contextlib.contextmanager
def senza_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a file makes millions of small acyclic objects,
    and the collector would otherwise rescan them over and over (a third of the time)."""
    attivo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if attivo:
            gc.enable()


def importa_opere(
    dati: bytes,
    *,
    nome_file: str,
    dry_run: bool = False,
    utente: Any = None,
    importazione: Importazione | None = None,
    origine: str = "comando",
    progresso: Callable[[int, int], None] | None = None,
    anteprima: bool = False,
    mappatura: Mappatura | None = None,
) -> Esito:
    """Import (or with dry_run only check) a CSV/XLSX file of works. Nothing is written if any row is bad.

    Without an `importazione` a history row is created only when the import writes, so a refused
    command-line import leaves the database untouched. With a `mappatura`, the file's columns and
    values are read as it says.
    """
    with senza_gc():
        return _importa(dati, nome_file, dry_run, utente, importazione, origine, progresso, anteprima, mappatura)


def _importa(
    dati: bytes,
    nome_file: str,
    dry_run: bool,
    utente: Any,
    importazione: Importazione | None,
    origine: str,
    progresso: Callable[[int, int], None] | None,
    anteprima: bool,
    mappatura: Mappatura | None,
) -> Esito:
    inizio = time.perf_counter()
    try:
        tabella = leggi_tabella(dati)
        avvisi: list[str] = []
        if mappatura:
            tabella, avvisi = mappatura.applica(tabella)
        stimate = tabella.righe_stimate
        analisi = analizza(tabella, progresso=(lambda n: progresso(n, stimate)) if progresso else None)
        analisi.avvisi[:0] = avvisi
    except FileNonValido as exc:
        analisi = Analisi(errori=[Errore(0, "", "", str(exc))])
    esito = Esito(analisi=analisi)
    if not analisi.valida or dry_run:
        if anteprima or (dry_run and analisi.valida):
            _classifica(esito, anteprima=anteprima)
        esito.durata = time.perf_counter() - inizio
        return esito
    if progresso:
        progresso(-1, 0)
    with transaction.atomic():
        writing.blocca_tabella()
        classificazione = _classifica(esito, anteprima=anteprima)
        if importazione is None:
            importazione = Importazione(utente=utente, nome_file=nome_file[:255], origine=origine, conferma=True)
            importazione.save()
        writing.scrivi(classificazione, analisi.presenti, importazione)
        esito.scritto = True
        esito.importazione = importazione
        _registra(importazione, esito, Importazione.Stato.COMPLETATA)
        if classificazione.indici_nuove or classificazione.modificate:
            _annuncia_opere_cambiate()
    esito.durata = time.perf_counter() - inizio
    Importazione.objects.filter(pk=importazione.pk).update(durata_secondi=esito.durata)
    return esito


def _classifica(esito: Esito, *, anteprima: bool) -> writing.Classificazione:
    analisi = esito.analisi
    classificazione = writing.classifica(analisi.numeri, analisi.colonne, analisi.presenti)
    esito.create = len(classificazione.indici_nuove)
    esito.aggiornate = len(classificazione.modificate)
    esito.invariate = len(classificazione.invariate)
    if anteprima:
        esito.righe = _righe_anteprima(analisi, classificazione)
    return classificazione


def _righe_anteprima(analisi: Analisi, classificazione: writing.Classificazione) -> list[dict[str, Any]]:
    """One entry per row of the file (up to ANTEPRIMA_MAX_RIGHE): its outcome, and its values as
    they were read (the parsed values of a good row, the cells of a bad one beside its errors)."""
    titolo = writing.I["titolo"]
    testi = _TestiAnteprima(analisi.presenti)
    righe: dict[int, dict[str, Any]] = {}

    def voce(riga: writing.Riga, esito: str, dettaglio: str = "") -> dict[str, Any]:
        return {
            "riga": riga.numero,
            "codice": riga.valori[0],
            "titolo": riga.valori[titolo],
            "esito": esito,
            "dettaglio": dettaglio,
            "valori": testi.di(riga.valori),
            "errate": [],
        }

    for esito, elenco in ((NUOVA, classificazione.nuove), (INVARIATA, classificazione.invariate)):
        for riga in elenco:
            if riga.numero <= ANTEPRIMA_MAX_RIGHE + 1:
                righe[riga.numero] = voce(riga, esito)
    for modifica in classificazione.modificate:
        if modifica.riga.numero <= ANTEPRIMA_MAX_RIGHE + 1:
            righe[modifica.riga.numero] = voce(modifica.riga, AGGIORNATA, ", ".join(modifica.cambiate))
    for errore in analisi.errori:
        if 0 < errore.riga <= ANTEPRIMA_MAX_RIGHE + 1:
            riga = righe.setdefault(
                errore.riga,
                {
                    "riga": errore.riga, "codice": errore.codice, "titolo": errore.titolo, "esito": ERRATA, "dettaglio": "",
                    "valori": analisi.grezze.get(errore.riga, {}), "errate": [],
                },
            )  # fmt: skip
            riga["esito"] = ERRATA
            riga["dettaglio"] = "; ".join(filter(None, [riga["dettaglio"], f"{errore.colonna}: {errore.motivo}"]))
            if (colonna := fileformat.colonna_di(errore.colonna)) and colonna not in riga["errate"]:
                riga["errate"].append(colonna)
    return [righe[n] for n in sorted(righe)]


class _TestiAnteprima:
    """A good row's values as the preview shows them: amounts, dates and yes/no the Italian way,
    regions and editions by name, provinces by sigla, choices by label (three queries a file)."""

    def __init__(self, presenti: tuple[str, ...]) -> None:
        from programma.models import Modalita, OperaPrioritaria, Programma
        from regioni.models import Provincia, Regione

        self.colonne = [c for c in fileformat.COLONNE if c in presenti]
        self.etichette = {
            "modalita": dict(Modalita.choices),
            "stato": dict(OperaPrioritaria.Stato.choices),
            "semaforo": dict(OperaPrioritaria.Semaforo.choices),
        }
        self.regioni = dict(Regione.objects.values_list("pk", "nome")) if "regione" in presenti else {}
        self.sigle = dict(Provincia.objects.values_list("pk", "sigla")) if "province" in presenti else {}
        self.edizioni = dict(Programma.objects.values_list("pk", "nome")) if "programma" in presenti else {}

    def di(self, valori: list[Any]) -> dict[str, str]:
        # As long as an error quotes a value: a page of rows, not of descriptions.
        return {c: tronca(self.testo(c, valori[I[c]]), MAX_VALORE) for c in self.colonne}

    def testo(self, colonna: str, valore: Any) -> str:
        if valore is None or valore == "":
            return ""
        if colonna == "costo_stimato":
            return f"{fileformat.scrivi_importo(valore)} €"
        if colonna == "data_completamento_prevista":
            return fileformat.scrivi_data(valore)
        if isinstance(valore, bool):
            return fileformat.scrivi_booleano(valore)
        if colonna in self.etichette:
            return str(self.etichette[colonna].get(valore, valore))
        if colonna == "regione":
            return self.regioni.get(valore, "")
        if colonna == "province":
            return " ".join(sorted(self.sigle[pk] for pk in valore))
        if colonna == "programma":
            return self.edizioni.get(valore, "")
        return str(valore)


def _registra(importazione: Importazione, esito: Esito, stato: str) -> None:
    """Write the outcome on the history row, and the errors as rows of their own (one bulk insert)."""
    importazione.stato = stato
    importazione.fase = ""
    importazione.righe_totali = esito.analisi.righe_lette
    importazione.righe_elaborate = esito.analisi.righe_lette
    importazione.righe_create = esito.create
    importazione.righe_aggiornate = esito.aggiornate
    importazione.righe_invariate = esito.invariate
    importazione.righe_errate = esito.righe_errate
    importazione.righe_non_elencate = esito.analisi.righe_non_elencate
    importazione.avvisi = esito.analisi.avvisi
    importazione.anteprima = esito.righe
    importazione.completata_il = importazione.ultimo_segnale = timezone.now()
    # Outside the import's write this is a transaction of its own: if it fails, the row is left as it
    # was and esegui can still record the failure. (Errors only exist for a rejected file, which is
    # never run again: there are none to replace.)
    with transaction.atomic(savepoint=False):
        importazione.save()
        if esito.errori:
            ErroreImportazione.objects.bulk_create(
                ErroreImportazione(importazione=importazione, **Errore.dal_file(**e.come_dict()).come_dict())
                for e in esito.errori
            )


def _annuncia_opere_cambiate() -> None:
    # The import writes in bulk (no post_save): it says so with its own signal, which the counters
    # app, a layer above, answers by queueing a recount (contatori/signals.py).
    opere_importate.send(sender=Importazione)


# --- history-row driven runs (admin, Celery) -------------------------------------------


def crea_importazione(*, file_caricato: Any, utente: Any, mappatura: Mappatura | None = None) -> Importazione:
    """Store an uploaded file as a new import, waiting for its preview (read through `mappatura`)."""
    dati = file_caricato.read()
    importazione = Importazione(
        utente=utente,
        nome_file=file_caricato.name[:255],
        origine="pagina",
        ultimo_segnale=timezone.now(),
        mappatura=mappatura.come_dict() if mappatura else {},
    )
    importazione.file.save(file_caricato.name, ContentFile(dati), save=False)
    importazione.save()
    return importazione


def leggi_file(importazione: Importazione) -> bytes:
    with importazione.file.open("rb") as f:
        return f.read()


def va_abbinato(dati: bytes) -> bool:
    """Whether a file cannot be read in our format as it is (a required column missing, or one
    repeated): it needs its columns matched first. A file that cannot be read at all goes on to
    its preview, which says why."""
    try:
        intestazioni = leggi_tabella(dati).intestazioni
    except FileNonValido:
        return False
    return bool(mappa_intestazioni(intestazioni)[1])


def scarta(importazione: Importazione) -> None:
    """Discard an import never confirmed: its row, its errors and the uploaded file."""
    if importazione.conferma:
        raise ValueError(_("Un'importazione confermata non si scarta: si annulla."))
    importazione.file.delete(save=False)
    importazione.delete()


def scarta_scadute(*, ore: int | None = None) -> int:
    """Discard the imports waiting for their columns to be matched or their preview to be confirmed
    for longer than IMPORT_ANTEPRIMA_ORE; returns how many."""
    scadute = list(Importazione.objects.scadute(ore=ore).only("pk", "file", "conferma"))
    for importazione in scadute:
        scarta(importazione)
    return len(scadute)


def esegui(importazione: Importazione) -> Esito | None:
    """Run an import from its history row: the preview if not confirmed yet, else the real import.

    Whatever goes wrong ends the import "non riuscita" with a reason (a killed process cannot say
    so: `Importazione.objects.chiudi_interrotte` does it later).
    """
    importazione.stato = Importazione.Stato.IN_CORSO
    importazione.fase = "lettura"
    importazione.iniziata_il = importazione.ultimo_segnale = timezone.now()
    importazione.righe_elaborate = 0
    importazione.save(update_fields=["stato", "fase", "iniziata_il", "ultimo_segnale", "righe_elaborate"])

    def progresso(righe: int, totale: int) -> None:
        adesso = timezone.now()
        if righe < 0:
            Importazione.objects.filter(pk=importazione.pk).update(fase="scrittura", ultimo_segnale=adesso)
        else:
            Importazione.objects.filter(pk=importazione.pk).update(
                fase="validazione", righe_elaborate=righe, righe_totali=totale, ultimo_segnale=adesso
            )

    try:
        esito = importa_opere(
            leggi_file(importazione),
            nome_file=importazione.nome_file,
            dry_run=not importazione.conferma,
            utente=importazione.utente,
            importazione=importazione,
            progresso=progresso,
            anteprima=not importazione.conferma,
            mappatura=Mappatura.da_dict(importazione.mappatura) if importazione.mappatura else None,
        )
        if not esito.scritto:
            stato = Importazione.Stato.ANTEPRIMA if esito.valido else Importazione.Stato.RIFIUTATA
            _registra(importazione, esito, stato)
            Importazione.objects.filter(pk=importazione.pk).update(durata_secondi=esito.durata)
    except BaseException as exc:  # noqa: BLE001 - recorded, then a worker's own signals go on up
        logger.exception("Importazione %s non riuscita", importazione.pk)
        segna_fallita(importazione.pk, messaggio=_motivo_fallimento(exc))
        if not isinstance(exc, Exception):
            raise
        return None
    return esito


def _motivo_fallimento(exc: BaseException) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        motivo = _("l'importazione ha superato il tempo massimo di %(minuti)d minuti") % {"minuti": DURATA_MASSIMA // 60}
    elif isinstance(exc, MemoryError):
        motivo = _("memoria insufficiente per questo file: dividerlo in parti più piccole")
    elif isinstance(exc, DatabaseError):
        motivo = _("errore del database (%(errore)s)") % {"errore": exc.__class__.__name__}
    elif not isinstance(exc, Exception):
        motivo = _("il processo che la eseguiva è stato fermato")
    else:
        motivo = _("errore imprevisto (%(errore)s)") % {"errore": exc.__class__.__name__}
    return _("Importazione non riuscita: %(motivo)s. Nessuna modifica è stata salvata.") % {"motivo": motivo}


def segna_fallita(pk: int, *, messaggio: str) -> None:
    """End a queued or running import "non riuscita" (never one that completed: its write committed)."""
    try:
        Importazione.objects.filter(pk=pk, stato__in=Importazione.IN_ESECUZIONE).update(
            stato=Importazione.Stato.FALLITA, fase="", completata_il=timezone.now(), messaggio=messaggio
        )
    except DatabaseError:  # the database itself is gone: chiudi_interrotte will close it later
        logger.exception("Importazione %s: impossibile registrare il fallimento", pk)


def conferma(importazione: Importazione) -> None:
    importazione.conferma = True
    importazione.stato = Importazione.Stato.IN_CODA
    importazione.fase = ""
    importazione.righe_elaborate = 0
    importazione.ultimo_segnale = timezone.now()
    importazione.save(update_fields=["conferma", "stato", "fase", "righe_elaborate", "ultimo_segnale"])


@transaction.atomic
def annulla(importazione: Importazione, *, utente: Any) -> tuple[int, int]:
    """Undo a completed import: delete what it created, restore what it changed."""
    importazione = Importazione.objects.select_for_update().get(pk=importazione.pk)
    if motivo := importazione.motivo_non_annullabile:
        raise ValueError(motivo)
    writing.blocca_tabella()
    eliminate, ripristinate = writing.ripristina(importazione)
    importazione.stato = Importazione.Stato.ANNULLATA
    importazione.annullata_il = timezone.now()
    importazione.annullata_da = utente if getattr(utente, "pk", None) else None
    importazione.messaggio = _("Annullata: %(e)d opere eliminate, %(r)d opere riportate ai valori precedenti.") % {
        "e": eliminate,
        "r": ripristinate,
    }
    importazione.save()
    _annuncia_opere_cambiate()
    return eliminate, ripristinate


def anteprima_annullamento(importazione: Importazione, *, campione: int = 5) -> dict[str, Any]:
    """What undoing would do, for the confirmation page: how many works go and come back, a sample
    of each, and how many of them were edited by hand after the import (those edits would be lost)."""
    from programma.models import OperaPrioritaria

    create = OperaPrioritaria.objects.filter(importazione.filtro_create())
    ids_aggiornate = importazione.valori_precedenti.values("opera_id")
    aggiornate = OperaPrioritaria.objects.filter(pk__in=ids_aggiornate)
    toccate = OperaPrioritaria.history.filter(
        importazione.filtro_create("id") | Q(id__in=ids_aggiornate),
        history_date__gt=importazione.completata_il or importazione.creata_il,
    )
    return {
        "n_create": sum(ultimo - primo + 1 for primo, ultimo in importazione.opere_create),
        "esempi_create": list(create.order_by("codice").only("codice", "titolo")[:campione]),
        "n_aggiornate": importazione.righe_aggiornate,
        "esempi_aggiornate": list(aggiornate.order_by("codice").only("codice", "titolo")[:campione]),
        "n_modificate_dopo": toccate.values("id").distinct().count(),
    }
