from django.urls import path

from programma import forms, views
from programma.activities.editing import PassaggioView
from programma.activities.workflow import percorsi_passaggi
from programma.models import DocumentoNazionale, ProgettoStrategico, Report
from programma.risultati import views as risultati

app_name = "programma"

urlpatterns = [
    path("", views.mio_progetto, name="mio_progetto"),
    path("edizione/scegli/", views.scegli_edizione, name="scegli_edizione"),
    path("progetti/", views.ProgettiView.as_view(), name="progetti"),
    path("progetti/nuovo/", views.ProgettoNuovoView.as_view(), name="progetto_nuovo"),
    path("progetti/<int:pk>/", views.ProgettoView.as_view(), name="progetto"),
    path("progetti/<int:pk>/modifica/", views.ProgettoModificaView.as_view(), name="progetto_modifica"),
    path("progetti/<int:pk>/strategico/", risultati.strategico, name="strategico"),
    path("progetti/<int:pk>/strategico/modifica/", risultati.strategico_modifica, name="strategico_modifica"),
    # The publication workflow's steps (programma.activities.workflow): one URL per row of the model's table.
    *percorsi_passaggi(ProgettoStrategico, "progetti/<int:pk>/strategico/", risultati.PassaggioStrategicoView),
    path("progetti/<int:pk>/libro-bianco.pdf", risultati.libro_bianco, name="libro_bianco"),
    path("stampe/<int:pk>.pdf", risultati.stampa, name="stampa"),
    *risultati.DocumentoNazionaleMixin.pagine.percorsi(
        "documenti-nazionali/",
        (
            risultati.DocumentiNazionaliView,
            risultati.DocumentoNazionaleNuovoView,
            risultati.DocumentoNazionaleView,
            risultati.DocumentoNazionaleModificaView,
            risultati.DocumentoNazionaleEliminaView,
        ),
    ),
    path("documenti-nazionali/<int:pk>/file/", risultati.documento_nazionale_file, name="documento_nazionale_file"),
    *percorsi_passaggi(DocumentoNazionale, "documenti-nazionali/<int:pk>/", PassaggioView),
    path("fasi/", views.FasiView.as_view(), name="fasi"),
    path("fasi/<int:pk>/modifica/", views.FaseModificaView.as_view(), name="fase_modifica"),
    *views.ReportMixin.pagine.percorsi(
        "report/",
        (views.ReportListaView, views.ReportNuovoView, views.ReportView, views.ReportModificaView, views.ReportEliminaView),
    ),
    path("report/<int:pk>/file/", views.report_file, name="report_file"),
    *percorsi_passaggi(Report, "report/<int:pk>/", PassaggioView),
    *views.OperaMixin.pagine.percorsi(
        "opere/",
        (views.OpereView, views.OperaNuovaView, views.OperaView, views.OperaModificaView, views.OperaEliminaView),
        nuovo="nuova/",
    ),
    # Autocomplete choices of the staff forms (programma.activities.autocomplete): scoped JSON, 20 a page.
    path("scelte/opere/", forms.OPERE.vista, name="scelte_opere"),
    path("scelte/province/", forms.PROVINCE.vista, name="scelte_province"),
    path("scelte/comuni/", forms.COMUNI.vista, name="scelte_comuni"),
    path("scelte/enti/", forms.ENTI.vista, name="scelte_enti"),
    path("scelte/tavoli/", forms.TAVOLI.vista, name="scelte_tavoli"),
    path("edizioni/", views.EdizioniView.as_view(), name="edizioni"),
    path("edizioni/nuova/", views.EdizioneNuovaView.as_view(), name="edizione_nuova"),
    path("edizioni/<int:pk>/modifica/", views.EdizioneModificaView.as_view(), name="edizione_modifica"),
    path("edizioni/<int:pk>/avvia/", views.EdizioneAvviaView.as_view(), name="edizione_avvia"),
]
