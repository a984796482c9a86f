"""The lookups an import checks its cells against, built once per file: regions, provinces, the
closed sets of values (`RiferimentiScelte`, enough for the column mapping of a file not in our
format), editions, regional projects and tavoli (`Riferimenti`)."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from programma.importazione import fileformat
from programma.importazione.fileformat import ValoreNonValido
from programma.importazione.valori import PREDEFINITI, parser_scelte
from programma.models.opere import Modalita, OperaPrioritaria
from programma.models.progetti import ProgettoRegionale, Programma
from regioni.models import Provincia, Regione


class RiferimentiScelte:
    """Lookup dicts of the columns whose cells take a closed set of values (regions, choices, yes/no):
    one query. Enough to tell whether a value reads (`leggi`), and what a value may be mapped to
    (`opzioni`), for the column mapping of a file that is not in our format."""

    COLONNE = ("modalita", "livello_priorita", "stato", "semaforo", "regione", "finanziamento_pnrr", "commissario_straordinario")

    def __init__(self) -> None:
        regioni = list(Regione.objects.all())
        self.nomi_regioni: dict[int, str] = {regione.pk: regione.nome for regione in regioni}
        self.regioni = fileformat.chiavi_regioni(regioni)
        self.province: dict[str, tuple[int, int]] = {
            sigla: (pk, regione_id) for pk, sigla, regione_id in Provincia.objects.values_list("pk", "sigla", "regione_id")
        }
        self.modalita = fileformat.mappa_scelte(Modalita.choices, {"logistica": Modalita.INTERPORTUALE.value})
        self.stato = fileformat.mappa_scelte(OperaPrioritaria.Stato.choices)
        self.semaforo = fileformat.mappa_scelte(OperaPrioritaria.Semaforo.choices)
        self.livello = fileformat.mappa_scelte(OperaPrioritaria.Priorita.choices)
        self.etichette = {
            "modalita": [str(e) for _v, e in Modalita.choices],
            "stato": [str(e) for _v, e in OperaPrioritaria.Stato.choices],
            "semaforo": [str(e) for _v, e in OperaPrioritaria.Semaforo.choices],
            "livello_priorita": ["1", "2", "3"],
            "regione": [nome for _pk, nome in sorted(self.nomi_regioni.items())],
            "finanziamento_pnrr": [fileformat.scrivi_booleano(True), fileformat.scrivi_booleano(False)],
            "commissario_straordinario": [fileformat.scrivi_booleano(True), fileformat.scrivi_booleano(False)],
        }
        self.parser = parser_scelte(self)

    def regione(self, testo: str) -> int:
        k = testo if testo.isdigit() else fileformat.chiave(testo)
        regione_id = self.regioni.get(k)
        if regione_id is None:
            raise ValoreNonValido(_("regione sconosciuta: indicare il nome o il codice ISTAT (es. Lombardia oppure 03)"))
        return regione_id

    def leggi(self, colonna: str, testo: str) -> Any:
        """The value of a cell of one of `COLONNE`, or ValoreNonValido with the reason."""
        return self.parser[colonna](testo.strip())

    def opzioni(self, colonna: str) -> list[str]:
        """The values a cell of one of `COLONNE` may say, as the import template lists them."""
        return list(self.etichette[colonna])


class Riferimenti(RiferimentiScelte):
    """Lookup dicts for regions, provinces, choices, editions, projects and tavoli: once per file."""

    def __init__(self) -> None:
        super().__init__()
        # Editions by name or id; projects and tavoli by id, with their region and edition (the
        # tavoli app sits above this one: its model is reached through the relation).
        self.edizione_attiva: int | None = None
        self.edizioni: dict[str, int] = {}
        self.nomi_edizioni: dict[int, str] = {}
        for pk, nome, attivo in Programma.objects.values_list("pk", "nome", "attivo"):
            self.edizioni[fileformat.chiave(nome)] = self.edizioni[str(pk)] = pk
            self.nomi_edizioni[pk] = nome
            if attivo:
                self.edizione_attiva = pk
        self.progetti: dict[int, tuple[int, int]] = {
            pk: (regione_id, programma_id)
            for pk, regione_id, programma_id in ProgettoRegionale.objects.values_list("pk", "regione_id", "programma_id")
        }
        Tavolo = OperaPrioritaria._meta.get_field("tavolo").related_model
        self.tavoli: dict[int, tuple[int, int]] = {
            pk: (regione_id, programma_id)
            for pk, regione_id, programma_id in Tavolo.objects.values_list("pk", "progetto__regione_id", "progetto__programma_id")
        }

        # Works of closed editions (read-only history): an import never changes them.
        self.opere_chiuse: dict[str, int] = {}
        if self.edizione_attiva is not None:
            self.opere_chiuse = dict(
                OperaPrioritaria.objects.annotate(edizione=Coalesce("progetto__programma_id", "programma_id"))
                .exclude(edizione=self.edizione_attiva)
                .exclude(edizione__isnull=True)
                .values_list("codice", "edizione")
            )

    def predefinito(self, colonna: str) -> Any:
        """What a new work gets for a column the file does not have."""
        return self.edizione_attiva if colonna == "programma" else PREDEFINITI.get(colonna)
