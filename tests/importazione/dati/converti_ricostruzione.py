"""Put the public register of the 2016 earthquake's public reconstruction works into our import format.

    python tests/importazione/dati/converti_ricostruzione.py pubblica.csv > tests/importazione/dati/ricostruzione_sisma_2016.csv

`pubblica.csv` is onData's (see NOTE.md beside this file). Every value the register has is carried
as it is, dirt included: codes, CUPs, titles, regions and provinces exactly as delivered, so that the
import meets what a real register holds. What the register does not have is filled in, the same for
every row: the mode is "Altro" (the register has buildings, not transport modes), the priority 3,
and "commissario straordinario" yes (it is the Commissioner's register). The state follows the
register's procedural phase.
"""

from __future__ import annotations

import csv
import sys

# The register's phase (fase_id) -> our state of a work.
STATI = {
    "FA_0": "Proposta", "FA_1": "Proposta", "FA_2": "Proposta",  # RUP, schedule, services not yet awarded
    "FA_3": "In progettazione", "FA_4": "In progettazione", "FA_5": "In progettazione",
    "FA_6": "In affidamento",  # works being awarded
    "FA_7": "In esecuzione",
    "FA_8": "Completata", "FA_9": "Completata",  # works ended, tested
    "FA_10": "Sospesa",  # renounced or revoked
}  # fmt: skip
COLONNE = [
    "codice", "cup", "titolo", "descrizione", "modalita", "livello_priorita", "stato", "costo_stimato",
    "commissario_straordinario", "fonte_finanziamento", "regione", "province",
]  # fmt: skip


def converti(sorgente, destinazione) -> int:
    scrittore = csv.writer(destinazione, delimiter=";", lineterminator="\n")
    scrittore.writerow(COLONNE)
    n = 0
    for riga in csv.DictReader(sorgente):
        scrittore.writerow([
            riga["eues_id"], riga["cupxall"], riga["denominazione_interventoxall"], riga["categoria"], "Altro", "3",
            STATI.get(riga["fase_id"], ""), riga["importo_programmato_esclusi_oc_126"], "sì", riga["ordinanza_attuale"],
            riga["regione"], riga["prov"],
        ])  # fmt: skip
        n += 1
    return n


if __name__ == "__main__":
    with open(sys.argv[1], newline="", encoding="utf-8") as sorgente:
        print(converti(sorgente, sys.stdout), "righe", file=sys.stderr)
