"""{% percorso %}: every page's breadcrumb drawn by one template (includes/percorso.html): links in
order, the current page last and not a link, an empty link left out, a wrong call refused."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def _disegna(argomenti: str, **contesto) -> str:
    return Template("{% load percorso %}{% percorso " + argomenti + " %}").render(Context(contesto))


def test_links_in_order_then_the_current_page():
    html = _disegna('"/documenti/" _("Documenti") titolo', titolo="Analisi <2026>")
    assert '<nav class="breadcrumb-container" aria-label="Percorso">' in html
    assert '<a href="/documenti/">Documenti</a>' in html
    assert '<li class="breadcrumb-item active" aria-current="page">Analisi &lt;2026&gt;</li>' in html


def test_a_pair_without_its_link_is_left_out():
    html = _disegna('"/importazioni/" "Importazioni" vuoto "file.csv" "Anteprima"', vuoto="")
    assert html.count("<a href=") == 1 and "file.csv" not in html


def test_a_call_without_the_current_page_is_refused():
    with pytest.raises(TemplateSyntaxError):
        _disegna('"/documenti/" "Documenti"')
