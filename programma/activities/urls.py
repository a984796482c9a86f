"""The five pages every kind of record has, registered the same way for each kind."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.views import View

# URL names of list, create, detail, edit and delete in an app of its own (tavoli:lista, ...).
NOMI = ("lista", "nuovo", "dettaglio", "modifica", "elimina")


def percorsi_crud(
    prefisso: str,
    viste: tuple[type[View], type[View], type[View], type[View], type[View]],
    nomi: tuple[str, str, str, str, str] = NOMI,
    *,
    nuovo: str = "nuovo/",
) -> list[URLPattern]:
    """`prefisso`, `prefisso`nuovo/, `prefisso`<pk>/, …/modifica/, …/elimina/ for the five views."""
    lista, crea, dettaglio, modifica, elimina = viste
    return [
        path(prefisso, lista.as_view(), name=nomi[0]),
        path(f"{prefisso}{nuovo}", crea.as_view(), name=nomi[1]),
        path(f"{prefisso}<int:pk>/", dettaglio.as_view(), name=nomi[2]),
        path(f"{prefisso}<int:pk>/modifica/", modifica.as_view(), name=nomi[3]),
        path(f"{prefisso}<int:pk>/elimina/", elimina.as_view(), name=nomi[4]),
    ]
