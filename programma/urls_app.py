from django.urls import path

app_name = "programma"

urlpatterns: list = []
