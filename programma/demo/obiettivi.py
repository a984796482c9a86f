"""The demo edition's national targets, so that the dashboard, the public page and the national volume
show each counter beside its target, as a real edition does.

The figures follow the programme's first edition (about 55 Camere, 94 tavoli, 2,000 stakeholders,
19 Libri Bianchi, 516 works of which 247 of priority 1, about €200 bn of works), the activity ones
multiplied by the demo's scale; each region has a few targets of its own (its demo quotas). Idempotent: a target already set (by the demo or by a Coordinatore)
is left as it is.
"""

from __future__ import annotations

from decimal import Decimal

from contatori.models import Obiettivo
from contatori.obiettivi import salva_griglia
from programma.demo.territorio import quote_regione
from programma.models import Programma

# counter key -> (target, whether it grows with the demo's scale)
OBIETTIVI_NAZIONALI: dict[str, tuple[Decimal, bool]] = {
    "regioni_coperte": (Decimal(20), False),
    "copertura_territoriale": (Decimal(90), False),
    "enti_coinvolti": (Decimal(75), False),
    "camere_coinvolte": (Decimal(55), False),
    "tavoli_svolti": (Decimal(100), True),
    "partecipanti_tavoli": (Decimal(4000), True),
    "stakeholder_distinti": (Decimal(2000), True),
    "opere_individuate": (Decimal(516), True),
    "opere_livello_1": (Decimal(247), True),
    "valore_opere": (Decimal(200_000_000_000), True),
    "eventi_svolti": (Decimal(120), True),
    "seminari_svolti": (Decimal(40), True),
    "partecipanti_eventi": (Decimal(9000), True),
    "imprese_bul_5g": (Decimal(5000), True),
    "report_pubblicati": (Decimal(40), False),
    "strategici_approvati": (Decimal(20), False),
    "strategici_pubblicati": (Decimal(19), False),
    "tappe_roadshow": (Decimal(20), True),
    "fasi_completate": (Decimal(80), False),
    "avanzamento_medio": (Decimal(100), False),
}


def obiettivi_regionali(codice_istat: str, scala: int) -> dict[str, Decimal]:
    """A region's targets: its demo quotas of tavoli, events and works (what it is seeded towards), one
    published strategic project, its four phases completed."""
    quote = quote_regione(codice_istat, scala)
    return {
        "tavoli_svolti": Decimal(quote.tavoli),
        "eventi_svolti": Decimal(quote.eventi),
        "opere_individuate": Decimal(quote.opere),
        "strategici_pubblicati": Decimal(1),
        "fasi_completate": Decimal(4),
        "avanzamento_medio": Decimal(100),
    }


def crea_obiettivi_demo(*, programma: Programma, scala: int) -> int:
    """The national targets, and those of each region with a project, the edition does not have yet;
    returns how many were set."""
    esistenti = set(Obiettivo.objects.filter(programma=programma).values_list("contatore", "regione_id"))
    celle: dict[tuple[str, int | None], Decimal] = {
        (chiave, None): valore * scala if cresce else valore
        for chiave, (valore, cresce) in OBIETTIVI_NAZIONALI.items()
        if (chiave, None) not in esistenti
    }
    for regione_id, codice in programma.progetti.values_list("regione_id", "regione__codice_istat"):
        for chiave, valore in obiettivi_regionali(codice, scala).items():
            if (chiave, regione_id) not in esistenti:
                celle[(chiave, regione_id)] = valore
    return salva_griglia(programma, celle, scadenza=programma.data_fine, utente=None) if celle else 0
