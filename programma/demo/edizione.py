"""The skeleton of the demo programme: the active edition and one regional project per region."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from programma.models import ProgettoRegionale, Programma
from regioni.models import Ente, Regione

NOME_EDIZIONE_DEMO = "Programma Infrastrutture 2025-2026"

def ente_di_riferimento(regione: Regione) -> Ente:
    """The Unione regionale where there is one, else the region's first Camera di commercio."""
    enti = list(regione.enti.order_by("tipo", "nome"))  # camera_commercio < unione_regionale
    unioni = [e for e in enti if e.tipo == Ente.Tipo.UNIONE_REGIONALE]
    return (unioni or enti)[0]



@transaction.atomic
def crea_edizione_demo(*, oggi: dt.date) -> Programma:
    """The active edition with one regional project (and its four phases) per region."""
    programma, _ = Programma.objects.get_or_create(
        nome=NOME_EDIZIONE_DEMO,
        defaults={"data_inizio": dt.date(2025, 1, 1), "data_fine": dt.date(2026, 12, 31), "attivo": True},
    )
    if not programma.attivo:
        programma.attivo = True
        programma.save()
    esistenti = set(programma.progetti.values_list("regione_id", flat=True))
    for regione in Regione.objects.prefetch_related("enti").exclude(pk__in=esistenti):
        capofila = ente_di_riferimento(regione)
        progetto = ProgettoRegionale.objects.create(
            programma=programma,
            regione=regione,
            ente_capofila=capofila,
            titolo=f"Infrastrutture per la competitività — {regione.nome_breve}",
            budget=150000,
        )
        # The region's Camere di commercio take part in the project the Unione regionale leads.
        progetto.enti_partecipanti.set([e for e in regione.enti.all() if e.tipo == Ente.Tipo.CAMERA_COMMERCIO and e != capofila])
    return programma

