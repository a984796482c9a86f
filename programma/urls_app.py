from django.urls import path

from programma import forms
from programma.activities.editing import PassaggioView
from programma.activities.workflow import percorsi_passaggi
from programma.models import DocumentoNazionale, ProgettoStrategico, Report
from programma.risultati import views as risultati
from programma.views import edizioni, opere, progetti, report, sito

app_name = "programma"

urlpatterns = [
    path("", progetti.mio_progetto, name="mio_progetto"),
    path("edizione/scegli/", sito.scegli_edizione, name="scegli_edizione"),
    *progetti.PAGINE_PROGETTI.percorsi(
        "progetti/",
        (progetti.ProgettiView, progetti.ProgettoNuovoView, progetti.ProgettoView, progetti.ProgettoModificaView, None),
    ),
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
    path("fasi/", progetti.FasiView.as_view(), name="fasi"),
    path("fasi/<int:pk>/modifica/", progetti.FaseModificaView.as_view(), name="fase_modifica"),
    *report.ReportMixin.pagine.percorsi(
        "report/",
        (report.ReportListaView, report.ReportNuovoView, report.ReportView, report.ReportModificaView, report.ReportEliminaView),
    ),
    *percorsi_passaggi(Report, "report/<int:pk>/", PassaggioView),
    *opere.OperaMixin.pagine.percorsi(
        "opere/",
        (opere.OpereView, opere.OperaNuovaView, opere.OperaView, opere.OperaModificaView, opere.OperaEliminaView),
        nuovo="nuova/",
    ),
    # Autocomplete choices of the staff forms (programma.activities.autocomplete): scoped JSON, 20 a page.
    path("scelte/opere/", forms.OPERE.vista, name="scelte_opere"),
    path("scelte/province/", forms.PROVINCE.vista, name="scelte_province"),
    path("scelte/comuni/", forms.COMUNI.vista, name="scelte_comuni"),
    path("scelte/enti/", forms.ENTI.vista, name="scelte_enti"),
    path("scelte/tavoli/", forms.TAVOLI.vista, name="scelte_tavoli"),
    path("edizioni/", edizioni.EdizioniView.as_view(), name="edizioni"),
    path("edizioni/nuova/", edizioni.EdizioneNuovaView.as_view(), name="edizione_nuova"),
    path("edizioni/<int:pk>/modifica/", edizioni.EdizioneModificaView.as_view(), name="edizione_modifica"),
    path("edizioni/<int:pk>/avvia/", edizioni.EdizioneAvviaView.as_view(), name="edizione_avvia"),
]
