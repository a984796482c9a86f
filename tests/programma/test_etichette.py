"""programma.fields.EtichetteScelte: a choice's label read from a dict made once per field.

What it proves: every model that uses it answers `get_FOO_display` as Django does, for every choice
and for a value that is not one; the field's choices are read once, however many rows are drawn.
"""

import pytest
from django.db import models

from eventi.models import Evento
from programma import fields
from programma.models import Fase, OperaPrioritaria, Report
from tavoli.models import TavoloConfronto

MODELLI = [TavoloConfronto, Evento, Fase, OperaPrioritaria, Report]


def _campi_con_scelte(modello):
    return [f for f in modello._meta.concrete_fields if f.choices]


@pytest.mark.parametrize("modello", MODELLI, ids=lambda m: m.__name__)
def test_labels_are_djangos(modello):
    assert _campi_con_scelte(modello)
    for campo in _campi_con_scelte(modello):
        for valore in [v for v, _etichetta in campo.flatchoices] + ["non-una-scelta"]:
            oggetto = modello(**{campo.attname: valore})
            assert getattr(oggetto, f"get_{campo.name}_display")() == models.Model._get_FIELD_display(oggetto, campo)


def test_the_choices_are_read_once(monkeypatch):
    campo = Fase._meta.get_field("stato")
    fields._ETICHETTE.pop(campo, None)
    letture = []
    originale = type(campo).flatchoices

    def conta(self):
        letture.append(self)
        return originale.fget(self)

    monkeypatch.setattr(type(campo), "flatchoices", property(conta))
    for valore, _etichetta in list(originale.fget(campo)) * 20:
        Fase(stato=valore).get_stato_display()
    assert letture.count(campo) == 1
