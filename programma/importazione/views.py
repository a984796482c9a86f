"""Pages of the import for administrators: history, result with progress bar, undo, error report.

Import history rows have no region: they are reachable by administrators only (anyone else 403).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from programma.importazione import services, tasks
from programma.spreadsheets import righe_csv_excel
from programma.importazione.models import Importazione
from regioni.scoping import Ruolo, solo_per

# Undoing more rows than this runs in the background.
ANNULLA_SINCRONO_MAX = 5000
# Errors shown on a page; the CSV has them all.
MAX_ERRORI_PAGINA = 500


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def storico(request: HttpRequest) -> HttpResponse:
    Importazione.objects.chiudi_interrotte()
    pagina = Paginator(Importazione.objects.select_related("utente", "annullata_da").defer(*Importazione.COLONNE_GRANDI), 50)
    return render(request, "importazione/storico.html", {"pagina": pagina.get_page(request.GET.get("pagina"))})


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def dettaglio(request: HttpRequest, pk: int) -> HttpResponse:
    importazione = get_object_or_404(Importazione.objects.select_related("utente", "annullata_da").defer("anteprima"), pk=pk)
    importazione.chiudi_se_interrotta()
    return render(request, "importazione/dettaglio.html", {"importazione": importazione, **contesto_errori(importazione)})


def contesto_errori(importazione: Importazione) -> dict[str, Any]:
    """The first errors of an import for a page (the result page and the admin preview)."""
    errori = list(importazione.errori.all()[: MAX_ERRORI_PAGINA + 1])
    return {"errori": errori[:MAX_ERRORI_PAGINA], "altri_errori": len(errori) > MAX_ERRORI_PAGINA, "max_errori": MAX_ERRORI_PAGINA}


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def stato(request: HttpRequest, pk: int) -> JsonResponse:
    importazione = get_object_or_404(Importazione.objects.defer(*Importazione.COLONNE_GRANDI), pk=pk)
    importazione.chiudi_se_interrotta()
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
@require_http_methods(["GET", "POST"])
def annulla(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows what undoing would delete and revert and asks for confirmation; POST with it undoes."""
    importazione = get_object_or_404(Importazione.objects.defer("anteprima", "avvisi"), pk=pk)
    if motivo := importazione.motivo_non_annullabile:
        messages.error(request, motivo)
        return redirect(importazione.get_absolute_url())
    if request.method == "GET" or not request.POST.get("conferma"):
        contesto = {"importazione": importazione, "senza_conferma": request.method == "POST", **services.anteprima_annullamento(importazione)}
        return render(request, "importazione/annulla.html", contesto)
    righe = importazione.righe_create + importazione.righe_aggiornate
    if righe > ANNULLA_SINCRONO_MAX:
        importazione.fase = "annullamento"
        importazione.ultimo_segnale = timezone.now()
        importazione.save(update_fields=["fase", "ultimo_segnale"])
        tasks.annulla_importazione.delay(importazione.pk, request.user.pk)
        messages.info(request, _("Annullamento avviato in background."))
    else:
        services.annulla(importazione, utente=request.user)
        messages.success(request, _("Importazione annullata: i valori precedenti sono stati ripristinati."))
    return redirect(importazione.get_absolute_url())


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def errori_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every listed error, streamed (the values come from the uploaded file: neutralised like any export)."""
    importazione = get_object_or_404(Importazione.objects.only("pk", "righe_non_elencate"), pk=pk)
    risposta = StreamingHttpResponse(righe_csv_excel(_righe_errori(importazione)), content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="errori-importazione-{importazione.pk}.csv"'
    return risposta


def _righe_errori(importazione: Importazione) -> Iterator[list[Any]]:
    colonne = ["riga", "codice", "titolo", "colonna", "valore", "motivo"]
    yield [_("riga"), _("codice"), _("titolo"), _("colonna"), _("valore"), _("motivo")]
    for riga, *altri in importazione.errori.values_list(*colonne).iterator(chunk_size=1000):
        yield [riga or "", *altri]
    if importazione.righe_non_elencate:
        yield [""] * (len(colonne) - 1) + [importazione.nota_errori]
