"""Row-level scoping and the one permission vocabulary: who may see and change what.

The policy, one sentence per role (docs/ARCHITECTURE.md, "The permission policy"):
- an Operatore regionale reads their own region's records; an Operatore of the Unione regionale
  writes all of them, an Operatore of a Camera di commercio only those whose `ente` is their Camera
  (in a region without an Unione regionale, its Camere write the whole region's records);
- a Coordinatore nazionale reads everything and writes only editions, regional projects,
  recounts and national documents, approves strategic projects and publishes every document
  (the publication workflow, `programma.activities.workflow`) (later: targets);
- an Amministratore may do everything, in the staff pages too.

The vocabulary, and the only ways views check access:
- reads: every queryset goes through `Model.objects.for_user(user)`; one object through
  `get_for_user_or_404` (another region's object is a 404);
- writes to one object: `get_for_user_to_change_or_404` / `ModificaMixin` (404, then 403 for a
  role that may not write it), `puo_modificare_oggetto` to ask; the enti a user may record as
  behind a record: `enti_assegnabili`;
- a whole view gated by role: `@solo_per(*ruoli)` on functions, `SoloPerMixin` on classes
  (anonymous → login, another role → 403), with the role sets below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from regioni.models import Ente, Regione


class Ruolo:
    OPERATORE = "Operatore regionale"
    COORDINATORE = "Coordinatore nazionale"
    AMMINISTRATORE = "Amministratore"
    TUTTI = (OPERATORE, COORDINATORE, AMMINISTRATORE)
    # Who may open the national pages (dashboard, exports) and set up the programme.
    NAZIONALI = (COORDINATORE, AMMINISTRATORE)
    # Who may create records of a region (activities, reports, works).
    REDATTORI = (OPERATORE, AMMINISTRATORE)
    AMMINISTRATORI = (AMMINISTRATORE,)


@dataclass(frozen=True)
class Ambito:
    """What one user may reach: their role and, for an Operatore, their region and ente.

    `camera` is set for the Operatore of a Camera di commercio in a region that has an Unione
    regionale: they write only the records whose ente is that Camera. Everyone else's writes are
    not narrowed by ente.
    """

    ruolo: str | None
    ente: Ente | None
    regione: Regione | None
    camera: Ente | None = None

    @property
    def nazionale(self) -> bool:
        return self.ruolo in Ruolo.NAZIONALI

    @property
    def amministratore(self) -> bool:
        return self.ruolo == Ruolo.AMMINISTRATORE

    def ha_ruolo(self, ruoli: tuple[str, ...]) -> bool:
        return self.ruolo in ruoli

    def puo_modificare(self, regione_id: int | None, ente_id: int | None = None) -> bool:
        """A record of region `regione_id`, run by `ente_id` (None: no ente, or a kind without one),
        is written by an admin, or by the Operatore of its region: any of its records for the
        Unione's, only their Camera's for a Camera's (`camera`)."""
        if self.ruolo == Ruolo.AMMINISTRATORE:
            return True
        if self.ruolo != Ruolo.OPERATORE or self.regione is None or regione_id != self.regione.pk:
            return False
        return self.camera is None or ente_id == self.camera.pk

    @property
    def puo_registrare(self) -> bool:
        """May create records: an Operatore with a region (in it; a Camera's, with their Camera as
        the ente), or an admin (anywhere)."""
        return self.ruolo == Ruolo.AMMINISTRATORE or (self.ruolo == Ruolo.OPERATORE and self.regione is not None)


NESSUNO = Ambito(ruolo=None, ente=None, regione=None)


def _appartenenza_ed_ente() -> tuple[Any, Any]:
    """The models Appartenenza and Ente, reached through the user model's relation to its membership.

    `regioni.models` builds its querysets on `ScopedQuerySet`, so it imports this module: this module
    does not import it back (no import cycle: `tests/test_architettura.py`).
    """
    appartenenza = get_user_model()._meta.get_field("appartenenza").related_model
    return appartenenza, appartenenza._meta.get_field("ente").related_model


