"""Closed editions are read-only for everyone, on every path: the one guard, and where a record's
edition is read from (its relations: no query on a page that selected them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from programma.selectors import edizione_attiva, edizione_scelta

# The reason a write to a closed edition's record is refused (a 403 page shows it).
MOTIVO_EDIZIONE_CHIUSA = _(
    "Questo record appartiene a un'edizione chiusa del programma, che è in sola lettura: si consulta, "
    "ma non si modifica."
)


def edizione_di(oggetto: models.Model) -> Any:
    """The edition a record belongs to: its project's, or its own (a work with no project, a national
    document, a regional project); None for a record of no edition (an edition itself)."""
    if getattr(oggetto, "progetto_id", None):
        return oggetto.progetto.programma  # type: ignore[attr-defined]
    if getattr(oggetto, "programma_id", None):
        return oggetto.programma  # type: ignore[attr-defined]
    return None


def edizione_chiusa_di(oggetto: models.Model) -> Any:
    """The closed edition a record belongs to, None when its edition is the active one (or it has
    none). Read through the record's relations: a page that selected them pays no query."""
    edizione = edizione_di(oggetto)
    return edizione if edizione is not None and not edizione.attivo else None


def in_edizione_chiusa(oggetto: models.Model) -> bool:
    """Whether a record belongs to an edition other than the active one."""
    return edizione_chiusa_di(oggetto) is not None


def richiedi_edizione_aperta(request: HttpRequest, oggetto: models.Model | None = None) -> None:
    """The one guard of closed editions: a 403 with the reason when a page writes into an edition
    other than the active one.

    Editions other than the active one are read-only history, for every role and on every path:
    a record of one is not changed, deleted or moved along its workflow (`oggetto`), and nothing
    is created while one is chosen in the header (no `oggetto`: a page that creates). Every write
    view of the framework calls it (`SalvaMixin`, `AggiornaMixin`, `EliminaMixin`, `NuovoMixin`,
    `PassaggioView`), and so must any write view outside it.
    """
    if oggetto is not None:
        if in_edizione_chiusa(oggetto):
            raise PermissionDenied(MOTIVO_EDIZIONE_CHIUSA)
        return
    attiva = edizione_attiva()
    scelta = edizione_scelta(request)
    if scelta is not None and attiva is not None and scelta.pk != attiva.pk:
        raise PermissionDenied(
            _("Stai consultando l'edizione «%(edizione)s», che è in sola lettura: scegli l'edizione attiva «%(attiva)s» "
              "nell'intestazione per registrare nuovi dati.") % {"edizione": scelta.nome, "attiva": attiva.nome}
        )
