"""Reading a generated PDF back: its text (pdftotext), its words' boxes (to find text printed over
text), its structure (tags, bookmarks, metadata: pypdf) and its pages as pictures (pdftoppm)."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from tests.conftest import manca_servizio


def _poppler(comando: str) -> None:
    if not shutil.which(comando):
        manca_servizio(f"{comando} (poppler-utils) non trovato: il PDF non si può leggere.")


def leggi_testo_pdf(contenuto: bytes, tmp_path: Path, *, pagina: int | None = None, righe: bool = False) -> str:
    """The text (of one page); with `righe`, laid out as printed, a table's row on one line."""
    _poppler("pdftotext")
    percorso = tmp_path / "documento.pdf"
    percorso.write_bytes(contenuto)
    opzioni = (["-f", str(pagina), "-l", str(pagina)] if pagina else []) + (["-layout"] if righe else [])
    return subprocess.run(
        ["pdftotext", *opzioni, str(percorso), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


@dataclass(frozen=True)
class Parola:
    testo: str
    x0: float
    y0: float
    x1: float
    y1: float

    def copre(self, altra: Parola, margine: float) -> bool:
        """Whether the two boxes share more than `margine` points both ways (touching is not overlapping)."""
        return (
            min(self.x1, altra.x1) - max(self.x0, altra.x0) > margine
            and min(self.y1, altra.y1) - max(self.y0, altra.y0) > margine
        )


def parole_per_pagina(contenuto: bytes, tmp_path: Path) -> list[list[Parola]]:
    """Every word of every page with its box, as pdftotext -bbox reads them."""
    _poppler("pdftotext")
    percorso = tmp_path / "parole.pdf"
    percorso.write_bytes(contenuto)
    xml = subprocess.run(["pdftotext", "-bbox", str(percorso), "-"], check=True, capture_output=True, timeout=120).stdout
    radice = ET.fromstring(xml)
    pagine = []
    for pagina in radice.iter("{http://www.w3.org/1999/xhtml}page"):
        pagine.append(
            [
                Parola(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                for w in pagina.iter("{http://www.w3.org/1999/xhtml}word")
            ]
        )
    return pagine


def parole_sovrapposte(contenuto: bytes, tmp_path: Path, *, margine: float = 1.0) -> list[tuple[int, str, str]]:
    """(page, word, word) for every two words printed over each other on a page.

    Boxes are compared in a sweep along x, so a page of thousands of words costs little. A margin
    of a point forgives boxes that merely touch (a glyph's box is a little taller than the line).
    """
    sovrapposte = []
    for numero, parole in enumerate(parole_per_pagina(contenuto, tmp_path), start=1):
        parole.sort(key=lambda p: p.x0)
        attive: list[Parola] = []
        for parola in parole:
            attive = [a for a in attive if a.x1 - margine > parola.x0]
            sovrapposte += [(numero, a.testo, parola.testo) for a in attive if a.copre(parola, margine)]
            attive.append(parola)
    return sovrapposte


def cartella_artefatti() -> Path:
    """Where tests leave what a person should look at (CI keeps it): pages as pictures, screenshots."""
    from django.conf import settings

    return Path(os.environ.get("ARTIFACTS_DIR", Path(settings.BASE_DIR) / "tmp" / "artifacts"))


def immagini_pdf(contenuto: bytes, cartella: Path, nome: str, *, pagine: int = 3) -> list[Path]:
    """The first pages as PNG files in `cartella` (test artefacts), and the PDF beside them."""
    _poppler("pdftoppm")
    cartella.mkdir(parents=True, exist_ok=True)
    for vecchia in cartella.glob(f"{nome}-*.png"):  # an earlier run's pages (numbered -1 or -01)
        vecchia.unlink()
    percorso = cartella / f"{nome}.pdf"
    percorso.write_bytes(contenuto)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pagine), str(percorso), str(cartella / nome)],
        check=True,
        timeout=120,
    )
    return sorted(cartella.glob(f"{nome}-*.png"))


@dataclass
class Struttura:
    """What a reader and an archive see of a PDF beyond its text."""

    pagine: int
    titolo: str
    autore: str
    soggetto: str
    lingua: str
    marcato: bool
    xmp: str
    segnalibri: list[tuple[int, str]]  # (depth, title)
    tag: set[str]  # the structure types used (/H2, /Table, /TH, /Figure...)
    figure_senza_alt: int


def struttura(contenuto: bytes) -> Struttura:
    from pypdf import PdfReader

    lettore = PdfReader(BytesIO(contenuto))
    catalogo = lettore.trailer["/Root"]
    info = lettore.metadata or {}
    segnalibri: list[tuple[int, str]] = []

    def percorri(voci: list, livello: int) -> None:
        for voce in voci:
            if isinstance(voce, list):
                percorri(voce, livello + 1)
            else:
                segnalibri.append((livello, str(voce.title)))

    percorri(lettore.outline, 1)
    tag: set[str] = set()
    senza_alt = 0
    if "/StructTreeRoot" in catalogo:
        da_visitare = [catalogo["/StructTreeRoot"].get_object()]
        while da_visitare:
            nodo = da_visitare.pop()
            if hasattr(nodo, "get_object"):
                nodo = nodo.get_object()
            if isinstance(nodo, list):
                da_visitare.extend(nodo)
                continue
            if not hasattr(nodo, "get"):
                continue
            tipo = nodo.get("/S")
            if tipo:
                tag.add(str(tipo))
                if tipo == "/Figure" and "/Alt" not in nodo:
                    senza_alt += 1
            figli = nodo.get("/K")
            if figli is not None:
                da_visitare.append(figli)
    xmp = ""
    if "/Metadata" in catalogo:
        xmp = catalogo["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    marca = catalogo.get("/MarkInfo")
    return Struttura(
        pagine=len(lettore.pages),
        titolo=str(info.get("/Title", "")),
        autore=str(info.get("/Author", "")),
        soggetto=str(info.get("/Subject", "")),
        lingua=str(catalogo.get("/Lang", "")),
        marcato=bool(marca and marca.get_object().get("/Marked")),
        xmp=xmp,
        segnalibri=segnalibri,
        tag=tag,
        figure_senza_alt=senza_alt,
    )
