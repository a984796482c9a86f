"""The demo's activity data for every regional project of an edition, kind by kind, and its summary.

Every demo row has a deterministic natural key (works: `codice` "DEMO-<region>-<n>"; tavoli,
events and reports: a title carrying their sequence number n within the regional project), and
row n is drawn from its own `random.Random` seeded with its key. Row n is therefore the same
whatever the scale, and a run only creates the keys that are missing: running twice changes
nothing, a larger --scale tops up, and rows a user created are never touched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from eventi.models import Evento
from programma.demo.eventi import crea_eventi
from programma.demo.fasi import pianifica_fasi
from programma.demo.opere import PREFISSO_OPERE, crea_opere
from programma.demo.report import crea_report
from programma.demo.tavoli import crea_tavoli
from programma.demo.territorio import quote_regione, territori_di
from programma.models import Fase, OperaPrioritaria, Programma, Report
from tavoli.models import Organizzazione, TavoloConfronto


@dataclass
class RiepilogoDemo:
    """Rows created by this run and totals of demo rows, per kind (Italian labels, for the summary)."""

    creati: dict[str, int] = field(default_factory=dict)
    totali: dict[str, int] = field(default_factory=dict)

    def righe(self) -> list[str]:
        return [
            f"  {voce}: {self.totali.get(voce, 0):,} (nuovi: {self.creati.get(voce, 0):,})".replace(",", ".")
            for voce in self.totali
        ]



@transaction.atomic
def crea_attivita_demo(*, programma: Programma, scala: int = 1, oggi: dt.date) -> RiepilogoDemo:
    """Tavoli, organisations, works, events, reports and phase plans for every regional project of
    `programma`, at `scala` times the first edition's volumes. Only missing demo rows are created."""
    riepilogo = RiepilogoDemo()
    territori = territori_di(programma)
    riepilogo.creati["fasi pianificate"] = pianifica_fasi(territori, oggi)
    quote = {t.codice: quote_regione(t.codice, scala) for t in territori}
    tavoli = crea_tavoli(territori, quote, programma, oggi)
    riepilogo.creati["tavoli di confronto"] = len(tavoli.nuovi)
    riepilogo.creati["organizzazioni"] = tavoli.organizzazioni_nuove
    riepilogo.creati["opere prioritarie"] = crea_opere(territori, quote, tavoli, oggi)
    riepilogo.creati["eventi"] = crea_eventi(territori, quote, programma, oggi)
    riepilogo.creati["report"] = crea_report(territori, quote, programma, oggi)
    riepilogo.totali = {
        "fasi pianificate": Fase.objects.filter(progetto__programma=programma, data_inizio_prevista__isnull=False).count(),
        "tavoli di confronto": TavoloConfronto.objects.filter(progetto__programma=programma).count(),
        "organizzazioni": Organizzazione.objects.filter(tavoli__progetto__programma=programma).distinct().count(),
        "opere prioritarie": OperaPrioritaria.objects.filter(codice__startswith=PREFISSO_OPERE).count(),
        "eventi": Evento.objects.filter(progetto__programma=programma).count(),
        "report": Report.objects.filter(progetto__programma=programma).count(),
    }
    return riepilogo
