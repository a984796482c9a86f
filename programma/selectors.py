"""Reads shared by the staff pages."""

from __future__ import annotations

import datetime as dt
import posixpath
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject

from programma.activities.parametri import leggi_intero
from programma.models import Fase, ProgettoRegionale, Programma
from programma.numbers import data_breve, numero_italiano
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
        numero = leggi_intero(candidato)
        if numero in edizioni:
            scelta = edizioni[numero]
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
    """Who changed what and when, newest first, with each field's old and new value, and the reason a
    workflow step gave (`motivo`: "Pubblicato", "Rimandato in bozza", …)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limite + 1])
    voci = []
    cambi: list[tuple[list[dict[str, Any]], models.Field, Any, Any]] = []
    for record, precedente in zip(records, records[1:] + [None]):
        modifiche: list[dict[str, Any]] = []
        if precedente is not None and record.history_type == "~":
            for change in record.diff_against(precedente).changes:
                field = obj._meta.get_field(change.field)
                if isinstance(field, models.JSONField):  # the system's own data (an approval's snapshot): not a person's edit
                    continue
                cambi.append((modifiche, field, change.old, change.new))
        voci.append(
            {
                "data": record.history_date,
                "utente": record.history_user,
                "tipo": {"+": "creazione", "~": "modifica", "-": "eliminazione"}[record.history_type],
                "motivo": record.history_change_reason or "",
                "modifiche": modifiche,
            }
        )
    # A related record by its name, not its id: one query per related model, however many changes.
    collegati: dict[type[models.Model], set[Any]] = {}
    for _modifiche, field, *valori in cambi:
        if field.many_to_one:
            collegati.setdefault(field.related_model, set()).update(v for v in valori if v is not None)
    trovati = {modello: modello._default_manager.in_bulk(pks) for modello, pks in collegati.items()}
    for modifiche, field, *valori in cambi:
        if field.many_to_one:
            per_pk = trovati[field.related_model]
            valori = [None if v is None else per_pk.get(v) or DeletedObject(field.related_model, v) for v in valori]
        modifiche.append({"campo": field.verbose_name, "da": _leggibile(field, valori[0]), "a": _leggibile(field, valori[1])})
    return voci[:limite]


def _leggibile(field: models.Field, value: Any) -> str:
    """A value as the rest of the site writes it: a choice by its label, a day as 31/12/2027, an amount
    or a count in Italian digits (52.627.000,00), yes or no in words, a file by its name, a related
    record by its name (or as deleted)."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("sì") if value else _("no")
    if isinstance(value, dt.date):
        return data_breve(value)
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, Decimal | int):
        return numero_italiano(value, getattr(field, "decimal_places", None) or 0)
    if isinstance(value, DeletedObject):
        return _("(eliminato)")
    if isinstance(field, models.FileField):  # the history keeps the stored path
        return posixpath.basename(getattr(value, "name", value))
    return str(value)


# The records a regional project holds, by relation (tavoli and eventi are apps above this one).
RELAZIONI_ATTIVITA = {"tavoli": "tavoli", "eventi": "eventi", "report": "report", "opere": "opere"}


def _modello(relazione: str) -> type[models.Model]:
    return ProgettoRegionale._meta.get_field(relazione).related_model


def ultime_modifiche(user: Any, *, limite: int = 5) -> list[dict[str, Any]]:
    """The user's own latest changes to regional records, newest first (from the change history)."""
    voci = []
    for relazione in RELAZIONI_ATTIVITA.values():
        storia = _modello(relazione).history.filter(history_user=user).order_by("-history_date")[:limite]
        voci += [
            {"data": r.history_date, "tipo": r.history_type, "oggetto": r.instance, "modello": r.instance._meta.verbose_name}
            for r in storia
        ]
    return sorted(voci, key=lambda v: v["data"], reverse=True)[:limite]


def modifiche_dal(user: Any, dal: Any) -> list[dict[str, Any]]:
    """How many records of each kind were created or changed (by anyone, in the user's scope) since `dal`."""
    risultato = []
    for chiave, relazione in RELAZIONI_ATTIVITA.items():
        modello = _modello(relazione)
        visibili = modello.objects.for_user(user).values("pk")
        n = modello.history.filter(history_date__gt=dal, id__in=visibili).values("id").distinct().count()
        risultato.append({"chiave": chiave, "modello": modello._meta.verbose_name_plural, "n": n})
    return risultato


def fasi_da_seguire(user: Any) -> dict[str, list[Fase]]:
    """Late phases and phases due within 30 days, in the user's scope and the active edition."""
    fasi = Fase.objects.for_user(user).filter(progetto__programma__attivo=True).select_related("progetto__regione")
    return {"in_ritardo": list(fasi.in_ritardo()), "in_scadenza": list(fasi.in_scadenza())}


def regioni_indietro(user: Any) -> list[dict[str, Any]]:
    """Regions with late phases in the active edition, most late first."""
    righe = (
        Fase.objects.for_user(user)
        .filter(progetto__programma__attivo=True)
        .in_ritardo()
        .values("progetto__regione__nome", "progetto__regione__slug")
        .annotate(n=models.Count("pk"))
        .order_by("-n", "progetto__regione__nome")
    )
    return [{"nome": r["progetto__regione__nome"], "slug": r["progetto__regione__slug"], "fasi_in_ritardo": r["n"]} for r in righe]


def attivita_senza_esito(user: Any) -> list[models.Model]:
    """Tavoli and eventi of the user's scope still 'pianificato' though their date has passed."""
    risultato: list[models.Model] = []
    for relazione in ("tavoli", "eventi"):
        risultato += list(_modello(relazione).objects.for_user(user).senza_esito().order_by("data")[:20])
    return risultato
