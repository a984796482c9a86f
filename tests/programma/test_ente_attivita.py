"""The Camera (or Unione) behind every activity: tavoli, eventi, reports and works record their ente."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programma.models import Report
from regioni.models import Ente
from regioni.scoping import ambito_di
from tests import factories

pytestmark = pytest.mark.django_db

PAGINE = ["tavoli:nuovo", "eventi:nuovo", "programma:report_nuovo", "programma:opera_nuova"]


@pytest.mark.parametrize("pagina", PAGINE)
def test_the_form_offers_the_regions_enti_and_proposes_the_users_own(client_operatore, operatore, progetto, altro_progetto, pagina):
    form = client_operatore.get(reverse(pagina)).context["form"]
    assert set(form.fields["ente"].queryset) == set(Ente.objects.filter(regione=progetto.regione))
    assert form.initial["ente"] == ambito_di(operatore).ente.pk


def test_a_report_records_its_camera_and_refuses_another_regions(client_operatore, progetto, altro_progetto):
    camera = Ente.objects.filter(regione=progetto.regione, tipo="camera_commercio").order_by("nome")[3]
    siciliana = altro_progetto.ente_capofila
    dati = {"tipo": "report_analisi", "titolo": "Analisi", "data": "2025-06-30", "abstract": ""}
    response = client_operatore.post(reverse("programma:report_nuovo"), {**dati, "ente": siciliana.pk})
    assert response.status_code == 200 and not Report.objects.exists()
    response = client_operatore.post(reverse("programma:report_nuovo"), {**dati, "ente": camera.pk})
    assert response.status_code == 302
    assert Report.objects.get().ente == camera


def test_the_model_refuses_an_ente_of_another_region(progetto, altro_progetto):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, ente=altro_progetto.ente_capofila)
    with pytest.raises(ValidationError, match="ente"):
        tavolo.full_clean()