def ambito_di(user: Any) -> Ambito:
    """The user's scope, computed once per user object (two queries at most)."""
    if user is None or not user.is_authenticated:
        return NESSUNO
    cached = getattr(user, "_ambito_cache", None)
    if cached is not None:
        return cached
    Appartenenza, Ente = _appartenenza_ed_ente()
    gruppi = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or Ruolo.AMMINISTRATORE in gruppi:
        ruolo: str | None = Ruolo.AMMINISTRATORE
    elif Ruolo.COORDINATORE in gruppi:
        ruolo = Ruolo.COORDINATORE
    elif Ruolo.OPERATORE in gruppi:
        ruolo = Ruolo.OPERATORE
    else:
        ruolo = None
    # In the same query: whether the ente's region has an Unione regionale (a Camera's lane, below).
    unioni = Ente.objects.filter(regione=models.OuterRef("ente__regione"), tipo=Ente.Tipo.UNIONE_REGIONALE)
    appartenenza = (
        Appartenenza.objects.select_related("ente__regione").annotate(con_unione=models.Exists(unioni)).filter(utente=user).first()
    )
    ente = appartenenza.ente if appartenenza else None
    # Where the region has no Unione regionale, its Camere run the regional project themselves.
    camera = ente if ruolo == Ruolo.OPERATORE and ente and ente.tipo == Ente.Tipo.CAMERA_COMMERCIO and appartenenza.con_unione else None
    ambito = Ambito(ruolo=ruolo, ente=ente, regione=ente.regione if ente else None, camera=camera)
    user._ambito_cache = ambito
    return ambito


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its model to the Regione it belongs to.

    `regione_field` is that path ("progetto__regione"); an empty string means the
    model is Regione itself.
    """

    regione_field: str = "regione"
    # The path to the Ente that ran or proposed the record (a Camera's Operatore writes only their
    # Camera's); None: the kind records no ente, so a Camera's Operatore writes none of them.
    ente_field: str | None = None
    # Records of no region (edition-level, e.g. national documents): the roles that write them all.
    # None: the regional rule (the region's Operatore, or an admin).
    ruoli_redattori: tuple[str, ...] | None = None

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


class SenzaRegioneQuerySet(ScopedQuerySet):
    """Records of no region (an edition's national documents, the import history): every one is
    read by `ruoli_lettori` and written by `ruoli_redattori`, whatever the user's region."""

    regione_field = ""
    ruoli_lettori: tuple[str, ...] = Ruolo.TUTTI

    def for_user(self, user: Any) -> ScopedQuerySet:
        return self.all() if ambito_di(user).ha_ruolo(self.ruoli_lettori) else self.none()

    def nella_regione(self, regione: Regione | int) -> ScopedQuerySet:
        return self.all()


def _id_lungo(obj: models.Model, path: str) -> int | None:
    """The id at the end of a path of foreign keys ("progetto__regione"), None where one is empty."""
    *parents, last = path.split("__")
    for step in parents:
        obj = getattr(obj, step)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def regione_id_di(obj: models.Model) -> int | None:
    """The id of the region an object belongs to, following its queryset's path."""
    path = type(obj)._default_manager.get_queryset().regione_field
    return _id_lungo(obj, path) if path else obj.pk


def ente_id_di(obj: models.Model) -> int | None:
    """The id of the ente behind an object (its queryset's `ente_field`), None without one."""
    path = getattr(type(obj)._default_manager.get_queryset(), "ente_field", None)
    return _id_lungo(obj, path) if path else None


def get_for_user_or_404(queryset: ScopedQuerySet | models.Manager, user: Any, **lookup: Any) -> models.Model:
    """A scoped read: an object outside the user's reach is a 404."""
    return get_object_or_404(queryset.for_user(user), **lookup)


def puo_modificare_oggetto(user: Any, obj: models.Model) -> bool:
    """May the user change this (already visible) object: its region's and ente's rule, or its
    model's writers. Asked of a record about to be created or saved, too: a Camera's Operatore
    neither records another ente's activity nor hands their own to another ente."""
    ruoli = getattr(type(obj)._default_manager.get_queryset(), "ruoli_redattori", None)
    if ruoli is not None:
        return ambito_di(user).ha_ruolo(ruoli)
    return ambito_di(user).puo_modificare(regione_id_di(obj), ente_id_di(obj))


def enti_assegnabili(user: Any, regione_id: int | None) -> models.QuerySet:
    """The enti a user may record as behind a record of this region: a Camera's Operatore their
    Camera alone, anyone else who writes there the region's enti."""
    _, Ente = _appartenenza_ed_ente()
    camera = ambito_di(user).camera
    enti = Ente.objects.filter(regione_id=regione_id)
    return enti.filter(pk=camera.pk) if camera is not None else enti


def richiedi_modifica(user: Any, obj: models.Model) -> None:
    """403 unless the user may change this (already visible) object."""
    if not puo_modificare_oggetto(user, obj):
        raise PermissionDenied


def get_for_user_to_change_or_404(queryset: ScopedQuerySet | models.Manager, user: Any, **lookup: Any) -> models.Model:
    """A scoped write: 404 when out of reach, then 403 when the role may not change it."""
    obj = get_for_user_or_404(queryset, user, **lookup)
    richiedi_modifica(user, obj)
    return obj


def richiedi_ruolo(user: Any, ruoli: tuple[str, ...]) -> None:
    """403 unless the (authenticated) user has one of these roles."""
    if not ambito_di(user).ha_ruolo(ruoli):
        raise PermissionDenied


def solo_per(*ruoli: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Gate a function view by role: anonymous users go to the login page, other roles get a 403."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            richiedi_ruolo(request.user, ruoli)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


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


class SoloPerMixin(LoginRequiredMixin):
    """Gate a class-based view by role (`ruoli_ammessi`): anonymous → login, another role → 403."""

    ruoli_ammessi: tuple[str, ...] = Ruolo.TUTTI

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        richiedi_ruolo(request.user, self.ruoli_ammessi)
        return super().dispatch(request, *args, **kwargs)
