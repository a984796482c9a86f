"""Writes of the programme spanning several models: starting a new edition."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from programma.models import OperaPrioritaria, ProgettoRegionale, Programma


class EdizioneNonAvviabile(ValueError):
    """Why an edition cannot be started; the message is Italian."""


@dataclass(frozen=True)
class Avvio:
    progetti: int
    opere: int


def suffisso_riportata(nuova: Programma) -> str:
    # Codici are unique across editions: a carried-over copy takes the new edition's year.
    return f"-{nuova.data_inizio:%Y}"


@transaction.atomic
def avvia_edizione(nuova: Programma, *, da: Programma, porta_opere: bool) -> Avvio:
    """Make `nuova` the active edition with the skeleton of `da`'s regional projects.

    Each project is copied (region, enti, title, budget) with its four phases reset (they are
    created by the project's save()). With `porta_opere`, the works of `da` still open are
    copied into the new edition, tied to the region's new project: `da`'s own records are never
    changed, so its counters and lists stay as they were.
    """
    nuova = Programma.objects.select_for_update().get(pk=nuova.pk)
    if nuova.pk == da.pk:
        raise EdizioneNonAvviabile(_("L'edizione da avviare è già quella di partenza."))
    if nuova.progetti.exists() or OperaPrioritaria.objects.nell_edizione(nuova).exists():
        raise EdizioneNonAvviabile(_("L'edizione «%(edizione)s» contiene già dati: è già stata avviata.") % {"edizione": nuova.nome})
    nuovi: dict[int, ProgettoRegionale] = {}
    for progetto in da.progetti.select_related("regione").prefetch_related("enti_partecipanti"):
        copia = ProgettoRegionale(
            programma=nuova,
            regione=progetto.regione,
            ente_capofila_id=progetto.ente_capofila_id,
            titolo=progetto.titolo,
            descrizione=progetto.descrizione,
            budget=progetto.budget,
        )
        copia.save()  # creates the four phases, reset
        copia.enti_partecipanti.set(progetto.enti_partecipanti.all())
        nuovi[progetto.regione_id] = copia
    opere = 0
    if porta_opere:
        opere = _porta_opere(nuova, da, nuovi)
    nuova.attivo = True
    nuova.save()  # retires `da` (and any other active edition) in the same transaction
    return Avvio(progetti=len(nuovi), opere=opere)


def _porta_opere(nuova: Programma, da: Programma, nuovi: dict[int, ProgettoRegionale]) -> int:
    aperte = list(OperaPrioritaria.objects.nell_edizione(da).aperte().prefetch_related("province"))
    suffisso = suffisso_riportata(nuova)
    codici = [opera.codice[: 40 - len(suffisso)] + suffisso for opera in aperte]
    esistente = OperaPrioritaria.objects.filter(codice__in=codici).values_list("codice", flat=True).first()
    if esistente is not None or len(set(codici)) < len(codici):
        raise EdizioneNonAvviabile(
            _("Non è possibile riportare le opere: il codice %(codice)s sarebbe ripetuto.") % {"codice": esistente or codici[0]}
        )
    for opera, codice in zip(aperte, codici):
        province = list(opera.province.all())
        # A new row copied from the old one; the old work stays in its edition, unchanged.
        opera.pk = opera.id = None
        opera._state.adding = True
        opera._prefetched_objects_cache = {}  # else set() below would see the old work's provinces
        opera.codice = codice
        opera.progetto = nuovi.get(opera.regione_id)
        opera.programma = nuova
        opera.tavolo = None  # the tavolo belongs to the old edition
        opera.save()
        opera.province.set(province)
    return len(aperte)
