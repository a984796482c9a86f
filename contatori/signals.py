"""Every committed change to counted data queues one debounced recount."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from contatori.coda import accoda_ricalcolo
from contatori.fotografie import fotografa_contatori


def _modificato(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: fixtures are not edits
        return
    accoda_ricalcolo(origine="modifica")


def _m2m_modificato(sender: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        accoda_ricalcolo(origine="modifica")


def _strategico_approvato(sender: Any, istanza: Any, **kwargs: Any) -> None:
    fotografa_contatori(istanza)


def _stampa_salvata(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A published book counts once its file is ready (ProgettoStrategicoQuerySet.pubblicati).
    if instance.stato == instance.Stato.PRONTA and instance.scopo == instance.Scopo.PUBBLICAZIONE:
        accoda_ricalcolo(origine="modifica")


def _opere_importate(sender: Any, **kwargs: Any) -> None:
    accoda_ricalcolo(origine="importazione")


def _versione_richiesta(sender: Any, request: Any, **kwargs: Any) -> Any:
    # A public page shows what the counters' generation shows: without a worker, recount first.
    from contatori.generation import versione
    from contatori.services import ricalcola_se_modificati

    ricalcola_se_modificati()
    return versione(request)


def _sommario_nazionale(sender: Any, edizione: Any, **kwargs: Any) -> dict[str, Any]:
    from contatori.presentation import sommario_nazionale

    return sommario_nazionale(edizione)


def collega() -> None:
    from contatori.models import Obiettivo
    from eventi.models import Evento
    from programma.cache import versione_richiesta
    from programma.importazione.services import opere_importate
    from programma.models import (
        Fase,
        OperaPrioritaria,
        ProgettoRegionale,
        ProgettoStrategico,
        Programma,
        Report,
        Stampa,
        progetto_strategico_approvato,
    )
    from programma.risultati.libro_bianco import sommario_nazionale
    from tavoli.models import Organizzazione, TavoloConfronto

    progetto_strategico_approvato.connect(_strategico_approvato, dispatch_uid="contatori.strategico_approvato")
    # The national volume prints Italy's numbers against their targets: this app has them.
    sommario_nazionale.connect(_sommario_nazionale, dispatch_uid="contatori.sommario_nazionale")
    # The public pages of the apps below (the calendar, the works) are kept per counter generation.
    versione_richiesta.connect(_versione_richiesta, dispatch_uid="contatori.versione_richiesta")
    # The import writes the works in bulk, without post_save: it sends its own signal.
    opere_importate.connect(_opere_importate, dispatch_uid="contatori.opere_importate")
    post_save.connect(_stampa_salvata, sender=Stampa, dispatch_uid="contatori.stampa.save")
    modelli = (TavoloConfronto, Evento, Report, OperaPrioritaria, Fase, ProgettoRegionale, Programma, Organizzazione)
    # A target changes no count, but the cached counter pages show it: its recount is a new generation.
    for model in (*modelli, ProgettoStrategico, Obiettivo):
        uid = f"contatori.{model._meta.label_lower}"
        post_save.connect(_modificato, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_modificato, sender=model, dispatch_uid=f"{uid}.delete")
    for through in (
        TavoloConfronto.organizzazioni.through,
        Evento.temi.through,
        ProgettoRegionale.enti_partecipanti.through,
    ):
        m2m_changed.connect(_m2m_modificato, sender=through, dispatch_uid=f"contatori.{through._meta.label_lower}")
