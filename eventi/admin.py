from django.contrib import admin
from django.db import models

from eventi.models import Evento, PartnerRete, Tema
from programma.activities.admin import AttivitaAdmin


@admin.register(Tema)
class TemaAdmin(admin.ModelAdmin):
    list_display = ["nome", "codice"]
    search_fields = ["nome", "codice"]


@admin.register(PartnerRete)
class PartnerReteAdmin(admin.ModelAdmin):
    list_display = ["nome", "attivo"]
    list_filter = ["attivo"]
    search_fields = ["nome"]


@admin.register(Evento)
class EventoAdmin(AttivitaAdmin):
    list_display = ["titolo", "data", "tipo", "regione", "fase", "stato", "n_partecipanti", "n_imprese"]
    list_filter = ["stato", "tipo", "fase__numero", "online", "pubblico", "temi", "progetto__regione", "progetto__programma"]
    search_fields = ["titolo", "luogo", "descrizione"]
    list_select_related = ["progetto__regione", "fase", "provincia"]
    filter_horizontal = ["temi"]
    raw_id_fields = ["progetto", "fase", "comuni_informati"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
