"""The demo users: `admin`, `coordinatore` and one `operatore-<slug>` per region."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from programma.demo.edizione import ente_di_riferimento
from regioni.models import Appartenenza, Regione
from regioni.scoping import Ruolo

PASSWORD_DEMO = "demo"
# The demo's addresses are on a domain reserved for examples: the workflow's e-mails go nowhere.
DOMINIO_DEMO = "example.it"


def indirizzo_demo(username: str) -> str:
    return f"{username}@{DOMINIO_DEMO}"

@transaction.atomic
def crea_utenti_demo() -> list[str]:
    """Create (or reset) `admin`, `coordinatore` and one `operatore-<slug>` per region; password `demo`,
    address `<username>@example.it`."""
    User = get_user_model()
    gruppi = {g.name: g for g in Group.objects.filter(name__in=Ruolo.TUTTI)}
    creati = []

    def utente(username: str, ruolo: str, **extra: object) -> object:
        user, _ = User.objects.get_or_create(username=username)
        user.email = indirizzo_demo(username)
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
