"""The public section /documenti/ and its open-data list /api/documenti/: no login."""

from django.urls import path

from programma.risultati import pubblico

app_name = "documenti"

urlpatterns = [
    path("documenti/", pubblico.lista, name="lista"),
    path("documenti/libro-bianco-nazionale.pdf", pubblico.volume_nazionale, name="volume_nazionale"),
    path(
        "documenti/edizioni/<int:edizione>/libro-bianco-nazionale-v<int:versione>.pdf",
        pubblico.volume_nazionale_versione,
        name="volume_nazionale_versione",
    ),
    path("documenti/progetti-strategici/<int:pk>/", pubblico.strategico, name="strategico"),
    path("documenti/progetti-strategici/<int:pk>/libro-bianco.pdf", pubblico.libro_bianco, name="libro_bianco"),
    path(
        "documenti/progetti-strategici/<int:pk>/libro-bianco-v<int:versione>.pdf",
        pubblico.libro_bianco_versione,
        name="libro_bianco_versione",
    ),
    path(
        "documenti/progetti-strategici/<int:pk>/libro-bianco-v<int:versione>-elenco-completo.xlsx",
        pubblico.libro_bianco_allegato,
        name="libro_bianco_allegato",
    ),
    path("documenti/report/<int:pk>/", pubblico.report, name="report"),
    path("documenti/report/<int:pk>/file/", pubblico.report_file, name="report_file"),
    path("documenti/nazionali/<int:pk>/", pubblico.nazionale, name="nazionale"),
    path("documenti/nazionali/<int:pk>/file/", pubblico.nazionale_file, name="nazionale_file"),
    path("api/documenti/", pubblico.api, name="api"),
]
