"""Admin for OperaPrioritaria with import/export: owned by the import work (issue 5).

django-import-export gives the admin its Import/Export buttons, the export form and the
formats; the import itself (upload -> column mapping -> preview of every row -> confirm) is on the
staff pages (`/importazioni/nuova/`, programma/importazione/views.py), where the admin's "Importa"
button leads, and runs on our own bulk service (the per-row machinery of import-export is far too
slow for 100,000 rows). Saved column mappings can be renamed or deleted here.
"""

from __future__ import annotations

from typing import Any

import tablib
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from programma.importazione import export
from programma.importazione.fileformat import COLONNE
from programma.importazione.models import Importazione, MappaturaImportazione
from programma.models import OperaPrioritaria
from regioni.scoping import ambito_di


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

    def get_export_formats(self) -> list[type]:
        return [CSVItaliano, XLSXItaliano]

    def get_export_filename(self, request: HttpRequest, queryset: Any, file_format: Any) -> str:
        # Not the open data's name (/dati/opere.csv is "opere-prioritarie.csv"): this one is the import's format.
        return f"opere-prioritarie-formato-importazione.{file_format.get_extension()}"

    def has_import_permission(self, request: HttpRequest) -> bool:
        return ambito_di(request.user).amministratore

    def has_export_permission(self, request: HttpRequest) -> bool:
        return ambito_di(request.user).amministratore

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The admin's "Importa" button leads to the import's staff page (`/importazioni/nuova/`)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        return redirect("importazione:nuova")

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Confirmed on the staff pages: nothing is imported from the admin."""
        return self.import_action(request, **kwargs)


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


@admin.register(MappaturaImportazione)
class MappaturaImportazioneAdmin(admin.ModelAdmin):
    list_display = ("nome", "creata_da", "aggiornata_il")
    search_fields = ("nome",)
    readonly_fields = ("creata_da", "aggiornata_il")
