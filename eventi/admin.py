from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from eventi.models import Evento, PartnerRete, Tema


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
class EventoAdmin(SimpleHistoryAdmin):
    list_display = ["titolo", "data", "tipo", "regione", "fase", "stato", "n_partecipanti", "n_imprese"]
    list_filter = ["stato", "tipo", "fase__numero", "online", "pubblico", "temi", "progetto__regione", "progetto__programma"]
    search_fields = ["titolo", "luogo", "descrizione"]
    list_select_related = ["progetto__regione", "fase", "provincia"]
    date_hierarchy = "data"
    filter_horizontal = ["temi"]
    raw_id_fields = ["progetto", "fase", "comuni_informati"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("regione"), ordering="progetto__regione__nome")
    def regione(self, obj: Evento) -> str:
        return obj.progetto.regione.nome
