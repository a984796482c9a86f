# Uploaded files are never served from MEDIA_URL: each app streams them through a scoped view.
from django.urls import path

from programma import pagine

app_name = "programma"

urlpatterns = [
    path("", pagine.mio_progetto, name="mio_progetto"),
    path("progetti/", pagine.ProgettiView.as_view(), name="progetti"),
    path("progetti/nuovo/", pagine.ProgettoNuovoView.as_view(), name="progetto_nuovo"),
    path("progetti/<int:pk>/", pagine.ProgettoView.as_view(), name="progetto"),
    path("progetti/<int:pk>/modifica/", pagine.ProgettoModificaView.as_view(), name="progetto_modifica"),
    path("fasi/<int:pk>/modifica/", pagine.FaseModificaView.as_view(), name="fase_modifica"),
    path("report/", pagine.ReportListaView.as_view(), name="report_lista"),
    path("report/nuovo/", pagine.ReportNuovoView.as_view(), name="report_nuovo"),
    path("report/<int:pk>/", pagine.ReportView.as_view(), name="report"),
    path("report/<int:pk>/modifica/", pagine.ReportModificaView.as_view(), name="report_modifica"),
    path("report/<int:pk>/elimina/", pagine.ReportEliminaView.as_view(), name="report_elimina"),
    path("report/<int:pk>/file/", pagine.report_file, name="report_file"),
    path("opere/", pagine.OpereView.as_view(), name="opere"),
    path("opere/nuova/", pagine.OperaNuovaView.as_view(), name="opera_nuova"),
    path("opere/<int:pk>/", pagine.OperaView.as_view(), name="opera"),
    path("opere/<int:pk>/modifica/", pagine.OperaModificaView.as_view(), name="opera_modifica"),
    path("opere/<int:pk>/elimina/", pagine.OperaEliminaView.as_view(), name="opera_elimina"),
    path("edizioni/", pagine.EdizioniView.as_view(), name="edizioni"),
    path("edizioni/nuova/", pagine.EdizioneNuovaView.as_view(), name="edizione_nuova"),
    path("edizioni/<int:pk>/modifica/", pagine.EdizioneModificaView.as_view(), name="edizione_modifica"),
]
