from django.urls import path

app_name = "eventi"

urlpatterns: list = []
