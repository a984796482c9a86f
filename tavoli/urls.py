from django.urls import path

from programma.activities.urls import percorsi_crud
from tavoli import views

app_name = "tavoli"

urlpatterns = [
    *percorsi_crud(
        "", (views.TavoloLista, views.TavoloNuovo, views.TavoloDettaglio, views.TavoloModifica, views.TavoloElimina)
    ),
    path("<int:pk>/verbale/", views.verbale, name="verbale"),
]
