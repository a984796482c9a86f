from django.urls import path

from contatori.views import cruscotto as views
from contatori.views import obiettivi, pubblico

app_name = "contatori"

urlpatterns = [
    path("cruscotto/", views.dashboard, name="dashboard"),
    path("cruscotto/regioni/<slug:slug>/", views.regione, name="regione"),
    path("cruscotto/ricalcola/", views.ricalcola, name="ricalcola"),
    path("cruscotto/ricalcola/stato/", views.stato, name="stato"),
    path("cruscotto/esporta.csv", views.esporta, {"formato": "csv"}, name="esporta_csv"),
    path("cruscotto/esporta.xlsx", views.esporta, {"formato": "xlsx"}, name="esporta_xlsx"),
    path("cruscotto/obiettivi/", obiettivi.obiettivi, name="obiettivi"),
    path("cruscotto/obiettivi/carica/", obiettivi.carica, name="obiettivi_carica"),
    path("cruscotto/obiettivi/in-ritardo/", obiettivi.in_ritardo, name="in_ritardo"),
    path("contatori/", views.pubblico, name="pubblico"),
    path("regioni/<slug:slug>/", pubblico.regione, name="regione_pubblica"),
    path("api/contatori/", views.api, name="api"),
    path("api/contatori.csv", views.api_csv, name="api_csv"),
]
