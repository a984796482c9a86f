from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

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


# A user's ente and how they hear of the workflow are set on the user's own page, with the password
# and the role: one page to make an Operatore. The memberships keep a list of their own (above), by region.
class AppartenenzaInline(admin.StackedInline):
    model = Appartenenza
    autocomplete_fields = ["ente"]


class ProfiloInline(admin.StackedInline):
    model = Profilo


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UtenteAdmin(UserAdmin):
    inlines = [AppartenenzaInline, ProfiloInline]
