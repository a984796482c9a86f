"""Admin for OperaPrioritaria with import/export: owned by the import work (issue 5).

django-import-export gives the admin its Import/Export buttons, the export form and the
formats; the import itself (upload -> preview of every row -> confirm) runs on our own
bulk service, because the per-row machinery of import-export is far too slow for 100,000 rows.
"""

from __future__ import annotations

from typing import Any

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from programma.importazione import export, services, tasks
from programma.importazione.fileformat import COLONNE
from programma.importazione.reading import FileNonValido, controlla_dimensione
from programma.importazione.models import Importazione
from regioni.scoping import ambito_di
from programma.importazione.views import contesto_errori
from programma.models import OperaPrioritaria


class OperaPrioritariaResource(resources.ModelResource):
    """The export in exactly the import format (see export.righe)."""

    class Meta:
        model = OperaPrioritaria
        fields = COLONNE
        export_order = COLONNE

    def export(self, queryset: Any = None, **kwargs: Any) -> tablib.Dataset:
        return tablib.Dataset(*export.righe(queryset), headers=list(COLONNE))


class CSVItaliano(base_formats.CSV):
    """Semicolons and a BOM, as Italian Excel expects."""

    def get_title(self) -> str:
        return "csv"

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return export.scrivi_csv(dataset.headers, dataset)


class XLSXItaliano(base_formats.XLSX):
    """Every cell a text cell: nothing becomes a formula."""

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return export.scrivi_xlsx(dataset.headers, dataset)


class FileImportazioneForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File CSV o XLSX"),
        help_text=gettext_lazy(
            "Colonne: codice, cup, titolo, descrizione, modalita, livello_priorita, stato, semaforo, costo_stimato, "
            "finanziamento_pnrr, commissario_straordinario, fonte_finanziamento, regione, province, "
            "data_completamento_prevista. Obbligatorie: codice, titolo, modalita, livello_priorita, regione."
        ),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        try:
            controlla_dimensione(file.size)
        except FileNonValido as exc:
            raise forms.ValidationError(str(exc)) from None
        if file.size == 0:
            raise forms.ValidationError(_("Il file è vuoto."))
        return file


@admin.register(OperaPrioritaria)
class OperaPrioritariaAdmin(ImportExportMixin, SimpleHistoryAdmin):
    list_display = ("codice", "titolo", "regione", "modalita", "livello_priorita", "stato", "semaforo", "costo_stimato")
    list_filter = ("regione", "modalita", "livello_priorita", "stato", "semaforo", "finanziamento_pnrr", "commissario_straordinario")
    search_fields = ("codice", "titolo", "cup", "fonte_finanziamento")
    list_select_related = ("regione",)
    autocomplete_fields = ()
    filter_horizontal = ("province",)
    raw_id_fields = ("progetto", "tavolo")
    resource_classes = [OperaPrioritariaResource]
    export_form_class = ExportForm
    import_template_name = "admin/programma/operaprioritaria/importa.html"

    def get_export_formats(self) -> list[type]:
        return [CSVItaliano, XLSXItaliano]

    def get_export_filename(self, request: HttpRequest, queryset: Any, file_format: Any) -> str:
        return f"opere-prioritarie.{file_format.get_extension()}"

    def has_import_permission(self, request: HttpRequest) -> bool:
        return ambito_di(request.user).amministratore

    def has_export_permission(self, request: HttpRequest) -> bool:
        return ambito_di(request.user).amministratore

    def get_urls(self) -> list:
        info = self.get_model_info()
        return [
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.anteprima_view),
                name="%s_%s_import_anteprima" % info,
            ),
            *super().get_urls(),
        ]

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Upload: store the file, check it (now, or in the background if large) and show the preview."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = FileImportazioneForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            importazione = services.crea_importazione(file_caricato=form.cleaned_data["file"], utente=request.user)
            with importazione.file.open("rb") as f:
                grande = services.in_background(f.read())
            tasks.avvia(importazione, dati_grandi=grande)
            return redirect("admin:programma_operaprioritaria_import_anteprima", importazione.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importa opere prioritarie"),
            "opts": self.model._meta,
            "form": form,
            "storico": _ultime_importazioni(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template_name, context)

    def anteprima_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        importazione = get_object_or_404(Importazione, pk=pk)
        importazione.chiudi_se_interrotta()
        if request.GET.get("formato") == "json":
            return JsonResponse({"stato": importazione.stato, "terminata": importazione.terminata})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Anteprima dell'importazione"),
            "opts": self.model._meta,
            "importazione": importazione,
            "righe": importazione.anteprima,
            "max_righe": services.ANTEPRIMA_MAX_RIGHE,
            **contesto_errori(importazione),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/programma/operaprioritaria/anteprima.html", context)

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Confirm: the file is read and checked again inside the write transaction, then written."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        importazione = get_object_or_404(Importazione.objects.defer(*Importazione.COLONNE_GRANDI), pk=request.POST.get("importazione"))
        if importazione.stato != Importazione.Stato.ANTEPRIMA:
            messages.error(request, _("Questa importazione non è in attesa di conferma."))
            return redirect(importazione.get_absolute_url())
        services.conferma(importazione)
        with importazione.file.open("rb") as f:
            grande = services.in_background(f.read())
        tasks.avvia(importazione, dati_grandi=grande)
        return redirect(importazione.get_absolute_url())


def _ultime_importazioni() -> Any:
    Importazione.objects.chiudi_interrotte()
    return Importazione.objects.select_related("utente").defer(*Importazione.COLONNE_GRANDI)[:10]


NASCOSTI = ("anteprima", "opere_create")


@admin.register(Importazione)
class ImportazioneAdmin(admin.ModelAdmin):
    list_display = ("creata_il", "nome_file", "utente", "stato", "righe_create", "righe_aggiornate", "righe_invariate", "righe_errate")
    list_filter = ("stato", "origine")
    search_fields = ("nome_file", "utente__username")
    # The big JSON columns (preview, ids for the undo) and the errors are shown on the history page instead.
    exclude = NASCOSTI
    readonly_fields = [f.name for f in Importazione._meta.fields if f.name not in ("id", *NASCOSTI)]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer(*NASCOSTI)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        Importazione.objects.chiudi_interrotte()
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def view_on_site(self, obj: Importazione) -> str:
        return reverse("importazione:dettaglio", args=[obj.pk])
