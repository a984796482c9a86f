from django.urls import path

app_name = "contatori"

urlpatterns: list = []
