"""Demo data for `seed_demo`: the demo users, the skeleton of the programme (edition, regional
projects) and realistic activity data (tavoli, organisations, works, events, reports, phase plans).

`data` holds the static reference lists, `draws` the seeded randomness, `territory` what each region
gets; one module per kind of row (`round_tables`, `works`, `events`, `reports`, `phases`) and
`activities` puts them together."""

from programma.demo.activities import RiepilogoDemo, crea_attivita_demo
from programma.demo.edition import NOME_EDIZIONE_DEMO, crea_edizione_demo
from programma.demo.users import PASSWORD_DEMO, crea_utenti_demo

__all__ = [
    "NOME_EDIZIONE_DEMO",
    "PASSWORD_DEMO",
    "RiepilogoDemo",
    "crea_attivita_demo",
    "crea_edizione_demo",
    "crea_utenti_demo",
]
