"""The live pages' fragments: `{% frammento "nome" %}…{% endframmento %}` marks a part of a counter
page that frontend/vivo.js may swap when the counters change (see contatori/views/vivo.py).

The part is rendered as usual and wrapped by `contatori/_frammento.html` in an element with the id
`vivo-<nome>` and a digest of its content (`data-impronta`): the script fetches the page again and
replaces only the parts whose digest changed. `elemento="tbody"` wraps a table's rows (a table's head
keeps its sort buttons and their state); the default is a `div`.

`{% in_cache %}` keeps a part of a counter page per generation (see InCacheNode).
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, Parser, Token
from django.template.loader import render_to_string

from programma.cache import memorizzato

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


class InCacheNode(template.Node):
    """`{% in_cache secondi "nome" var… %}…{% endin_cache %}`: Django's `{% cache %}` (same arguments,
    same key) kept through `programma.cache.memorizzato`: in the `pagine` cache, in the process's memory,
    and computed once when many requests miss it at once (after a recount). 0 seconds: not kept."""

    def __init__(self, nodelist: template.NodeList, secondi: FilterExpression, nome: str, varia: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.secondi = secondi
        self.nome = nome
        self.varia = varia

    def render(self, context: template.Context) -> str:
        secondi = int(self.secondi.resolve(context) or 0)
        chiave = make_template_fragment_key(self.nome, [v.resolve(context) for v in self.varia])
        return memorizzato(chiave, lambda: self.nodelist.render(context), secondi)


@register.tag
def in_cache(parser: Parser, token: Token) -> InCacheNode:
    parti = token.split_contents()
    if len(parti) < 3:
        raise template.TemplateSyntaxError('Uso: {% in_cache secondi "nome" [variabili…] %}')
    nodelist = parser.parse(("endin_cache",))
    parser.delete_first_token()
    return InCacheNode(nodelist, parser.compile_filter(parti[1]), parti[2], [parser.compile_filter(p) for p in parti[3:]])
