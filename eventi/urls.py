from django.urls import path

from eventi import pubblico, views

app_name = "eventi"

urlpatterns = [
    # Public, no login: the calendar of the public events to come, their pages, and the .ics.
    path("calendario/", pubblico.calendario, name="calendario"),
    path("calendario.ics", pubblico.calendario_ics, name="calendario_ics"),
    path("calendario/<int:pk>/", pubblico.evento, name="pubblico"),
    *views.EventoMixin.pagine.percorsi(
        "", (views.EventoLista, views.EventoNuovo, views.EventoDettaglio, views.EventoModifica, views.EventoElimina)
    ),
]
