from django.urls import path

from programma.importazione import views

app_name = "importazione"

urlpatterns = [
    path("", views.storico, name="storico"),
    path("<int:pk>/", views.dettaglio, name="dettaglio"),
    path("<int:pk>/stato/", views.stato, name="stato"),
    path("<int:pk>/annulla/", views.annulla, name="annulla"),
    path("<int:pk>/errori.csv", views.errori_csv, name="errori_csv"),
]
