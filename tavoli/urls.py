from django.urls import path

app_name = "tavoli"

urlpatterns: list = []
