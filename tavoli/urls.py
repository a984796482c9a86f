from django.urls import path

from tavoli import forms, views

app_name = "tavoli"

urlpatterns = [
    *views.TavoloMixin.pagine.percorsi(
        "", (views.TavoloLista, views.TavoloNuovo, views.TavoloDettaglio, views.TavoloModifica, views.TavoloElimina)
    ),
    path("scelte/organizzazioni/", forms.ORGANIZZAZIONI.vista, name="scelte_organizzazioni"),
]
