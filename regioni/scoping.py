"""Row-level scoping: who may see and change what.

Every queryset a view touches goes through `Model.objects.for_user(user)`;
every object lookup through `get_for_user_or_404`. An object of another region
is a 404; a write by a read-only role is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from regioni.models import Ente, Regione


class Ruolo:
    OPERATORE = "Operatore regionale"
    COORDINATORE = "Coordinatore nazionale"
    AMMINISTRATORE = "Amministratore"
    TUTTI = (OPERATORE, COORDINATORE, AMMINISTRATORE)


@dataclass(frozen=True)
class Ambito:
    """What one user may reach: their role and, for an Operatore, their region."""

    ruolo: str | None
    ente: Ente | None
    regione: Regione | None

    @property
    def nazionale(self) -> bool:
        return self.ruolo in (Ruolo.COORDINATORE, Ruolo.AMMINISTRATORE)

    @property
    def gestisce_programma(self) -> bool:
        """Coordinators and admins set up editions and regional projects."""
        return self.nazionale

    def puo_modificare(self, regione_id: int | None) -> bool:
        """Activities are written by the Operatore of their own region, or by an admin."""
        if self.ruolo == Ruolo.AMMINISTRATORE:
            return True
        return self.ruolo == Ruolo.OPERATORE and self.regione is not None and regione_id == self.regione.pk


NESSUNO = Ambito(ruolo=None, ente=None, regione=None)


def ambito_di(user: Any) -> Ambito:
    """The user's scope, computed once per user object (two queries at most)."""
    if user is None or not user.is_authenticated:
        return NESSUNO
    cached = getattr(user, "_ambito_cache", None)
    if cached is not None:
        return cached
    from regioni.models import Appartenenza

    gruppi = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or Ruolo.AMMINISTRATORE in gruppi:
        ruolo: str | None = Ruolo.AMMINISTRATORE
    elif Ruolo.COORDINATORE in gruppi:
        ruolo = Ruolo.COORDINATORE
    elif Ruolo.OPERATORE in gruppi:
        ruolo = Ruolo.OPERATORE
    else:
        ruolo = None
    appartenenza = Appartenenza.objects.select_related("ente__regione").filter(utente=user).first()
    ente = appartenenza.ente if appartenenza else None
    ambito = Ambito(ruolo=ruolo, ente=ente, regione=ente.regione if ente else None)
    user._ambito_cache = ambito
    return ambito


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its model to the Regione it belongs to.

    `regione_field` is that path ("progetto__regione"); an empty string means the
    model is Regione itself.
    """

    regione_field: str = "regione"

    def for_user(self, user: Any) -> ScopedQuerySet:
        ambito = ambito_di(user)
        if ambito.nazionale:
            return self.all()
        if ambito.ruolo != Ruolo.OPERATORE or ambito.regione is None:
            return self.none()
        return self.nella_regione(ambito.regione)

    def nella_regione(self, regione: Regione | int) -> ScopedQuerySet:
        regione_id = regione if isinstance(regione, int) else regione.pk
        if not self.regione_field:
            return self.filter(pk=regione_id)
        return self.filter(**{f"{self.regione_field}_id": regione_id})


def regione_id_di(obj: models.Model) -> int | None:
    """The id of the region an object belongs to, following its queryset's path."""
    path = type(obj)._default_manager.get_queryset().regione_field
    if not path:
        return obj.pk
    *parents, last = path.split("__")
    for step in parents:
        obj = getattr(obj, step)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def get_for_user_or_404(queryset: ScopedQuerySet, user: Any, **lookup: Any) -> models.Model:
    return get_object_or_404(queryset.for_user(user), **lookup)


def richiedi_modifica(user: Any, obj: models.Model) -> None:
    """403 unless the user may change this (already visible) object."""
    if not ambito_di(user).puo_modificare(regione_id_di(obj)):
        raise PermissionDenied


class ScopedMixin(LoginRequiredMixin):
    """For class-based views: the queryset is always `for_user`, so other regions are a 404."""

    model: type[models.Model]

    def get_queryset(self) -> ScopedQuerySet:
        return self.model._default_manager.for_user(self.request.user)

    @property
    def ambito(self) -> Ambito:
        return ambito_di(self.request.user)


class ModificaMixin(ScopedMixin):
    """Writes: the object must be visible (else 404) and changeable by this role (else 403)."""

    def get_object(self, queryset: Any = None) -> models.Model:
        obj = super().get_object(queryset)
        richiedi_modifica(self.request.user, obj)
        return obj


class SoloNazionaleMixin(LoginRequiredMixin):
    """Pages for coordinators and admins only (editions, regional projects)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not ambito_di(request.user).gestisce_programma:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
