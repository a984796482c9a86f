"""Pages of the import for administrators: the upload (`/importazioni/nuova/`, with the template to
download), the matching of a file's columns, the preview to confirm or discard, the history, the
result with its progress bar, the undo and the error report.

Import rows have no region: they are reachable by administrators only (anyone else 403). The
history is a list of the shared framework (filters, order, CSV/XLSX export).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from programma.activities.lists import Colonna, ListaMixin
from programma.activities.parametri import pagina_richiesta
from programma.filters import ImportazioneFilter
from programma.importazione import export, services, tasks
from programma.importazione.fileformat import COLONNE
from programma.importazione.forms import AbbinamentoForm, CaricaForm, colonne_inviate
from programma.importazione.mappatura import Mappatura, proponi, valori_da_abbinare
from programma.importazione.models import Importazione, MappaturaImportazione
from programma.importazione.reading import FileNonValido, leggi_tabella
from programma.importazione.riferimenti import RiferimentiScelte
from programma.models import Programma
from programma.spreadsheets import DATA_ORA, INTERO, XLSX, risposta_csv_excel
from regioni.scoping import Ruolo, SoloPerMixin, solo_per

# Undoing more rows than this runs in the background.
ANNULLA_SINCRONO_MAX = 5000
# Errors shown on a page; the CSV has them all.
MAX_ERRORI_PAGINA = 500
# Rows of the preview a page shows.
RIGHE_PER_PAGINA = 50
# Columns whose values wrap in the preview's table (the others keep to one line).
TESTI_LUNGHI = ("titolo", "descrizione", "fonte_finanziamento")
# States whose file may be matched again and checked anew (never once confirmed).
DA_RIVEDERE = (Importazione.Stato.MAPPATURA, Importazione.Stato.ANTEPRIMA, Importazione.Stato.RIFIUTATA)


@solo_per(*Ruolo.AMMINISTRATORI)
@require_http_methods(["GET", "POST"])
def nuova(request: HttpRequest) -> HttpResponse:
    """Upload a file: a file in our format (or with a saved mapping) goes to its preview, one whose
    columns are not ours to the matching of its columns."""
    form = CaricaForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        salvata = form.cleaned_data.get("mappatura")
        mappatura = Mappatura.da_dict(salvata.regole) if salvata else None
        importazione = services.crea_importazione(file_caricato=form.cleaned_data["file"], utente=request.user, mappatura=mappatura)
        if mappatura is None and services.va_abbinato(services.leggi_file(importazione)):
            importazione.stato = Importazione.Stato.MAPPATURA
            importazione.save(update_fields=["stato"])
            messages.info(request, _("Le colonne del file non sono quelle del modello: abbinale alle nostre."))
            return redirect("importazione:mappatura", importazione.pk)
        tasks.avvia_anteprima(importazione)
        return redirect("importazione:anteprima", importazione.pk)
    Importazione.objects.chiudi_interrotte()
    context = {
        "form": form,
        "ultime": Importazione.objects.select_related("utente").defer(*Importazione.COLONNE_GRANDI)[:5],
        "mappature": MappaturaImportazione.objects.all(),
    }
    return render(request, "importazione/nuova.html", context)


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def modello(request: HttpRequest, formato: str) -> HttpResponse:
    """The template to fill in: CSV (header and an example), or XLSX with a sheet of instructions."""
    tipo = "text/csv; charset=utf-8" if formato == "csv" else XLSX
    risposta = HttpResponse(export.modello(formato), content_type=tipo)
    risposta["Content-Disposition"] = f'attachment; filename="modello-opere-prioritarie.{formato}"'
    return risposta


def _da_rivedere(request: HttpRequest, importazione: Importazione) -> HttpResponse | None:
    """Back to the import's page with the reason when it can no longer be matched or checked anew."""
    if importazione.conferma or importazione.stato not in DA_RIVEDERE:
        messages.error(request, _("Questa importazione non è più in attesa di abbinamento o di conferma."))
        return redirect(importazione.get_absolute_url())
    return None


