"""Demo additions for issue #11: operators of Camere di commercio, and the ente behind every demo activity.

A module of its own, called by `seed_demo`, so it can move with the demo package. Idempotent: it
fills only what is missing, deterministically (the same database gives the same result).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from eventi.models import Evento
from programma.demo.utenti import indirizzo_demo
from programma.models import OperaPrioritaria, Programma, Report
from regioni.models import Appartenenza, Ente, Regione
from regioni.scoping import Ruolo
from tavoli.models import TavoloConfronto

PASSWORD_DEMO = "demo"


def crea_operatori_camere() -> list[str]:
    """One Operatore per region working at a Camera di commercio (`camera-<region>`), besides the Unione's."""
    User = get_user_model()
    gruppo = Group.objects.get(name=Ruolo.OPERATORE)
    creati = []
    for regione in Regione.objects.all():
        camera = Ente.objects.filter(regione=regione, tipo=Ente.Tipo.CAMERA_COMMERCIO).order_by("nome").first()
        if camera is None:
            continue
        username = f"camera-{regione.slug}"
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = "Operatore", camera.nome[:150]
        user.email = indirizzo_demo(username)
        user.set_password(PASSWORD_DEMO)
        user.save()
        user.groups.set([gruppo])
        Appartenenza.objects.update_or_create(utente=user, defaults={"ente": camera})
        creati.append(username)
    return creati


@transaction.atomic
def assegna_enti(programma: Programma) -> int:
    """Give every demo record of the edition without an ente one of its region's enti (mostly Camere)."""
    enti: dict[int, list[int]] = defaultdict(list)
    # Each ente of the region in turn: the Camere run most activities, the Unione regionale its share.
    for pk, regione_id in Ente.objects.order_by("regione_id", "tipo", "nome").values_list("pk", "regione_id"):
        enti[regione_id].append(pk)
    modelli: list[tuple[models.QuerySet, str]] = [
        (TavoloConfronto.objects.nell_edizione(programma), "progetto__regione_id"),
        (Evento.objects.nell_edizione(programma), "progetto__regione_id"),
        (Report.objects.filter(progetto__programma=programma), "progetto__regione_id"),
        (OperaPrioritaria.objects.nell_edizione(programma), "regione_id"),
    ]
    assegnati = 0
    for queryset, campo_regione in modelli:
        gruppi: dict[int, list[int]] = defaultdict(list)
        for pk, regione_id in queryset.filter(ente__isnull=True).values_list("pk", campo_regione):
            scelta = enti.get(regione_id)
            if scelta:
                gruppi[scelta[pk % len(scelta)]].append(pk)
        for ente_id, pks in gruppi.items():
            assegnati += queryset.model.objects.filter(pk__in=pks).update(ente_id=ente_id)
    return assegnati

