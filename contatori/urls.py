from django.urls import path

from contatori import views, views_obiettivi

app_name = "contatori"

urlpatterns = [
    path("cruscotto/", views.dashboard, name="dashboard"),
    path("cruscotto/regioni/<slug:slug>/", views.regione, name="regione"),
    path("cruscotto/ricalcola/", views.ricalcola, name="ricalcola"),
    path("cruscotto/ricalcola/stato/", views.stato, name="stato"),
    path("cruscotto/esporta.csv", views.esporta, {"formato": "csv"}, name="esporta_csv"),
    path("cruscotto/esporta.xlsx", views.esporta, {"formato": "xlsx"}, name="esporta_xlsx"),
    path("cruscotto/obiettivi/", views_obiettivi.obiettivi, name="obiettivi"),
    path("cruscotto/obiettivi/carica/", views_obiettivi.carica, name="obiettivi_carica"),
    path("cruscotto/obiettivi/in-ritardo/", views_obiettivi.in_ritardo, name="in_ritardo"),
    path("contatori/", views.pubblico, name="pubblico"),
    path("api/contatori/", views.api, name="api"),
    path("api/contatori.csv", views.api_csv, name="api_csv"),
]