@solo_per(*Ruolo.AMMINISTRATORI)
@require_http_methods(["GET", "POST"])
def mappatura(request: HttpRequest, pk: int) -> HttpResponse:
    """Match the file's columns to ours, give fixed values and map values; then check the file so."""
    importazione = get_object_or_404(Importazione.objects.defer("anteprima", "opere_create"), pk=pk)
    if (rifiuto := _da_rivedere(request, importazione)) is not None:
        return rifiuto
    dati = services.leggi_file(importazione)
    try:
        tabella = leggi_tabella(dati)
    except FileNonValido as exc:
        messages.error(request, str(exc))
        return redirect(importazione.get_absolute_url())
    intestazioni = tabella.intestazioni
    esempi = next(tabella.righe, (0, []))[1]
    proposta = proponi(intestazioni, Mappatura.da_dict(importazione.mappatura))
    if request.method == "POST":
        # The values to map follow the columns just chosen.
        proposta = Mappatura(colonne_inviate(request.POST, intestazioni), proposta.fissi, proposta.valori)
    scelte = RiferimentiScelte()
    try:
        da_abbinare = valori_da_abbinare(leggi_tabella(dati), proposta, scelte)
    except FileNonValido as exc:
        messages.error(request, str(exc))
        return redirect(importazione.get_absolute_url())
    argomenti = {
        "intestazioni": intestazioni,
        "esempi": esempi,
        "proposta": proposta,
        "da_abbinare": da_abbinare,
        "opzioni": {c: scelte.opzioni(c) for c in scelte.COLONNE},
        "edizioni": list(Programma.objects.values_list("nome", flat=True)),
    }
    form = AbbinamentoForm(request.POST if "continua" in request.POST else None, **argomenti)
    if "aggiorna" in request.POST:
        form.initial.update(request.POST.dict())  # what the user chose stays, with the new values to map
    elif request.method == "POST" and form.is_valid():
        nuova_mappatura = form.mappatura()
        if nome := form.cleaned_data["salva_come"].strip():
            MappaturaImportazione.objects.update_or_create(nome=nome, defaults={"regole": nuova_mappatura.come_dict(), "creata_da": request.user})
            messages.success(request, _("Abbinamento salvato come «%(nome)s».") % {"nome": nome})
        tasks.avvia_anteprima(importazione, mappatura=nuova_mappatura)
        return redirect("importazione:anteprima", importazione.pk)
    return render(request, "importazione/mappatura.html", {"importazione": importazione, "form": form, "da_abbinare": da_abbinare})


