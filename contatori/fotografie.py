"""The approval snapshot: a strategic project's region counters as of its approval, stored on it
for the Libro Bianco (`fotografa_contatori`, run by contatori/signals.py on
`progetto_strategico_approvato`), with the weekly history the books draw.

Computed from the registry and the snapshot rows (`selectors.serie_settimanali`), not by the
recount: this module reads, `services.py` writes the counters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from contatori.registry import CONTATORI, PER_CHIAVE
from contatori.selectors import serie_settimanali
from programma.models import Programma

# The counters the Libro Bianco draws over time (a week a point, from the edition's start).
CONTATORI_NEL_LIBRO = ("tavoli_svolti", "partecipanti_tavoli", "eventi_svolti", "imprese_bul_5g")


def fotografie_contatori(programma: Programma, regioni: list[int]) -> dict[int, dict[str, Any]]:
    """The counters of these regions as of now, as stored on an approved strategic project:
    {region id: {"giorno", "valori": [{"chiave", "etichetta", "unita", "unita_singolare", "valore", "decimali"}, ...],
    "serie": [{"chiave", "etichetta", "punti": [[ISO day, value], ...]}, ...]}}.

    Computed from the registry rather than read from the last snapshot, which may be minutes old:
    one grouped query per counter, whatever the number of regions.
    """
    oggi = timezone.localdate()
    giorno = oggi.isoformat()
    fotografie: dict[int, dict[str, Any]] = {regione_id: {"giorno": giorno, "valori": [], "serie": []} for regione_id in regioni}
    storia = serie_settimanali(programma, list(CONTATORI_NEL_LIBRO), regioni=list(regioni), fino_al=oggi)
    for regione_id in regioni:
        for chiave in CONTATORI_NEL_LIBRO:
            fotografie[regione_id]["serie"].append(
                {
                    "chiave": chiave,
                    "etichetta": str(PER_CHIAVE[chiave].etichetta),
                    "punti": [[g.isoformat(), str(v)] for g, v in storia.get((regione_id, chiave), [])],
                }
            )
    # A count of regions is not a region's figure (its own value is always 0 or 1).
    for contatore in [c for c in CONTATORI if c.per_regione]:
        valori = contatore.calcola(programma)
        for regione_id in regioni:
            fotografie[regione_id]["valori"].append(
                {
                    "chiave": contatore.chiave,
                    "etichetta": str(contatore.etichetta),
                    "unita": str(contatore.unita),
                    "unita_singolare": str(contatore.unita_singolare),
                    "valore": str(valori.get(regione_id, Decimal(0))),
                    "decimali": contatore.decimali,
                }
            )
    # The last point is the value printed beside the chart, even before today's first recount.
    for fotografia in fotografie.values():
        attuali = {voce["chiave"]: voce["valore"] for voce in fotografia["valori"]}
        for linea in fotografia["serie"]:
            if not linea["punti"] or linea["punti"][-1][0] != giorno:
                linea["punti"].append([giorno, attuali[linea["chiave"]]])
    return fotografie


def fotografa_contatori(strategico: Any) -> None:
    """Store a strategic project's region counters as of its approval (the Libro Bianco prints them).

    Written with update(): this is a record of the approval, not an edit of the project, so it makes
    no history row and queues no recount.
    """
    progetto = strategico.progetto
    fotografia = fotografie_contatori(progetto.programma, [progetto.regione_id])[progetto.regione_id]
    type(strategico).objects.filter(pk=strategico.pk).update(contatori_approvazione=fotografia)
    strategico.contatori_approvazione = fotografia
