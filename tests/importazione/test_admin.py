import pytest
from django.urls import reverse

from programma.importazione import services
from programma.importazione.models import Importazione
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db

URL_IMPORT = reverse("admin:programma_operaprioritaria_import")


def test_the_admins_import_button_leads_to_the_staff_page(client_admin):
    risposta = client_admin.get(URL_IMPORT)
    assert risposta.status_code == 302 and risposta.url == reverse("importazione:nuova")
    # Nothing is imported from the admin, whatever is posted to its confirmation.
    risposta = client_admin.post(reverse("admin:programma_operaprioritaria_process_import"), {"importazione": "1"})
    assert risposta.url == reverse("importazione:nuova") and not Importazione.objects.exists()


def test_it_exports_csv_from_the_admin(client_admin):
    services.importa_opere(csv_bytes([riga("OP-1")]), nome_file="x.csv")
    risposta = client_admin.post(reverse("admin:programma_operaprioritaria_export"), {"format": "0", "resource": "0"})
    assert risposta.status_code == 200
    testo = risposta.content.decode("utf-8-sig")
    assert testo.startswith("codice;cup;titolo;") and "1.234,56" in testo
    # Named for what it is: the import's format, not the open data's opere-prioritarie.csv.
    assert 'filename="opere-prioritarie-formato-importazione.csv"' in risposta["Content-Disposition"]


def test_it_exports_xlsx_from_the_admin(client_admin):
    services.importa_opere(csv_bytes([riga("OP-1")]), nome_file="x.csv")
    risposta = client_admin.post(reverse("admin:programma_operaprioritaria_export"), {"format": "1", "resource": "0"})
    assert risposta.content[:2] == b"PK"


def test_the_changelist_offers_import_and_export(client_admin):
    risposta = client_admin.get(reverse("admin:programma_operaprioritaria_changelist"))
    assert URL_IMPORT in risposta.content.decode()


def test_it_requires_the_admin_role(client, coordinatore):
    coordinatore.is_staff = True
    coordinatore.save()
    client.force_login(coordinatore)
    assert client.get(URL_IMPORT).status_code == 403


def test_the_export_page_is_in_italian(client_admin):
    html = client_admin.get(reverse("admin:programma_operaprioritaria_export")).content.decode()
    assert "Verranno esportati i seguenti campi:" in html
    assert "This exporter" not in html
