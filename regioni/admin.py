from django.contrib import admin

from regioni.models import Appartenenza, Ente, Profilo, Provincia, Regione


@admin.register(Regione)
class RegioneAdmin(admin.ModelAdmin):
    list_display = ["codice_istat", "nome", "ripartizione"]
    list_filter = ["ripartizione"]
    search_fields = ["nome", "codice_istat"]
    prepopulated_fields = {"slug": ["nome"]}


@admin.register(Provincia)
class ProvinciaAdmin(admin.ModelAdmin):
    list_display = ["sigla", "nome", "tipo", "regione", "codice_istat"]
    list_filter = ["regione", "tipo"]
    search_fields = ["nome", "sigla", "codice_istat"]
    list_select_related = ["regione"]


@admin.register(Ente)
class EnteAdmin(admin.ModelAdmin):
    list_display = ["nome", "tipo", "regione"]
    list_filter = ["tipo", "regione"]
    search_fields = ["nome"]
    filter_horizontal = ["province"]
    list_select_related = ["regione"]


@admin.register(Appartenenza)
class AppartenenzaAdmin(admin.ModelAdmin):
    list_display = ["utente", "ente"]
    list_filter = ["ente__regione"]
    search_fields = ["utente__username", "ente__nome"]
    autocomplete_fields = ["ente"]
    list_select_related = ["utente", "ente"]


@admin.register(Profilo)
class ProfiloAdmin(admin.ModelAdmin):
    list_display = ["utente", "avvisi"]
    list_filter = ["avvisi"]
    search_fields = ["utente__username", "utente__email"]
    list_select_related = ["utente"]
