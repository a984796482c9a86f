"""Reads shared by the staff pages."""

from __future__ import annotations

from typing import Any

from django.db import models

from programma.models import ProgettoRegionale, Programma
from regioni.scoping import ambito_di


def progetto_corrente(user: Any) -> ProgettoRegionale | None:
    """The Operatore's regional project in the active edition (None for national roles)."""
    ambito = ambito_di(user)
    if ambito.regione is None:
        return None
    return (
        ProgettoRegionale.objects.select_related("programma", "regione")
        .filter(programma__attivo=True, regione=ambito.regione)
        .first()
    )


def edizione_attiva() -> Programma | None:
    return Programma.objects.attivo()


SESSIONE_EDIZIONE = "edizione"


def edizione_scelta(request: Any) -> Programma | None:
    """The edition a page is for: `?edizione=<id>` (a drill-through link), else the one chosen in
    the header (kept in the session), else the active one. Computed once per request."""
    if hasattr(request, "_edizione_scelta"):
        return request._edizione_scelta
    edizioni = {p.pk: p for p in Programma.objects.all()}
    scelta = None
    for candidato in (request.GET.get("edizione", ""), getattr(request, "session", {}).get(SESSIONE_EDIZIONE, "")):
        if str(candidato).isdigit() and int(candidato) in edizioni:
            scelta = edizioni[int(candidato)]
            break
    if scelta is None:
        scelta = next((p for p in edizioni.values() if p.attivo), None)
    request._edizione_scelta = scelta
    request._edizioni = sorted(edizioni.values(), key=lambda p: p.data_inizio, reverse=True)
    return scelta


def edizioni_per_intestazione(request: Any) -> list[Programma]:
    """Every edition, newest first, for the header's selector (read with the chosen one: one query)."""
    edizione_scelta(request)
    return request._edizioni


def storico_di(obj: models.Model, *, limite: int = 50) -> list[dict[str, Any]]:
    """Who changed what and when, newest first, with each field's old and new value."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limite + 1])
    voci = []
    for record, precedente in zip(records, records[1:] + [None]):
        modifiche = []
        if precedente is not None and record.history_type == "~":
            delta = record.diff_against(precedente)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                modifiche.append(
                    {
                        "campo": field.verbose_name,
                        "da": _leggibile(field, change.old),
                        "a": _leggibile(field, change.new),
                    }
                )
        voci.append(
            {
                "data": record.history_date,
                "utente": record.history_user,
                "tipo": {"+": "creazione", "~": "modifica", "-": "eliminazione"}[record.history_type],
                "modifiche": modifiche,
            }
        )
    return voci[:limite]


def _leggibile(field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "sì" if value else "no"
    return str(value)
