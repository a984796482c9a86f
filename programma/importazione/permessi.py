"""Who may import: the Amministratore role (or a superuser)."""

from __future__ import annotations

from typing import Any

from regioni.scoping import Ruolo, ambito_di


def e_amministratore(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or ambito_di(user).ruolo == Ruolo.AMMINISTRATORE))
