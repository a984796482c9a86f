"""Django admin of the programme's results. The workflow's steps are taken on the staff pages,
where the model checks who and when: here the state is read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programma.models import DocumentoNazionale, Indicazione, OperaSostenuta, ProgettoStrategico


class IndicazioneInline(admin.TabularInline):
    model = Indicazione
    extra = 0


class OperaSostenutaInline(admin.TabularInline):
    model = OperaSostenuta
    raw_id_fields = ["opera"]
    extra = 0


@admin.register(ProgettoStrategico)
class ProgettoStrategicoAdmin(SimpleHistoryAdmin):
    list_display = ["titolo", "progetto", "stato", "approvato_il", "pubblicato_il"]
    list_filter = ["stato", "progetto__programma", "progetto__regione"]
    search_fields = ["titolo", "progetto__regione__nome"]
    list_select_related = ["progetto__regione"]
    raw_id_fields = ["progetto", "tavoli"]
    filter_horizontal = ["enti_firmatari"]
    readonly_fields = ["stato", "approvato_il", "approvato_da", "pubblicato_il"]
    inlines = [IndicazioneInline, OperaSostenutaInline]


@admin.register(DocumentoNazionale)
class DocumentoNazionaleAdmin(SimpleHistoryAdmin):
    list_display = ["titolo", "tipo", "data", "programma", "stato"]
    list_filter = ["tipo", "stato", "programma"]
    search_fields = ["titolo", "abstract"]
    date_hierarchy = "data"
    readonly_fields = ["stato", "commento", "pubblicato_il"]
