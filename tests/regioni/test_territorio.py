"""The reference data loaded by the data migration, checked against ISTAT's current list."""

import pytest
from django.db.models import Count, F, Q

from regioni.models import Ente, Provincia, Regione

pytestmark = pytest.mark.django_db

# ISTAT's current provinces, metropolitan cities, free consortia and equivalent units,
# by region (Sardinia as reorganised from 2026: see regioni/data/NOTE.md).
SIGLE_PER_REGIONE = {
    "01": "TO VC NO CN AT AL BI VB",
    "02": "AO",
    "03": "VA CO SO MI BG BS PV CR MN LC LO MB",
    "04": "BZ TN",
    "05": "VR VI BL TV VE PD RO",
    "06": "UD GO TS PN",
    "07": "IM SV GE SP",
    "08": "PC PR RE MO BO FE RA FC RN",
    "09": "MS LU PT FI LI PI AR SI GR PO",
    "10": "PG TR",
    "11": "PU AN MC AP FM",
    "12": "VT RI RM LT FR",
    "13": "AQ TE PE CH",
    "14": "CB IS",
    "15": "CE BN NA AV SA",
    "16": "FG BA TA BR LE BT",
    "17": "PZ MT",
    "18": "CS CZ RC KR VV",
    "19": "TP PA ME AG CL EN CT RG SR",
    "20": "SS OT NU OR OG VS CA SU",
}


def test_there_are_the_twenty_regions():
    codici = list(Regione.objects.values_list("codice_istat", flat=True))
    assert codici == [f"{n:02d}" for n in range(1, 21)]
    assert Regione.objects.get(codice_istat="03").nome == "Lombardia"
    assert Regione.objects.get(codice_istat="02").nome == "Valle d'Aosta/Vallée d'Aoste"
    assert set(Regione.objects.values_list("ripartizione", flat=True)) == {"Nord-Ovest", "Nord-Est", "Centro", "Sud", "Isole"}


def test_every_province_of_istat_list_is_in_its_region():
    attese = {(codice, sigla) for codice, sigle in SIGLE_PER_REGIONE.items() for sigla in sigle.split()}
    presenti = set(Provincia.objects.values_list("regione__codice_istat", "sigla"))
    assert presenti == attese
    assert Provincia.objects.count() == 110
    assert Provincia.objects.get(sigla="MI").tipo == "citta_metropolitana"


def test_every_camera_is_tied_to_its_region_and_covers_its_provinces():
    camere = Ente.objects.filter(tipo=Ente.Tipo.CAMERA_COMMERCIO)
    assert 55 <= camere.count() <= 70
    assert not camere.annotate(n=Count("province")).filter(n=0).exists()
    # A chamber's provinces are in the chamber's region, and every province has exactly one chamber.
    assert not camere.exclude(province__regione=F("regione")).filter(province__isnull=False).exists()
    per_provincia = Provincia.objects.annotate(
        n=Count("enti", filter=Q(enti__tipo=Ente.Tipo.CAMERA_COMMERCIO))
    )
    assert set(per_provincia.values_list("n", flat=True)) == {1}
    assert Ente.objects.get(nome__icontains="Milano Monza Brianza Lodi").regione.slug == "lombardia"


def test_every_region_has_an_ente_for_its_operators():
    assert not Regione.objects.annotate(n=Count("enti")).filter(n=0).exists()

