"""The public calendar: the events to come that are public, their pages, and the .ics to subscribe to.

No login, nothing scoped: only `Evento.objects.pubblici()` is reachable here (another event is a
404), and only what a visitor needs (place, time, theme, partners, registration); never the staff's
counts, materials or comuni. Kept per counter generation and day (`programma.cache.pagina_pubblica`).
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventi import calendario as ical
from eventi.models import Evento, Tema
from eventi.temi import TEMI
from programma.activities.parametri import pagina_richiesta
from programma.cache import pagina_pubblica, parametri
from programma.dati_aperti import dato_aperto
from regioni.models import CODICI_ISTAT, Regione

PER_PAGINA = 25
CODICI_TEMI = frozenset(codice for codice, _nome in TEMI)


class FiltriCalendario(forms.Form):
    regione = forms.ModelChoiceField(
        Regione.objects.all(), to_field_name="codice_istat", required=False, label=gettext_lazy("Regione"),
        empty_label=gettext_lazy("Tutte le regioni"),
    )  # fmt: skip
    tema = forms.ModelChoiceField(
        Tema.objects.all(), to_field_name="codice", required=False, label=gettext_lazy("Tema"), empty_label=gettext_lazy("Tutti i temi")
    )


def eventi_filtrati(filtri: FiltriCalendario):  # type: ignore[no-untyped-def]
    """The public events to come, narrowed by the valid filters."""
    eventi = Evento.objects.pubblici().in_programma().select_related("progetto__regione", "provincia")
    if filtri.is_valid():
        if filtri.cleaned_data["regione"]:
            eventi = eventi.filter(progetto__regione=filtri.cleaned_data["regione"])
        if filtri.cleaned_data["tema"]:
            eventi = eventi.filter(temi=filtri.cleaned_data["tema"])
    return eventi


@pagina_pubblica(variante=parametri(regione=CODICI_ISTAT, tema=CODICI_TEMI, page=str.isdigit))
def calendario(request: HttpRequest) -> HttpResponse:
    filtri = FiltriCalendario(request.GET or None)
    pagina = pagina_richiesta(request, eventi_filtrati(filtri).prefetch_related("temi"), PER_PAGINA)
    regione = filtri.cleaned_data["regione"] if filtri.is_valid() else None
    context = {
        "filtri": filtri,
        "page_obj": pagina,
        "eventi": pagina.object_list,
        "regione": regione,
    }
    return render(request, "eventi/calendario.html", context)


@pagina_pubblica
def evento(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Evento.objects.pubblici().select_related("progetto__regione", "provincia", "ente").prefetch_related("temi", "partner_rete")
    return render(request, "eventi/pubblico.html", {"evento": get_object_or_404(queryset, pk=pk)})


@pagina_pubblica(variante=parametri(regione=CODICI_ISTAT))
def calendario_ics(request: HttpRequest) -> HttpResponse:
    """RFC 5545, to subscribe to: every public event to come, of one region with `?regione=<codice_istat>`."""
    filtri = FiltriCalendario(request.GET)  # bound even when empty: no region is a valid choice
    if set(request.GET) - {"regione"} or not filtri.is_valid():
        return HttpResponseBadRequest(
            _(
                "Parametro non valido: si può indicare solo ?regione= con il codice ISTAT di due cifre di una regione "
                "(ad esempio ?regione=03 per la Lombardia)."
            ),
            content_type="text/plain; charset=utf-8",
        )
    regione = filtri.cleaned_data["regione"]
    nome = _("Programma Infrastrutture: eventi") + (f" — {regione.nome}" if regione else "")
    corpo = ical.calendario(
        eventi_filtrati(filtri).prefetch_related("temi", "partner_rete"),
        nome=nome,
        assoluto=request.build_absolute_uri,
        dominio=request.get_host().split(":")[0],
    )
    risposta = HttpResponse(corpo, content_type="text/calendar; charset=utf-8")
    risposta["Content-Disposition"] = 'inline; filename="programma-infrastrutture-eventi.ics"'
    return dato_aperto(risposta)
