from django.urls import path

from tavoli import views

app_name = "tavoli"

urlpatterns = [
    path("", views.TavoloLista.as_view(), name="lista"),
    path("nuovo/", views.TavoloNuovo.as_view(), name="nuovo"),
    path("<int:pk>/", views.TavoloDettaglio.as_view(), name="dettaglio"),
    path("<int:pk>/modifica/", views.TavoloModifica.as_view(), name="modifica"),
    path("<int:pk>/elimina/", views.TavoloElimina.as_view(), name="elimina"),
    path("<int:pk>/verbale/", views.verbale, name="verbale"),
]
