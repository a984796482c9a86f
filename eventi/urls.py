from django.urls import path

from eventi import views
from programma.activities.urls import percorsi_crud

app_name = "eventi"

urlpatterns = [
    *percorsi_crud(
        "", (views.EventoLista, views.EventoNuovo, views.EventoDettaglio, views.EventoModifica, views.EventoElimina)
    ),
    path("<int:pk>/materiali/", views.materiali, name="materiali"),
]
