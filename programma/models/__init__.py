"""The programma app's models, listed by name: Django registers the models it finds here.

Each lives in the module of its part of the domain: editions, projects and phases
(`progetti.py`), works (`opere.py`), the activities' shared base (`attivita.py`), reports
(`report.py`); the import history (`programma/importazione/models.py`), the programme's results
(`programma/risultati/models.py`) and the forms' pending uploads (`programma/activities/models.py`)
in their sub-packages. The other apps import them from here; modules of this app import them from
the module that defines them, so that no module imports one that imports it back
(`tests/test_architettura.py`).
"""

from programma.activities.models import AllegatoSospeso
from programma.importazione.models import ErroreImportazione, Importazione, MappaturaImportazione, ValorePrecedente
from programma.models.attivita import AttivitaQuerySet, AttivitaRegionale, StatoAttivita
from programma.models.opere import Modalita, OperaPrioritaria, OperaPrioritariaQuerySet
from programma.models.progetti import Fase, ProgettoRegionale, Programma, campo_ente, controlla_date, errori_ente, oggi
from programma.models.report import Report, ReportQuerySet
from programma.risultati.models import (
    DocumentoNazionale,
    Indicazione,
    OperaSostenuta,
    ProgettoStrategico,
    Stampa,
    progetto_strategico_approvato,
)

__all__ = [
    "AllegatoSospeso",
    "AttivitaQuerySet",
    "AttivitaRegionale",
    "DocumentoNazionale",
    "ErroreImportazione",
    "Fase",
    "Importazione",
    "Indicazione",
    "MappaturaImportazione",
    "Modalita",
    "OperaPrioritaria",
    "OperaPrioritariaQuerySet",
    "OperaSostenuta",
    "ProgettoRegionale",
    "ProgettoStrategico",
    "Programma",
    "Report",
    "ReportQuerySet",
    "Stampa",
    "StatoAttivita",
    "ValorePrecedente",
    "campo_ente",
    "controlla_date",
    "errori_ente",
    "oggi",
    "progetto_strategico_approvato",
]
