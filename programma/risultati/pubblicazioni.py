"""When a book is printed, and the files it leaves: the Libro Bianco and the national volume are made
once, in the background, and served as stored files.

- A regional book is printed when its project is approved (the approved version) and again when it
  is published (the published version, which the public section serves); the national volume is
  printed again whenever a region publishes. A staff preview of a draft is printed on request, once
  for each version of the draft.
- A print is a `Stampa` row: queued on commit (`richiedi_*`), typeset by a Celery task (`esegui`)
  within the budget of `stampa.py`, stored with its SHA-256. The request that asked never waits for
  it, and a visitor never causes one: with no ready print the public download is a 404 or says the
  book is being prepared.
- `ripara` (Celery beat, and `manage.py prepara_libri`) prints what is missing: a published book
  without its file (published before this existed, or whose print failed or was lost with a worker).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programma import spreadsheets
from programma.models.progetti import Programma
from programma.risultati import libro_bianco
from programma.risultati.models import OperaSostenuta, ProgettoStrategico, Stampa
from programma.risultati.stampa import Pdf, StampaNonRiuscita, stampa_molti

logger = logging.getLogger(__name__)

# A print still "in preparation" after this long was lost (a worker died, the broker dropped it):
# `ripara` queues it again.
SECONDI_PRIMA_DI_RIPROVARE = 15 * 60


def versione_del_contenuto(strategico: ProgettoStrategico) -> str:
    """The version of a project's content: its latest history id (every save and every workflow
    step writes one; the form saves recommendations and works together with the project)."""
    ultima = strategico.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(ultima or 0)


def _versione_nazionale(edizione: Programma) -> str:
    """The national volume's content: the published projects in it and their versions."""
    pubblicati = ProgettoStrategico.objects.filter(stato=ProgettoStrategico.Stato.PUBBLICATO, progetto__programma=edizione)
    voci = sorted(f"{s.pk}:{versione_del_contenuto(s)}" for s in pubblicati.only("pk"))
    return hashlib.sha256(";".join(voci).encode()).hexdigest()


def _accoda_dopo_il_commit(stampa: Stampa) -> None:
    pk = stampa.pk
    transaction.on_commit(lambda: accoda(pk))


def accoda(pk: int) -> None:
    """Queue a print's task. A broker that does not answer leaves it queued for `ripara`: the
    approval or publication that asked for it has already happened and stays."""
    from programma.risultati.tasks import prepara_stampa

    try:
        prepara_stampa.delay(pk)
    except Exception:  # noqa: BLE001 - any broker failure: the print waits for the next repair
        logger.exception("Stampa %s: impossibile accodarla; sarà ripresa dalla prossima riparazione", pk)


