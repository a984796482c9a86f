from django.urls import path

from eventi import views

app_name = "eventi"

urlpatterns = [
    path("", views.EventoLista.as_view(), name="lista"),
    path("nuovo/", views.EventoNuovo.as_view(), name="nuovo"),
    path("<int:pk>/", views.EventoDettaglio.as_view(), name="dettaglio"),
    path("<int:pk>/modifica/", views.EventoModifica.as_view(), name="modifica"),
    path("<int:pk>/elimina/", views.EventoElimina.as_view(), name="elimina"),
    path("<int:pk>/materiali/", views.materiali, name="materiali"),
]
