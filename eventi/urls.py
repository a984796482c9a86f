from django.urls import path

from eventi import views

app_name = "eventi"

urlpatterns = [
    *views.EventoMixin.pagine.percorsi(
        "", (views.EventoLista, views.EventoNuovo, views.EventoDettaglio, views.EventoModifica, views.EventoElimina)
    ),
    path("<int:pk>/materiali/", views.materiali, name="materiali"),
]
