"""The live pages' fragments: `{% frammento "nome" %}…{% endframmento %}` marks a part of a counter
page that frontend/vivo.js may swap when the counters change (see contatori/views/vivo.py).

The part is rendered as usual and wrapped by `contatori/_frammento.html` in an element with the id
`vivo-<nome>` and a digest of its content (`data-impronta`): the script fetches the page again and
replaces only the parts whose digest changed. `elemento="tbody"` wraps a table's rows (a table's head
keeps its sort buttons and their state); the default is a `div`.
"""

from __future__ import annotations

import hashlib

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.template.loader import render_to_string

register = template.Library()

ELEMENTI = ("div", "tbody", "section")


class FrammentoNode(template.Node):
    def __init__(self, nome: FilterExpression, elemento: str, nodelist: template.NodeList) -> None:
        self.nome = nome
        self.elemento = elemento
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        contenuto = self.nodelist.render(context)  # a SafeString: the template escaped what it wrote
        impronta = hashlib.blake2b(contenuto.encode(), digest_size=8).hexdigest()
        return render_to_string(
            "contatori/_frammento.html",
            {"nome": self.nome.resolve(context), "elemento": self.elemento, "impronta": impronta, "contenuto": contenuto},
        )


@register.tag
def frammento(parser: Parser, token: Token) -> FrammentoNode:
    parti = token.split_contents()
    if len(parti) not in (2, 3):
        raise template.TemplateSyntaxError('Uso: {% frammento "nome" [elemento="tbody"] %}')
    elemento = "div"
    if len(parti) == 3:
        chiave, _uguale, valore = parti[2].partition("=")
        elemento = valore.strip("\"'")
        if chiave != "elemento" or elemento not in ELEMENTI:
            raise template.TemplateSyntaxError(f"frammento: elemento deve essere uno di {', '.join(ELEMENTI)}")
    nodelist = parser.parse(("endframmento",))
    parser.delete_first_token()
    return FrammentoNode(parser.compile_filter(parti[1]), elemento, nodelist)

