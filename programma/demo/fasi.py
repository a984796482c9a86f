"""The demo's phase plans: the four phases of every regional project, dated around today."""

from __future__ import annotations

import datetime as dt
import random

from programma.demo.bulk import BATCH
from programma.demo.casuale import rng_di
from programma.demo.territorio import Territorio
from programma.models import Fase


def pianifica_fasi(territori: list[Territorio], oggi: dt.date) -> int:
    """Plan the phases the seed created and nobody touched: phase 1 mostly done, 2 under way, 3 and 4
    starting, with a few regions past a planned end. Phases somebody edited are left alone."""
    Stato = Fase.Stato
    mancanti = [
        Fase(progetto=t.progetto, numero=numero)
        for t in territori
        for numero in Fase.Numero.values
        if numero not in t.fasi
    ]
    Fase.objects.bulk_create(mancanti, batch_size=BATCH)
    if mancanti:
        for fase in Fase.objects.filter(pk__in=[f.pk for f in mancanti if f.pk]):
            next(t for t in territori if t.progetto.pk == fase.progetto_id).fasi[fase.numero] = fase
        for t in territori:  # backends that return no primary keys from bulk_create
            if len(t.fasi) < 4:
                t.fasi = {f.numero: f for f in t.progetto.fasi.all()}
    da_aggiornare = []
    for t in territori:
        if not all(
            f.stato == Stato.DA_AVVIARE and not f.avanzamento and not f.note and f.data_inizio_prevista is None
            for f in t.fasi.values()
        ):
            continue
        rng = rng_di("fasi", t.codice)

        def giorni(da: int, a: int, rng: random.Random = rng) -> dt.date:
            return oggi + dt.timedelta(days=rng.randint(da, a))

        f1, f2, f3, f4 = (t.fasi[n] for n in (1, 2, 3, 4))
        f1.data_inizio_prevista, f1.data_fine_prevista = giorni(-450, -400), giorni(-240, -180)
        f2.data_inizio_prevista = f1.data_fine_prevista - dt.timedelta(days=30)
        in_ritardo = rng.random() < 0.2
        f2.data_fine_prevista = giorni(-60, -15) if in_ritardo else giorni(30, 150)
        f3.data_inizio_prevista, f3.data_fine_prevista = giorni(-240, -30), giorni(60, 200)
        f4.data_inizio_prevista, f4.data_fine_prevista = giorni(-90, 150), giorni(250, 400)
        if rng.random() < 0.85:
            f1.stato, f1.avanzamento = Stato.COMPLETATA, 100
            f1.data_inizio_effettiva = f1.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 20))
            f1.data_fine_effettiva = f1.data_fine_prevista + dt.timedelta(days=rng.randint(-10, 40))
        else:  # late: past its planned end, not completed
            f1.stato, f1.avanzamento = Stato.IN_CORSO, rng.randint(75, 95)
            f1.data_inizio_effettiva = f1.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 30))
        f2.stato, f2.avanzamento = Stato.IN_CORSO, rng.randint(30, 85)
        f2.data_inizio_effettiva = f2.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 25))
        for fase in (f3, f4):
            if fase.data_inizio_prevista < oggi and rng.random() < 0.85:
                fase.stato, fase.avanzamento = Stato.IN_CORSO, rng.randint(5, 40)
                fase.data_inizio_effettiva = fase.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 10))
        da_aggiornare += [f1, f2, f3, f4]
    Fase.objects.bulk_update(
        da_aggiornare,
        ["stato", "avanzamento", "data_inizio_prevista", "data_fine_prevista", "data_inizio_effettiva", "data_fine_effettiva"],
        batch_size=BATCH,
    )
    return len(da_aggiornare)

