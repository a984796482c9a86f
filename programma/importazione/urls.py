from django.urls import path

from programma.activities.urls import percorsi_fogli
from programma.importazione import views

app_name = "importazione"

urlpatterns = [
    path("", views.StoricoView.as_view(), name="storico"),
    path("nuova/", views.nuova, name="nuova"),
    *percorsi_fogli("modello", views.modello, "modello"),
    path("<int:pk>/mappatura/", views.mappatura, name="mappatura"),
    path("<int:pk>/anteprima/", views.anteprima, name="anteprima"),
    path("<int:pk>/conferma/", views.conferma, name="conferma"),
    path("<int:pk>/scarta/", views.scarta, name="scarta"),
    path("<int:pk>/", views.dettaglio, name="dettaglio"),
    path("<int:pk>/stato/", views.stato, name="stato"),
    path("<int:pk>/annulla/", views.annulla, name="annulla"),
    path("<int:pk>/errori.csv", views.errori_csv, name="errori_csv"),
]
