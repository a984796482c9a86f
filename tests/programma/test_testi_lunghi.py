"""Long texts have a limit the model enforces, not only the form's widget (programma/fields.py)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from programma import fields
from programma.fields import CampoTestoLungo, Limite
from programma.models import ProgettoStrategico
from programma.numbers import numero_italiano
from tests import factories
from tests.conftest import righe_brevi

pytestmark = pytest.mark.django_db

APP_DEL_PROGETTO = {"regioni", "programma", "tavoli", "eventi", "contatori"}

# Every TextField of the project's models. Not their history copies: simple-history keeps a file's
# name in a TextField, and history rows are written by signals, never validated.
CAMPI_DI_TESTO = [
    (modello, campo.name)
    for modello in apps.get_models()
    if modello._meta.app_label in APP_DEL_PROGETTO and not modello.__name__.startswith("Historical")
    for campo in modello._meta.get_fields()
    if isinstance(campo, models.TextField)
]


def test_every_text_field_has_a_limit():
    senza_limite = [f"{m.__name__}.{n}" for m, n in CAMPI_DI_TESTO if not isinstance(m._meta.get_field(n), fields.TestoLungo)]
    assert senza_limite == []
    assert len(CAMPI_DI_TESTO) == 16  # with Stampa.messaggio and the coordinator's comment on reports and national documents


@pytest.mark.parametrize("modello, nome", CAMPI_DI_TESTO, ids=[f"{m.__name__}.{n}" for m, n in CAMPI_DI_TESTO])
def test_the_model_refuses_a_text_over_its_limit(modello, nome):
    campo = modello._meta.get_field(nome)
    limite = campo.max_length
    assert campo.clean("x" * limite, None) == "x" * limite
    with pytest.raises(ValidationError) as exc:
        campo.clean("x" * (limite + 1), None)
    assert exc.value.messages == [f"Al massimo {numero_italiano(limite)} caratteri (ne hai scritti {numero_italiano(limite + 1)})."]


def test_full_clean_refuses_a_context_over_the_limit(progetto):
    strategico = ProgettoStrategico(progetto=progetto, titolo="Libro Bianco", contesto=righe_brevi(23_456))
    with pytest.raises(ValidationError) as exc:
        strategico.full_clean()
    assert exc.value.message_dict == {"contesto": ["Al massimo 20.000 caratteri (ne hai scritti 23.456)."]}
    strategico.contesto = righe_brevi(Limite.CONTESTO)
    strategico.full_clean()


def test_full_clean_refuses_a_sintesi_over_the_limit(progetto):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, sintesi=righe_brevi(Limite.SINTESI + 1))
    with pytest.raises(ValidationError) as exc:
        tavolo.full_clean()
    assert list(exc.value.message_dict) == ["sintesi"]


def test_the_form_field_counts_a_crlf_line_break_as_one():
    campo = CampoTestoLungo(max_length=100)
    scritto = righe_brevi(100, a_capo="\r\n")
    assert len(scritto) > 100
    assert campo.clean(scritto) == righe_brevi(100)
    with pytest.raises(ValidationError, match=r"Al massimo 100 caratteri \(ne hai scritti 101\)\."):
        campo.clean(righe_brevi(101, a_capo="\r\n"))


def test_the_textarea_carries_its_limit_and_the_counters_texts():
    html = CampoTestoLungo(max_length=Limite.CONTESTO).widget.render("contesto", "")
    assert 'maxlength="20000"' in html
    assert 'data-conteggio="{scritti} / {limite} caratteri"' in html
    assert "data-conteggio-vicino=" in html and "data-conteggio-pieno=" in html


def test_a_model_form_gets_the_form_field():
    assert isinstance(ProgettoStrategico._meta.get_field("contesto").formfield(), CampoTestoLungo)
