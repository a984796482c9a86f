"""The public events as iCalendar (RFC 5545), built with the `icalendar` library.

One VEVENT per event: a timed event at its time in Rome, written in UTC (RFC 5545's form 2, which needs
no VTIMEZONE: every calendar shows it in the reader's own time), a day-long one as a DATE; a cancelled
event stays with STATUS:CANCELLED, so a subscriber's calendar drops it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from eventi.models import Evento
from programma.dati_aperti import LICENZA_URL, attribuzione
from programma.models import StatoAttivita


def luogo(evento: Evento) -> str:
    if evento.online:
        return "Online"
    parti = [evento.luogo, f"{evento.provincia.nome} ({evento.provincia.sigla})" if evento.provincia else ""]
    return ", ".join(p for p in parti if p)


def calendario(eventi: Iterable[Evento], *, nome: str, assoluto: Callable[[str], str], dominio: str) -> bytes:
    """The events (with `temi` and `partner_rete` prefetched) as an .ics body; `assoluto` makes a
    path into a full URL, `dominio` makes the UIDs unique worldwide."""
    fuso = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Sistema camerale//Programma Infrastrutture//IT")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", nome)
    cal.add("x-wr-caldesc", f"{attribuzione()} {LICENZA_URL}")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    adesso = timezone.now()
    for evento in eventi:
        voce = Event()
        voce.add("uid", f"evento-{evento.pk}@{dominio}")
        voce.add("dtstamp", adesso)
        if evento.ora_inizio:
            voce.add("dtstart", dt.datetime.combine(evento.data, evento.ora_inizio, tzinfo=fuso).astimezone(dt.UTC))
            if evento.ora_fine:
                voce.add("dtend", dt.datetime.combine(evento.data, evento.ora_fine, tzinfo=fuso).astimezone(dt.UTC))
        else:
            voce.add("dtstart", evento.data)
            voce.add("dtend", evento.data + dt.timedelta(days=1))
        voce.add("summary", evento.titolo)
        voce.add("location", luogo(evento))
        pagina = assoluto(evento.get_public_url())
        voce.add("url", pagina)
        righe = [str(evento.get_tipo_display()), evento.progetto.regione.nome]
        if temi := [t.nome for t in evento.temi.all()]:
            righe.append("Temi: " + ", ".join(temi))
        if partner := [p.nome for p in evento.partner_rete.all()]:
            righe.append("Partner: " + ", ".join(partner))
        if evento.url_iscrizione:
            righe.append(f"Iscrizione: {evento.url_iscrizione}")
        righe.append(pagina)
        voce.add("description", "\n".join(righe))
        voce.add("categories", [str(evento.get_tipo_display()), *temi])
        voce.add("status", "CANCELLED" if evento.stato == StatoAttivita.ANNULLATO else "CONFIRMED")
        cal.add_component(voce)
    return cal.to_ical()
