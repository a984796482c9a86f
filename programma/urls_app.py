# Uploaded files are never served from MEDIA_URL: each app streams them through a scoped view.
from django.urls import path

from programma import views

app_name = "programma"

urlpatterns = [
    path("", views.mio_progetto, name="mio_progetto"),
    path("progetti/", views.ProgettiView.as_view(), name="progetti"),
    path("progetti/nuovo/", views.ProgettoNuovoView.as_view(), name="progetto_nuovo"),
    path("progetti/<int:pk>/", views.ProgettoView.as_view(), name="progetto"),
    path("progetti/<int:pk>/modifica/", views.ProgettoModificaView.as_view(), name="progetto_modifica"),
    path("fasi/<int:pk>/modifica/", views.FaseModificaView.as_view(), name="fase_modifica"),
    path("report/", views.ReportListaView.as_view(), name="report_lista"),
    path("report/nuovo/", views.ReportNuovoView.as_view(), name="report_nuovo"),
    path("report/<int:pk>/", views.ReportView.as_view(), name="report"),
    path("report/<int:pk>/modifica/", views.ReportModificaView.as_view(), name="report_modifica"),
    path("report/<int:pk>/elimina/", views.ReportEliminaView.as_view(), name="report_elimina"),
    path("report/<int:pk>/file/", views.report_file, name="report_file"),
    path("opere/", views.OpereView.as_view(), name="opere"),
    path("opere/nuova/", views.OperaNuovaView.as_view(), name="opera_nuova"),
    path("opere/<int:pk>/", views.OperaView.as_view(), name="opera"),
    path("opere/<int:pk>/modifica/", views.OperaModificaView.as_view(), name="opera_modifica"),
    path("opere/<int:pk>/elimina/", views.OperaEliminaView.as_view(), name="opera_elimina"),
    path("edizioni/", views.EdizioniView.as_view(), name="edizioni"),
    path("edizioni/nuova/", views.EdizioneNuovaView.as_view(), name="edizione_nuova"),
    path("edizioni/<int:pk>/modifica/", views.EdizioneModificaView.as_view(), name="edizione_modifica"),
]
