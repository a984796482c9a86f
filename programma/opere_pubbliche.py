"""The priority works the programme has published: their pages and their open dataset (CSV, JSON).

Only `OperaPrioritaria.objects.pubbliche()` (the works a published strategic project endorses) and
only their public fields: codice, CUP with its OpenCUP page, title, mode, state, estimated cost,
region and provinces. Never the staff's notes, ente, tavolo, traffic light or funding details.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from programma.activities.lists import TUTTE, TUTTI
from programma.activities.parametri import pagina_richiesta
from programma.cache import pagina_pubblica, parametri
from programma.dati_aperti import dato_aperto, licenza
from programma.models import Modalita, OperaPrioritaria, ProgettoStrategico
from programma.spreadsheets import numero, risposta_csv
from regioni.models import CODICI_ISTAT, Provincia, Regione

PER_PAGINA = 25
COLONNE = (
    "codice", "cup", "url_opencup", "titolo", "modalita", "stato", "costo_stimato",
    "codice_istat_regione", "regione", "province", "pagina",
)  # fmt: skip


class FiltriOpere(forms.Form):
    regione = forms.ModelChoiceField(
        Regione.objects.all(), to_field_name="codice_istat", required=False, label=_("Regione"), empty_label=_("Tutte le regioni")
    )
    modalita = forms.ChoiceField(choices=[("", TUTTE)] + Modalita.choices, required=False, label=_("Modalità"))
    stato = forms.ChoiceField(choices=[("", TUTTI)] + OperaPrioritaria.Stato.choices, required=False, label=_("Stato"))


def opere_pubbliche(filtri: FiltriOpere | None = None) -> QuerySet[OperaPrioritaria]:
    opere = (
        OperaPrioritaria.objects.pubbliche()
        .select_related("regione")
        .prefetch_related(Prefetch("province", Provincia.objects.order_by("sigla")))
        .order_by("regione__codice_istat", "codice")
    )
    if filtri is not None and filtri.is_valid():
        dati = filtri.cleaned_data
        if dati["regione"]:
            opere = opere.filter(regione=dati["regione"])
        if dati["modalita"]:
            opere = opere.filter(modalita=dati["modalita"])
        if dati["stato"]:
            opere = opere.filter(stato=dati["stato"])
    return opere


@pagina_pubblica(
    variante=parametri(regione=CODICI_ISTAT, modalita=Modalita.values, stato=OperaPrioritaria.Stato.values, page=str.isdigit)
)
def lista(request: HttpRequest) -> HttpResponse:
    filtri = FiltriOpere(request.GET or None)
    pagina = pagina_richiesta(request, opere_pubbliche(filtri), PER_PAGINA)
    context = {"filtri": filtri, "page_obj": pagina, "object_list": pagina.object_list}
    return render(request, "opere/lista.html", context)


@pagina_pubblica
def opera(request: HttpRequest, pk: int) -> HttpResponse:
    oggetto = get_object_or_404(opere_pubbliche(), pk=pk)
    # The published strategic projects that endorse it: where a reader finds why it is a priority.
    strategici = ProgettoStrategico.objects.pubblicati().filter(sostegni__opera=oggetto).select_related("progetto__programma")
    return render(request, "opere/opera.html", {"opera": oggetto, "strategici": strategici})


def _riga(opera: OperaPrioritaria, assoluto: Any) -> dict[str, Any]:
    return {
        "codice": opera.codice,
        "cup": opera.cup or None,
        "url_opencup": opera.url_opencup or None,
        "titolo": opera.titolo,
        "modalita": opera.get_modalita_display(),
        "stato": opera.get_stato_display(),
        "costo_stimato": numero(opera.costo_stimato) if opera.costo_stimato is not None else None,
        "codice_istat_regione": opera.regione.codice_istat,
        "regione": opera.regione.nome,
        "province": [p.sigla for p in opera.province.all()],
        "pagina": assoluto(opera.get_public_url()),
    }


@pagina_pubblica
def dati_json(request: HttpRequest) -> HttpResponse:
    corpo = {"licenza": licenza(), "totale": 0, "opere": [_riga(o, request.build_absolute_uri) for o in opere_pubbliche()]}
    corpo["totale"] = len(corpo["opere"])
    risposta = JsonResponse(corpo, json_dumps_params={"ensure_ascii": False})
    return dato_aperto(risposta)


@pagina_pubblica
def dati_csv(request: HttpRequest) -> HttpResponse:
    righe: list[list[Any]] = [list(COLONNE)]
    for o in opere_pubbliche():
        riga = _riga(o, request.build_absolute_uri)
        riga["province"] = "|".join(riga["province"])  # the import's separator
        righe.append(["" if riga[c] is None else riga[c] for c in COLONNE])
    risposta = risposta_csv(righe, "opere-prioritarie.csv")
    return dato_aperto(risposta)
