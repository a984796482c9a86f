"""The pages every kind of record has, named and registered the same way for each kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, path, reverse
from django.views import View

from programma.activities.files import vista_allegato
from programma.spreadsheets import FORMATI


@dataclass(frozen=True)
class Pagine:
    """The URL names of a kind's pages (list, create, detail, edit, delete) in its namespace."""

    namespace: str
    lista: str = "lista"
    nuovo: str = "nuovo"
    dettaglio: str = "dettaglio"
    modifica: str = "modifica"
    elimina: str = "elimina"
    # A file field -> the URL name of its scoped download, `<pk>/<field>/` (a tavolo's verbale).
    allegati: dict[str, str] = field(default_factory=dict)

    def url(self, pagina: str, *args: object) -> str:
        return reverse(f"{self.namespace}:{getattr(self, pagina)}", args=args)

    def url_allegati(self, oggetto: Any) -> dict[str, str]:
        """{file field: URL of its download} for the stored files of a stored record."""
        if oggetto.pk is None:
            return {}
        return {campo: reverse(f"{self.namespace}:{nome}", args=[oggetto.pk]) for campo, nome in self.allegati.items() if getattr(oggetto, campo)}

    def percorsi(
        self,
        prefisso: str,
        viste: tuple[type[View], type[View], type[View], type[View], type[View] | None],
        *,
        nuovo: str = "nuovo/",
    ) -> list[URLPattern]:
        """`prefisso`, `prefisso`nuovo/, `prefisso`<pk>/, …/modifica/, …/elimina/ for the five views
        (a kind that is never deleted from its pages, the regional projects, gives None for the last),
        and …/<field>/ for each of `allegati`, served by `vista_allegato` (scoped to the user)."""
        lista, crea, dettaglio, modifica, elimina = viste
        percorsi = [
            path(prefisso, lista.as_view(), name=self.lista),
            path(f"{prefisso}{nuovo}", crea.as_view(), name=self.nuovo),
            path(f"{prefisso}<int:pk>/", dettaglio.as_view(), name=self.dettaglio),
            path(f"{prefisso}<int:pk>/modifica/", modifica.as_view(), name=self.modifica),
        ]
        if elimina is not None:
            percorsi.append(path(f"{prefisso}<int:pk>/elimina/", elimina.as_view(), name=self.elimina))
        for campo, nome in self.allegati.items():
            percorsi.append(path(f"{prefisso}<int:pk>/{campo}/", vista_allegato(dettaglio.model._default_manager, campo), name=nome))
        return percorsi


def percorsi_fogli(percorso: str, vista: Callable[..., object], nome: str) -> list[URLPattern]:
    """A spreadsheet download in every format: `percorso`.csv and `percorso`.xlsx, named `nome`_csv and
    `nome`_xlsx, the view taking the format as `formato`."""
    return [path(f"{percorso}.{formato}", vista, {"formato": formato}, name=f"{nome}_{formato}") for formato in FORMATI]