@solo_per(*Ruolo.AMMINISTRATORI)
@require_GET
def anteprima(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview: counts, warnings, errors, and each row with its values as read; then confirm or discard."""
    importazione = get_object_or_404(Importazione.objects.select_related("utente").defer("opere_create"), pk=pk)
    importazione.chiudi_se_interrotta()
    if importazione.stato == Importazione.Stato.MAPPATURA:
        return redirect("importazione:mappatura", importazione.pk)
    solo_errate = request.GET.get("errate") == "1"
    righe = [r for r in importazione.anteprima if r["esito"] == services.ERRATA] if solo_errate else importazione.anteprima
    pagina = pagina_richiesta(request, righe, RIGHE_PER_PAGINA)
    presenti = {c for r in pagina for c in r.get("valori", {})}
    colonne = [c for c in COLONNE if c in presenti]
    context = {
        "importazione": importazione,
        "page_obj": pagina,
        # Each row's values in the columns' order, a bad cell marked (the row's errors are beside it).
        "righe": [{**r, "celle": [(r.get("valori", {}).get(c, ""), c in r.get("errate", ()), c in TESTI_LUNGHI) for c in colonne]} for r in pagina],
        "solo_errate": solo_errate,
        "colonne": colonne,
        "max_righe": services.ANTEPRIMA_MAX_RIGHE,
        "rivedibile": not importazione.conferma and importazione.stato in DA_RIVEDERE,
        **contesto_errori(importazione),
    }
    return render(request, "importazione/anteprima.html", context)


@solo_per(*Ruolo.AMMINISTRATORI)
@require_POST
def conferma(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a preview: the file is read and checked again inside the write transaction, then written."""
    importazione = get_object_or_404(Importazione.objects.defer(*Importazione.COLONNE_GRANDI), pk=pk)
    if importazione.stato != Importazione.Stato.ANTEPRIMA:
        messages.error(request, _("Questa importazione non è in attesa di conferma."))
        return redirect(importazione.get_absolute_url())
    services.conferma(importazione)
    tasks.avvia(importazione, dati_grandi=services.in_background(services.leggi_file(importazione)))
    return redirect(importazione.get_absolute_url())


@solo_per(*Ruolo.AMMINISTRATORI)
@require_POST
def scarta(request: HttpRequest, pk: int) -> HttpResponse:
    """Discard an upload not confirmed: its row and file go; nothing was written."""
    importazione = get_object_or_404(Importazione.objects.defer(*Importazione.COLONNE_GRANDI), pk=pk)
    if (rifiuto := _da_rivedere(request, importazione)) is not None:
        return rifiuto
    services.scarta(importazione)
    messages.success(request, _("Importazione di «%(file)s» scartata: nessuna opera è stata scritta.") % {"file": importazione.nome_file})
    return redirect("importazione:nuova")


def _scritte(campo: str) -> Any:
    """A count of works written: none for a preview or a rejected file (nothing was written)."""
    return lambda importazione: getattr(importazione, campo) if importazione.ha_scritto else None


class StoricoView(SoloPerMixin, ListaMixin, ListView):
    """Every import, newest first."""

    ruoli_ammessi = Ruolo.AMMINISTRATORI
    http_method_names = ["get"]
    model = Importazione
    filterset_class = ImportazioneFilter
    template_name = "importazione/storico.html"
    titolo_lista = gettext_lazy("Importazioni di opere prioritarie")
    ordinamento_predefinito = "-caricata"
    colonne = (
        Colonna(gettext_lazy("Caricata il"), "caricata", "creata_il", valore="creata_il", formato=DATA_ORA),
        Colonna(gettext_lazy("File"), "file", "nome_file", valore="nome_file"),
        Colonna(gettext_lazy("Utente"), valore=lambda importazione: str(importazione.utente or importazione.origine)),
        Colonna(gettext_lazy("Stato"), "stato", "stato", valore="get_stato_display"),
        Colonna(gettext_lazy("Create"), classe="text-end", valore=_scritte("righe_create"), formato=INTERO),
        Colonna(gettext_lazy("Aggiornate"), classe="text-end", valore=_scritte("righe_aggiornate"), formato=INTERO),
        Colonna(gettext_lazy("Invariate"), classe="text-end", valore=_scritte("righe_invariate"), formato=INTERO),
        Colonna(gettext_lazy("Righe errate"), "errate", "righe_errate", classe="text-end", valore="righe_errate", formato=INTERO),
    )

    def get_queryset(self) -> QuerySet[Importazione]:
        Importazione.objects.chiudi_interrotte()
        return super().get_queryset().select_related("utente").defer(*Importazione.COLONNE_GRANDI)


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
    return risposta_csv_excel(_righe_errori(importazione), f"errori-importazione-{importazione.pk}.csv")


def _righe_errori(importazione: Importazione) -> Iterator[list[Any]]:
    colonne = ["riga", "codice", "titolo", "colonna", "valore", "motivo"]
    yield [_("riga"), _("codice"), _("titolo"), _("colonna"), _("valore"), _("motivo")]
    for riga, *altri in importazione.errori.values_list(*colonne).iterator(chunk_size=1000):
        yield [riga or "", *altri]
    if importazione.righe_non_elencate:
        yield [""] * (len(colonne) - 1) + [importazione.nota_errori]