def _nuova(cerca: dict[str, Any], numerata: bool, **campi: Any) -> tuple[Stampa, bool]:
    """The print of this content for this purpose, created (numbered after the book's last one) if new."""
    esistente = Stampa.objects.filter(**cerca).first()
    if esistente is not None:
        return esistente, False
    for _tentativo in range(3):
        versione = None
        if numerata:
            chiave = {k: v for k, v in cerca.items() if k != "origine"}
            versione = (Stampa.objects.filter(**chiave).aggregate(n=Max("versione"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return Stampa.objects.create(**cerca, versione=versione, **campi), True
        except IntegrityError:
            # Asked at the same moment by another request: theirs, or the next number.
            esistente = Stampa.objects.filter(**cerca).first()
            if esistente is not None:
                return esistente, False
    raise IntegrityError("Stampa: numero di versione conteso")


def richiedi_libro(strategico: ProgettoStrategico, scopo: str, *, accoda: bool = True) -> Stampa:
    """The print of the project's current version for this purpose; queued after commit if new
    (unless `accoda` is false: the caller prints it)."""
    cerca = {"strategico": strategico, "scopo": scopo, "origine": versione_del_contenuto(strategico)}
    stampa, nuova = _nuova(
        cerca, scopo != Stampa.Scopo.ANTEPRIMA, genere=Stampa.Genere.LIBRO_BIANCO, programma_id=strategico.progetto.programma_id
    )
    if nuova and accoda:
        _accoda_dopo_il_commit(stampa)
    return stampa


def richiedi_volume_nazionale(edizione: Programma, *, accoda: bool = True) -> Stampa:
    """The national volume with the books published now; a new version when that set has changed."""
    cerca = {"programma": edizione, "strategico": None, "scopo": Stampa.Scopo.PUBBLICAZIONE, "origine": _versione_nazionale(edizione)}
    stampa, nuova = _nuova(cerca, True, genere=Stampa.Genere.VOLUME_NAZIONALE)
    if nuova and accoda:
        _accoda_dopo_il_commit(stampa)
    return stampa


def riprova(stampa: Stampa, *, accoda: bool = True) -> None:
    """Queue a failed (or lost) print again, on the same row: its number and content stay."""
    Stampa.objects.filter(pk=stampa.pk).update(stato=Stampa.Stato.IN_CODA, messaggio="", richiesta_il=timezone.now(), iniziata_il=None)
    if accoda:
        _accoda_dopo_il_commit(stampa)


# --- the workflow's moments ---------------------------------------------------------------------


def dopo_approvazione(strategico: ProgettoStrategico) -> None:
    """Called on commit of an approval (after the counters of the day are stored on the project)."""
    richiedi_libro(strategico, Stampa.Scopo.APPROVAZIONE)


def dopo_pubblicazione(strategico: ProgettoStrategico) -> None:
    """Called on commit of a publication: the published book, and the national volume with it."""
    richiedi_libro(strategico, Stampa.Scopo.PUBBLICAZIONE)
    richiedi_volume_nazionale(strategico.progetto.programma)


def stampa_per_lo_staff(strategico: ProgettoStrategico) -> Stampa:
    """The print the staff's "Libro Bianco" link opens: the published or approved version once there
    is one (the latest), else a preview of the draft as it is now (asked for if new)."""
    scopo = {
        ProgettoStrategico.Stato.PUBBLICATO: Stampa.Scopo.PUBBLICAZIONE,
        ProgettoStrategico.Stato.APPROVATO: Stampa.Scopo.APPROVAZIONE,
    }.get(strategico.stato, Stampa.Scopo.ANTEPRIMA)
    if scopo != Stampa.Scopo.ANTEPRIMA:
        esistente = strategico.stampe.filter(scopo=scopo).order_by("-versione").first()
        if esistente is not None:
            return esistente
    return richiedi_libro(strategico, scopo)


def nome_del_file(stampa: Stampa, *, allegato: bool = False) -> str:
    """The name a print downloads as: "libro-bianco-liguria-programma-infrastrutture-2025-2026-v2.pdf"."""
    documento = f"libro-bianco-{stampa.strategico.progetto.regione.slug}" if stampa.strategico_id else "libro-bianco-nazionale"
    suffisso = f"v{stampa.versione}" if stampa.versione else f"anteprima-{stampa.origine}"
    base = f"{documento}-{slugify(stampa.programma.nome)}-{suffisso}"
    return f"{base}-elenco-completo.xlsx" if allegato else f"{base}.pdf"


# --- the print itself ----------------------------------------------------------------------------


def esegui(pk: int) -> Stampa | None:
    """Typeset one queued print and store its file (the Celery task)."""
    return esegui_tutte([pk])[0]


def esegui_tutte(pks: list[int], *, in_parallelo: int = 1) -> list[Stampa | None]:
    """Typeset these queued prints, `in_parallelo` at a time (each in its own child process), and
    store their files. A print runs once: one another worker has taken, or that is done, is left
    alone. One that fails says why, on its row, and frees the worker; the others go on."""
    prese: list[tuple[Stampa, str]] = []
    for pk in pks:
        if not Stampa.objects.filter(pk=pk, stato=Stampa.Stato.IN_CODA).update(stato=Stampa.Stato.IN_CORSO, iniziata_il=timezone.now()):
            continue
        stampa = Stampa.objects.select_related("strategico__progetto__regione", "programma").get(pk=pk)
        try:
            prese.append((stampa, _html(stampa)))
        except Exception:
            _fallita(stampa, _("Errore interno durante la preparazione: è stato registrato."))
            raise
    esiti = stampa_molti([html for _stampa, html in prese], in_parallelo=in_parallelo)
    for (stampa, _html_stampa), esito in zip(prese, esiti):
        if isinstance(esito, StampaNonRiuscita):
            _fallita(stampa, str(esito))
        else:
            _archivia(stampa, esito)
    return [Stampa.objects.filter(pk=pk).first() for pk in pks]


def _html(stampa: Stampa) -> str:
    if stampa.genere == Stampa.Genere.LIBRO_BIANCO:
        return libro_bianco.html_regionale(stampa.strategico, stampa)
    return libro_bianco.html_nazionale(stampa.programma, stampa)


def _fallita(stampa: Stampa, messaggio: str) -> None:
    Stampa.objects.filter(pk=stampa.pk).update(stato=Stampa.Stato.FALLITA, messaggio=messaggio, completata_il=timezone.now())


def _archivia(stampa: Stampa, pdf: Pdf) -> None:
    stampa.file.save(nome_del_file(stampa), ContentFile(pdf.contenuto), save=False)
    stampa.sha256 = hashlib.sha256(pdf.contenuto).hexdigest()
    stampa.dimensione = len(pdf.contenuto)
    if stampa.strategico_id:
        _allegato(stampa)
    stampa.stato = Stampa.Stato.PRONTA
    stampa.secondi = round(pdf.secondi, 2)
    stampa.completata_il = timezone.now()
    stampa.save()


def _allegato(stampa: Stampa) -> None:
    """The book's annex: every endorsed work and source tavolo, when the book prints only the first ones."""
    strategico = stampa.strategico
    opere = OperaSostenuta.objects.filter(progetto_strategico=strategico)
    if opere.count() <= libro_bianco.MAX_OPERE and strategico.tavoli.count() <= libro_bianco.MAX_TAVOLI:
        return
    contenuto = spreadsheets.cartella_xlsx([_foglio_opere(opere), _foglio_tavoli(strategico)])
    stampa.allegato.save(nome_del_file(stampa, allegato=True), ContentFile(contenuto), save=False)
    stampa.allegato_sha256 = hashlib.sha256(contenuto).hexdigest()


def _foglio_opere(opere: QuerySet) -> tuple[str, list[list[Any]], list[str | None]]:
    intestazione = [_("Codice"), _("CUP"), _("Opera"), _("Modalità"), _("Livello"), _("Stato"), _("Semaforo"), _("Costo stimato")]
    righe = [
        [o.codice, o.cup, o.titolo, o.get_modalita_display(), s.get_livello_display(), o.get_stato_display(), o.get_semaforo_display(), o.costo_stimato]
        for s in opere.select_related("opera").order_by("livello", "-opera__costo_stimato", "opera__codice")
        for o in [s.opera]
    ]
    return _("Opere sostenute"), [intestazione, *righe], [None] * 7 + [spreadsheets.IMPORTO]


def _foglio_tavoli(strategico: ProgettoStrategico) -> tuple[str, list[list[Any]], list[str | None]]:
    categorie = libro_bianco.CATEGORIE_PARTECIPANTI
    intestazione = [_("Data"), _("Tavolo"), _("Luogo"), *[str(c).capitalize() for c in categorie.values()], _("Partecipanti")]
    righe = [
        [t.data, t.titolo, t.luogo, *[getattr(t, campo) for campo in categorie], t.n_partecipanti]
        for t in strategico.tavoli.order_by("data", "pk")
    ]
    return _("Tavoli di confronto"), [intestazione, *righe], [None] * 3 + [spreadsheets.INTERO] * (len(categorie) + 1)


# --- what is missing ------------------------------------------------------------------------------


def ripara(*, sincrono: bool = False) -> int:
    """Ask for every print that should exist and does not (a published book without a ready print,
    an edition whose national volume lacks a book), and queue again the ones lost in preparation.
    With `sincrono`, print them here and now (seed_demo, `manage.py prepara_libri`). Returns how many."""
    da_fare: list[Stampa] = []
    pubblicati = ProgettoStrategico.objects.filter(stato=ProgettoStrategico.Stato.PUBBLICATO).select_related("progetto")
    for strategico in pubblicati:
        if not strategico.stampe.pubblicate().exists():
            da_fare.append(richiedi_libro(strategico, Stampa.Scopo.PUBBLICAZIONE, accoda=not sincrono))
    for edizione in Programma.objects.filter(progetti__strategico__stato=ProgettoStrategico.Stato.PUBBLICATO).distinct():
        da_fare.append(richiedi_volume_nazionale(edizione, accoda=not sincrono))
    scadute = timezone.now() - dt.timedelta(seconds=SECONDI_PRIMA_DI_RIPROVARE)
    perse = Stampa.objects.filter(stato__in=Stampa.IN_PREPARAZIONE, richiesta_il__lt=scadute).exclude(scopo=Stampa.Scopo.ANTEPRIMA)
    fallite = Stampa.objects.filter(stato=Stampa.Stato.FALLITA, scopo=Stampa.Scopo.PUBBLICAZIONE, richiesta_il__lt=scadute)
    for stampa in [*perse, *fallite]:
        riprova(stampa, accoda=not sincrono)
        da_fare.append(stampa)
    da_fare = [s for s in {s.pk: s for s in da_fare}.values() if Stampa.objects.filter(pk=s.pk, stato__in=Stampa.IN_PREPARAZIONE).exists()]
    if sincrono:
        esegui_tutte([s.pk for s in da_fare], in_parallelo=os.cpu_count() or 1)
    return len(da_fare)
