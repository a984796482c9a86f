"""Demo data for `seed_demo`: the demo users, the skeleton of the programme (edition, regional
projects) and realistic activity data (tavoli, organisations, works, events, reports, phase plans).

`dati` holds the static reference lists, `casuale` the seeded randomness, `territorio` what each
region gets; one module per kind of row (`tavoli`, `opere`, `eventi`, `report`, `fasi`, `risultati`,
`documenti`, `obiettivi`, `camere`, the counters' past in `storia`) and `attivita` puts them together."""

from programma.demo.attivita import RiepilogoDemo, crea_attivita_demo
from programma.demo.edizione import NOME_EDIZIONE_DEMO, crea_edizione_demo
from programma.demo.utenti import PASSWORD_DEMO, crea_utenti_demo

__all__ = [
    "NOME_EDIZIONE_DEMO",
    "PASSWORD_DEMO",
    "RiepilogoDemo",
    "crea_attivita_demo",
    "crea_edizione_demo",
    "crea_utenti_demo",
]
