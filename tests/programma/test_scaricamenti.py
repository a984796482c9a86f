"""Uploads: an accepted content type must also carry its own extension; downloads get a safe name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from programma.activities.files import nome_sicuro, risposta_allegato
from programma.validators import valida_allegato, valida_documento
from tests import factories
from tests.programma.conftest import PDF

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize("nome", ["verbale.html", "verbale.svg", "verbale.exe", "verbale.pdf.html", "verbale"])
def test_it_rejects_a_pdf_with_another_extension(nome):
    with pytest.raises(ValidationError) as errore:
        valida_documento(SimpleUploadedFile(nome, PDF))
    assert errore.value.code == "estensione_non_ammessa"
    assert "deve finire con .pdf" in errore.value.messages[0]


@pytest.mark.parametrize("nome,contenuto", [("verbale.pdf", PDF), ("VERBALE.PDF", PDF), ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64), ("mappa.png", PNG)])
def test_it_accepts_the_matching_extension(nome, contenuto):
    valida_allegato(SimpleUploadedFile(nome, contenuto))


def test_a_png_named_pdf_is_refused():
    with pytest.raises(ValidationError):
        valida_allegato(SimpleUploadedFile("mappa.pdf", PNG))


def test_the_report_form_says_so(client_operatore, progetto):
    from django.urls import reverse

    response = client_operatore.post(
        reverse("programma:report_nuovo"),
        {"tipo": "report_analisi", "titolo": "Analisi", "data": "2025-06-30", "file": SimpleUploadedFile("analisi.html", PDF)},
    )
    assert response.status_code == 200
    assert "Il nome del file deve finire con .pdf" in response.content.decode()


@pytest.mark.parametrize(
    "nome,atteso",
    [
        ("report/analisi.pdf", "analisi.pdf"),
        ("x/Relazione finale città.PDF", "Relazione_finale_citta.pdf"),
        ("x/pagina.html", "pagina.html.bin"),
        ("x/.htaccess", "htaccess.bin"),
        ('x/a";b\r\nc.pdf', "a_b_c.pdf"),
    ],
)
def test_safe_names(nome, atteso):
    assert nome_sicuro(nome) == atteso


def test_a_stored_html_file_is_served_as_an_opaque_download(progetto):
    """A file stored before extensions were checked cannot be rendered by the browser."""
    from django.core.files.base import ContentFile

    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, verbale=ContentFile(PDF, name="verbale.html"))
    response = risposta_allegato(tavolo.verbale)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="verbale')
    assert response["Content-Disposition"].endswith('.html.bin"')
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()
