from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from programma.activities.admin import AttivitaAdmin
from tavoli.models import Organizzazione, TavoloConfronto


@admin.register(Organizzazione)
class OrganizzazioneAdmin(SimpleHistoryAdmin):
    list_display = ["nome", "regione", "categoria", "numero_tavoli"]
    list_filter = ["regione", "categoria"]
    search_fields = ["nome"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organizzazione]:
        return super().get_queryset(request).select_related("regione").annotate(n_tavoli=Count("tavoli"))

    @admin.display(description=_("tavoli"), ordering="n_tavoli")
    def numero_tavoli(self, obj: Organizzazione) -> int:
        return obj.n_tavoli


class TavoloConfrontoAdminForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        dati = super().clean()
        progetto = dati.get("progetto")
        altrove = [o.nome for o in dati.get("organizzazioni") or [] if progetto and o.regione_id != progetto.regione_id]
        if altrove:
            # Organisations are per region: another region's row would mix their spellings and categories.
            self.add_error(
                "organizzazioni",
                _t("Queste organizzazioni sono di un'altra regione: %(nomi)s. Scegli quelle della regione del progetto.")
                % {"nomi": ", ".join(altrove)},
            )
        return dati


@admin.register(TavoloConfronto)
class TavoloConfrontoAdmin(AttivitaAdmin):
    form = TavoloConfrontoAdminForm
    list_display = ["titolo", "data", "regione", "provincia", "modalita", "stato"]
    list_filter = ["stato", "modalita", "progetto__regione", "progetto__programma"]
    search_fields = ["titolo", "luogo", "sintesi"]
    list_select_related = ["progetto__regione", "provincia"]
    filter_horizontal = ["organizzazioni", "opere_discusse"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        campo = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "organizzazioni":
            # Organisations are per region: the same name may appear once per region.
            campo.queryset = campo.queryset.select_related("regione")
            campo.label_from_instance = lambda o: f"{o.nome} — {o.regione.nome_breve}"
        return campo
