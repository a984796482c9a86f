"""seed_demo writes strategic projects in every state and the edition's national documents, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from programma.models import DocumentoNazionale, Fase, ProgettoStrategico

pytestmark = pytest.mark.django_db


def test_seed_demo_writes_the_results_once(client):
    call_command("seed_demo", "--senza-ricalcolo", "--giorni-storia", "0", stdout=StringIO())
    stati = dict(ProgettoStrategico.objects.values_list("stato").annotate(n=Count("pk")))
    assert stati == {"pubblicato": 8, "approvato": 4, "in_revisione": 4, "bozza": 4}
    pubblicato = ProgettoStrategico.objects.pubblicati().first()
    assert pubblicato.indicazioni.exists() and pubblicato.sostegni.exists() and pubblicato.enti_firmatari.exists()
    assert pubblicato.contatori_approvazione["valori"]
    # Phase 2 is complete exactly where the strategic project is approved.
    completate = set(Fase.objects.filter(numero=2, stato="completata").values_list("progetto_id", flat=True))
    assert completate == set(ProgettoStrategico.objects.approvati().values_list("progetto_id", flat=True))
    assert DocumentoNazionale.objects.count() == 4
    assert DocumentoNazionale.objects.get(tipo="analisi_domanda_offerta").file.read().startswith(b"%PDF")

    call_command("seed_demo", "--senza-ricalcolo", "--giorni-storia", "0", stdout=StringIO())
    assert ProgettoStrategico.objects.count() == 20 and DocumentoNazionale.objects.count() == 4

    corpo = client.get(reverse("documenti:api")).json()
    generi = {d["genere"] for d in corpo["documenti"]} | {
        d["genere"] for d in client.get(reverse("documenti:api"), {"tipo": "analisi_domanda_offerta"}).json()["documenti"]
    }
    assert {"strategico", "report", "nazionale"} <= generi
