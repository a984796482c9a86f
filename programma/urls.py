from django.contrib import admin
from django.urls import include, path

from programma import views

admin.site.site_header = "Programma Infrastrutture — amministrazione"
admin.site.site_title = "Programma Infrastrutture"
admin.site.index_title = "Amministrazione"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("programma/", include("programma.urls_app")),
    path("importazioni/", include("programma.importazione.urls")),
    path("tavoli/", include("tavoli.urls")),
    path("eventi/", include("eventi.urls")),
    path("", include("programma.risultati.urls_pubblico")),
    path("", include("contatori.urls")),
]
# Uploaded files are never served from MEDIA_URL: each app streams them through a scoped view.
