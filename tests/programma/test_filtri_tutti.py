"""The empty choice of every list filter is said one way and agrees with its label: "Tutti" for a
masculine label (Tipo, Stato), "Tutte" for a feminine one (Fase, Modalità, Provincia...), the two
constants of programma.activities.lists, never a string of a filter's own."""

import django_filters
import pytest

from eventi.filters import FiltriEvento
from programma.activities.lists import TUTTE, TUTTI, FiltriAttivita
from programma.filters import FaseFilter, ImportazioneFilter, OperaFilter, ProgettoFilter, ReportFilter
from programma.risultati.filters import DocumentoNazionaleFilter
from tavoli.filters import FiltriTavolo

FILTRI = [FiltriAttivita, FiltriEvento, FiltriTavolo, FaseFilter, ImportazioneFilter, OperaFilter, ProgettoFilter,
          ReportFilter, DocumentoNazionaleFilter]
FEMMINILI = {"Fase", "Modalità", "Priorità", "Provincia", "Edizione"}
# The region and ente switchers name what they list ("Tutte le regioni", "Tutti gli enti").
CON_NOME = {"regione", "ente"}


def _filtri_a_scelta(classe):
    for nome, filtro in classe.base_filters.items():
        if isinstance(filtro, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter) and nome not in CON_NOME:
            yield nome, filtro


@pytest.mark.parametrize("classe", FILTRI, ids=lambda c: c.__name__)
def test_the_empty_choice_agrees_with_the_label(classe):
    assert list(_filtri_a_scelta(classe))
    for nome, filtro in _filtri_a_scelta(classe):
        atteso = TUTTE if str(filtro.label) in FEMMINILI else TUTTI
        assert filtro.extra["empty_label"] is atteso, f"{classe.__name__}.{nome}"
