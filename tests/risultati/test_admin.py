"""The admin lists and opens strategic projects and national documents (with their inlines)."""

from django.urls import reverse


def test_admin_pages_open(client, amministratore, strategico_completo):
    client.force_login(amministratore)
    assert client.get(reverse("admin:programma_progettostrategico_changelist")).status_code == 200
    pagina = client.get(reverse("admin:programma_progettostrategico_change", args=[strategico_completo.pk]))
    assert pagina.status_code == 200 and "Potenziare gli interporti." in pagina.content.decode()
    assert client.get(reverse("admin:programma_documentonazionale_changelist")).status_code == 200
