"""Every list's count is written in Italian digits (1.234 opere, not 1234), as the numbers of the
rest of the site (the `numero` filter): a list template renders its count for a large total."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

LISTE = {
    "tavoli/lista.html": "1.234 tavoli trovati",
    "eventi/lista.html": "1.234 eventi trovati",
    "programma/opere.html": "1.234 opere trovate",
    "programma/fasi.html": "1.234 fasi trovate",
    "programma/progetti.html": "1.234 progetti trovati",
    "programma/report_lista.html": "1.234 report trovati",
    "programma/documenti_nazionali.html": "1.234 documenti",
    "importazione/storico.html": "1.234 importazioni",
}


@pytest.mark.parametrize("template", LISTE)
def test_the_count_of_a_staff_list_reads_in_italian_digits(template, db):
    html = render_to_string(template, {"totale": 1234, "object_list": []}, request=_richiesta())
    assert LISTE[template] in html


def _richiesta():
    richiesta = RequestFactory().get("/")
    richiesta.user = AnonymousUser()
    return richiesta


class _Pagina:
    class paginator:  # noqa: N801 - the attribute a Page has
        count = 1234


@pytest.mark.parametrize(
    ("template", "testo"),
    [("opere/lista.html", "1.234 opere pubblicate"), ("documenti/lista.html", "1.234 documenti pubblicati"),
     ("eventi/calendario.html", "1.234 eventi in programma")],
)
def test_the_count_of_a_public_list_reads_in_italian_digits(template, testo, db):
    html = render_to_string(template, {"page_obj": _Pagina(), "object_list": []}, request=_richiesta())
    assert testo in html
