"""The "Nome; categoria" lines of the organisations textarea."""

import pytest
from django import forms

from tavoli.forms import RigaOrganizzazione, leggi_organizzazioni


def test_it_reads_names_and_categories():
    testo = "Confindustria Lombardia; associazioni\n\n  RFI ;  Gestori di infrastrutture \nPolitecnico di Milano"
    assert leggi_organizzazioni(testo) == [
        RigaOrganizzazione("Confindustria Lombardia", "associazioni"),
        RigaOrganizzazione("RFI", "gestori"),
        RigaOrganizzazione("Politecnico di Milano", None),
    ]


def test_it_keeps_one_line_per_organisation():
    assert leggi_organizzazioni("RFI\nrfi;  gestori") == [RigaOrganizzazione("rfi", "gestori")]


def test_it_names_every_bad_line():
    with pytest.raises(forms.ValidationError) as errore:
        leggi_organizzazioni("RFI; gestori\nACME; banche\n;imprese\n" + "X" * 300)
    messaggi = errore.value.messages
    assert len(messaggi) == 3
    assert messaggi[0].startswith("Riga 2 («ACME; banche»): categoria «banche» non riconosciuta")
    assert messaggi[1].startswith("Riga 3")
    assert "supera i 250 caratteri" in messaggi[2]


def test_empty_text_is_no_organisations():
    assert leggi_organizzazioni("  \n\n") == []
