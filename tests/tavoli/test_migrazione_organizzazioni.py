"""The data migration that makes organisations per region (tavoli 0003-0005), both ways."""

import pytest

from tavoli.models import Organizzazione, TavoloConfronto
from tests import factories
from tests.migrazioni import migra

pytestmark = pytest.mark.django_db(transaction=True)

PRIMA = [("tavoli", "0002_attivita_regionale")]


def test_an_organisation_used_in_two_regions_is_duplicated():
    programma = factories.ProgrammaFactory()
    lombardia = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("lombardia"))
    sicilia = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("sicilia"))
    rfi_l = factories.OrganizzazioneFactory(nome="RFI", categoria="gestori", regione=lombardia.regione)
    rfi_s = factories.OrganizzazioneFactory(nome="rfi", categoria="gestori", regione=sicilia.regione)
    solo_l = factories.OrganizzazioneFactory(nome="Politecnico", categoria="esperti", regione=lombardia.regione)
    t_l = factories.TavoloConfrontoFactory(progetto=lombardia)
    t_l.organizzazioni.set([rfi_l, solo_l])
    t_s = factories.TavoloConfrontoFactory(progetto=sicilia)
    t_s.organizzazioni.set([rfi_s])
    try:
        # Back to shared organisations: the two RFI become one, listed by both tavoli.
        vecchie = migra(PRIMA).get_model("tavoli", "Organizzazione")
        assert vecchie.objects.count() == 2
        vecchia_rfi = vecchie.objects.get(nome_normalizzato="rfi")
        # Add one no tavolo lists: it has no region to go to.
        vecchie.objects.create(nome="Orfana", nome_normalizzato="orfana", categoria="imprese")
        assert set(vecchia_rfi.tavoli.values_list("pk", flat=True)) == {t_l.pk, t_s.pk}
    finally:
        migra(None)
    # Forward again: one RFI per region, each tavolo pointing to its own region's.
    assert Organizzazione.objects.filter(nome_normalizzato="rfi").count() == 2
    rfi_lombarda = TavoloConfronto.objects.get(pk=t_l.pk).organizzazioni.get(nome_normalizzato="rfi")
    rfi_siciliana = TavoloConfronto.objects.get(pk=t_s.pk).organizzazioni.get()
    assert rfi_lombarda.regione == lombardia.regione
    assert rfi_siciliana.regione == sicilia.regione
    assert (rfi_siciliana.nome, rfi_siciliana.categoria) == (rfi_lombarda.nome, "gestori")
    assert Organizzazione.objects.get(nome="Politecnico").regione == lombardia.regione
    assert not Organizzazione.objects.filter(nome="Orfana").exists()
