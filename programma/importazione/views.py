"""Pages of the import for administrators: history, result with progress bar, undo, error report.

Import history rows have no region: they are reachable by administrators only (anyone else 403).
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from programma.importazione import servizi, tasks
from programma.fogli import neutralizza
from programma.importazione.models import Importazione
from regioni.scoping import Ruolo, solo_per

# Undoing more rows than this runs in the background.
ANNULLA_SINCRONO_MAX = 5000


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def storico(request: HttpRequest) -> HttpResponse:
    pagina = Paginator(Importazione.objects.select_related("utente", "annullata_da").defer("anteprima", "ids_creati", "errori"), 50)
    return render(request, "importazione/storico.html", {"pagina": pagina.get_page(request.GET.get("pagina"))})


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def dettaglio(request: HttpRequest, pk: int) -> HttpResponse:
    importazione = get_object_or_404(Importazione.objects.select_related("utente", "annullata_da"), pk=pk)
    return render(
        request,
        "importazione/dettaglio.html",
        {"importazione": importazione, "errori": importazione.errori[:500], "max_errori": 500},
    )


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def stato(request: HttpRequest, pk: int) -> JsonResponse:
    importazione = get_object_or_404(Importazione.objects.defer("anteprima", "ids_creati", "errori"), pk=pk)
    return JsonResponse(
        {
            "stato": importazione.stato,
            "etichetta": importazione.get_stato_display(),
            "fase": importazione.fase,
            "percentuale": importazione.percentuale,
            "righe_elaborate": importazione.righe_elaborate,
            "righe_totali": importazione.righe_totali,
            "terminata": importazione.terminata,
        }
    )


@solo_per(*Ruolo.AMMINISTRATORI)
@require_POST
def annulla(request: HttpRequest, pk: int) -> HttpResponse:
    importazione = get_object_or_404(Importazione, pk=pk)
    if not importazione.annullabile:
        messages.error(request, _("Si può annullare solo l'ultima importazione completata."))
        return redirect(importazione.get_absolute_url())
    righe = len(importazione.ids_creati) + importazione.righe_aggiornate
    if righe > ANNULLA_SINCRONO_MAX:
        importazione.fase = "annullamento"
        importazione.save(update_fields=["fase"])
        tasks.annulla_importazione.delay(importazione.pk, request.user.pk)
        messages.info(request, _("Annullamento avviato in background."))
    else:
        servizi.annulla(importazione, utente=request.user)
        messages.success(request, _("Importazione annullata: i valori precedenti sono stati ripristinati."))
    return redirect(importazione.get_absolute_url())


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def errori_csv(request: HttpRequest, pk: int) -> HttpResponse:
    importazione = get_object_or_404(Importazione, pk=pk)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("riga"), _("colonna"), _("valore"), _("motivo")])
    for errore in importazione.errori:
        # The values come from the uploaded file: neutralised like any export.
        writer.writerow([errore["riga"] or "", *(neutralizza(str(errore[k])) for k in ("colonna", "valore", "motivo"))])
    risposta = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="errori-importazione-{importazione.pk}.csv"'
    return risposta
