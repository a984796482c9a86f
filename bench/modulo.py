"""The fields of an HTML form as a browser would submit them unchanged: the load run's saves
(bench/locustfile.py) and the time-to-visible run (bench/visibile.py) post forms read from the page."""

from __future__ import annotations

from html.parser import HTMLParser


class Modulo(HTMLParser):
    """The fields of the form that holds `campo`, as a browser would submit them unchanged."""

    def __init__(self, campo: str) -> None:
        super().__init__()
        self.campo = campo
        self.moduli: list[dict[str, list[str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.moduli.append({})
        if not self.moduli or "name" not in a:
            if tag == "option" and self._select and "selected" in a:
                self.moduli[-1].setdefault(self._select, []).append(a.get("value", ""))
            return
        campi = self.moduli[-1]
        if tag == "input":
            tipo = a.get("type", "text")
            if tipo in ("file", "submit", "button") or (tipo in ("checkbox", "radio") and "checked" not in a):
                return
            campi.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            campi.setdefault(a["name"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.moduli:
            valori = self.moduli[-1][self._textarea]
            valori[:] = ["".join(valori) + data]

    def dati(self) -> dict[str, list[str]]:
        return next(m for m in self.moduli if self.campo in m)
