"""Django admin for the programme models."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programma.activities.admin import AttivitaAdmin
from programma.models import Fase, ProgettoRegionale, Programma, Report


@admin.register(Programma)
class ProgrammaAdmin(SimpleHistoryAdmin):
    list_display = ["nome", "data_inizio", "data_fine", "attivo"]
    list_filter = ["attivo"]
    search_fields = ["nome"]
    date_hierarchy = "data_inizio"


class FaseInline(admin.TabularInline):
    # The four phases are created with the project: edited here, never added or removed.
    model = Fase
    fields = ["numero", "stato", "data_inizio_prevista", "data_fine_prevista", "data_inizio_effettiva", "data_fine_effettiva", "avanzamento"]
    readonly_fields = ["numero"]
    extra = 0
    max_num = 4
    can_delete = False


@admin.register(ProgettoRegionale)
class ProgettoRegionaleAdmin(SimpleHistoryAdmin):
    list_display = ["titolo", "regione", "programma", "ente_capofila", "budget"]
    list_filter = ["programma", "regione__ripartizione", "regione"]
    search_fields = ["titolo", "regione__nome", "ente_capofila__nome"]
    list_select_related = ["regione", "programma", "ente_capofila"]
    autocomplete_fields = ["ente_capofila"]
    filter_horizontal = ["enti_partecipanti"]
    inlines = [FaseInline]


@admin.register(Fase)
class FaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "progetto", "stato", "data_fine_prevista", "avanzamento"]
    list_filter = ["numero", "stato", "progetto__programma", "progetto__regione"]
    search_fields = ["progetto__titolo", "progetto__regione__nome", "note"]
    list_select_related = ["progetto__regione"]
    readonly_fields = ["progetto", "numero"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(AttivitaAdmin):
    list_display = ["titolo", "tipo", "data", "progetto", "fase", "stato"]
    list_filter = ["tipo", "stato", "progetto__programma", "progetto__regione"]
    search_fields = ["titolo", "abstract", "progetto__regione__nome"]
    list_select_related = ["progetto__regione", "fase"]
    raw_id_fields = ["progetto", "fase"]
    # Publishing is the workflow's, on the staff pages (who, when, why in the history): read-only here.
    readonly_fields = ["stato", "commento", "pubblicato_il"]


# OperaPrioritaria is registered with its import/export admin.
from programma.importazione import admin as _opere_admin  # noqa: E402,F401
from programma.risultati import admin as _risultati_admin  # noqa: E402,F401
