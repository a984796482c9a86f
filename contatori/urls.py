from django.urls import path

from contatori import views

app_name = "contatori"

urlpatterns = [
    path("cruscotto/", views.dashboard, name="dashboard"),
    path("cruscotto/regioni/<slug:slug>/", views.regione, name="regione"),
    path("cruscotto/ricalcola/", views.ricalcola, name="ricalcola"),
    path("cruscotto/ricalcola/stato/", views.stato, name="stato"),
    path("cruscotto/esporta.csv", views.esporta, {"formato": "csv"}, name="esporta_csv"),
    path("cruscotto/esporta.xlsx", views.esporta, {"formato": "xlsx"}, name="esporta_xlsx"),
    path("contatori/", views.pubblico, name="pubblico"),
    path("api/contatori/", views.api, name="api"),
    path("api/contatori.csv", views.api_csv, name="api_csv"),
]
