"""Demo users and the skeleton of the programme (edition, regional projects), for `seed_demo`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from programma.models import Fase, ProgettoRegionale, Programma
from regioni.models import Appartenenza, Ente, Regione
from regioni.scoping import Ruolo

PASSWORD_DEMO = "demo"
NOME_EDIZIONE_DEMO = "Programma Infrastrutture 2025-2026"


def ente_di_riferimento(regione: Regione) -> Ente:
    """The Unione regionale where there is one, else the region's first Camera di commercio."""
    enti = list(regione.enti.order_by("tipo", "nome"))  # camera_commercio < unione_regionale
    unioni = [e for e in enti if e.tipo == Ente.Tipo.UNIONE_REGIONALE]
    return (unioni or enti)[0]


@transaction.atomic
def crea_utenti_demo() -> list[str]:
    """Create (or reset) `admin`, `coordinatore` and one `operatore-<slug>` per region; password `demo`."""
    User = get_user_model()
    gruppi = {g.name: g for g in Group.objects.filter(name__in=Ruolo.TUTTI)}
    creati = []

    def utente(username: str, ruolo: str, **extra: object) -> object:
        user, _ = User.objects.get_or_create(username=username)
        for key, value in extra.items():
            setattr(user, key, value)
        user.set_password(PASSWORD_DEMO)
        user.save()
        user.groups.set([gruppi[ruolo]])
        creati.append(username)
        return user

    utente("admin", Ruolo.AMMINISTRATORE, is_staff=True, is_superuser=True, first_name="Amministratore", last_name="Demo")
    utente("coordinatore", Ruolo.COORDINATORE, first_name="Coordinamento", last_name="Nazionale")
    for regione in Regione.objects.prefetch_related("enti"):
        user = utente(f"operatore-{regione.slug}", Ruolo.OPERATORE, first_name="Operatore", last_name=regione.nome_breve)
        Appartenenza.objects.update_or_create(utente=user, defaults={"ente": ente_di_riferimento(regione)})
    return creati


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
        ProgettoRegionale.objects.create(
            programma=programma,
            regione=regione,
            ente_capofila=ente_di_riferimento(regione),
            titolo=f"Infrastrutture per la competitività — {regione.nome_breve}",
            budget=150000,
        )
    return programma
