"""`{% in_cache secondi "nome" var… %}…{% endin_cache %}`: a part of a page kept through
`programma.cache.memorizzato` (the counter pages' fragments per generation, the lists' filters)."""

from __future__ import annotations

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, Parser, Token

from programma.cache import memorizzato

register = template.Library()


class InCacheNode(template.Node):
    """Django's `{% cache %}` (same arguments, same key) kept through `programma.cache.memorizzato`: in
    the `pagine` cache, in the process's memory, and computed once when many requests miss it at once
    (after a recount). 0 seconds (or an empty value): not kept."""

    def __init__(self, nodelist: template.NodeList, secondi: FilterExpression, nome: str, varia: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.secondi = secondi
        self.nome = nome
        self.varia = varia

    def render(self, context: template.Context) -> str:
        secondi = int(self.secondi.resolve(context) or 0)
        if secondi <= 0:  # not kept: the key's values (a digest, say) are not worked out either
            return self.nodelist.render(context)
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
