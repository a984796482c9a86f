from django.contrib import admin

from contatori.models import RicalcoloLog, Snapshot


@admin.register(RicalcoloLog)
class RicalcoloLogAdmin(admin.ModelAdmin):
    """The recount log, read only: it is written by the recount itself."""

    list_display = ["avviato_il", "origine", "esito", "durata", "n_valori"]
    list_filter = ["esito"]
    search_fields = ["origine", "task_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["giorno", "contatore", "regione", "valore", "calcolato_il"]
    list_filter = ["contatore", "giorno"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
