"""The published priority works: their public pages and open dataset (no login)."""

from django.urls import path

from programma import opere_pubbliche

app_name = "opere"

urlpatterns = [
    path("opere/", opere_pubbliche.lista, name="lista"),
    path("opere/<int:pk>/", opere_pubbliche.opera, name="opera"),
    path("dati/opere.csv", opere_pubbliche.dati_csv, name="dati_csv"),
    path("dati/opere.json", opere_pubbliche.dati_json, name="dati_json"),
]
