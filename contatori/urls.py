from django.urls import path

from contatori.views import cruscotto as views
from contatori.views import obiettivi, pubblico, vivo
from programma.activities.urls import percorsi_fogli

app_name = "contatori"

urlpatterns = [
    path("cruscotto/", views.dashboard, name="dashboard"),
    path("cruscotto/regioni/<slug:slug>/", views.regione, name="regione"),
    path("cruscotto/ricalcola/", views.ricalcola, name="ricalcola"),
    path("cruscotto/ricalcola/stato/", views.stato, name="stato"),
    *percorsi_fogli("cruscotto/esporta", views.esporta, "esporta"),
    path("cruscotto/obiettivi/", obiettivi.obiettivi, name="obiettivi"),
    path("cruscotto/obiettivi/carica/", obiettivi.carica, name="obiettivi_carica"),
    path("cruscotto/obiettivi/copia/", obiettivi.copia, name="obiettivi_copia"),
    path("cruscotto/obiettivi/in-ritardo/", obiettivi.in_ritardo, name="in_ritardo"),
    path("contatori/", views.pubblico, name="pubblico"),
    path("contatori/generazione/", vivo.generazione, name="generazione"),
    path("regioni/<slug:slug>/", pubblico.regione, name="regione_pubblica"),
    path("api/contatori/", views.api, name="api"),
    path("api/contatori.csv", views.api_csv, name="api_csv"),
]
