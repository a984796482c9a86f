"""Reading a generated PDF back: its text (pdftotext) and its first pages as pictures (pdftoppm)."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import manca_servizio


def leggi_testo_pdf(contenuto: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        manca_servizio("pdftotext (poppler-utils) non trovato: il testo del PDF non si può leggere.")
    percorso = tmp_path / "documento.pdf"
    percorso.write_bytes(contenuto)
    return subprocess.run(
        ["pdftotext", str(percorso), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def immagini_pdf(contenuto: bytes, cartella: Path, nome: str, *, pagine: int = 3) -> list[Path]:
    """The first pages as PNG files in `cartella` (test artefacts)."""
    if not shutil.which("pdftoppm"):
        manca_servizio("pdftoppm (poppler-utils) non trovato: le pagine del PDF non si possono salvare come immagini.")
    cartella.mkdir(parents=True, exist_ok=True)
    percorso = cartella / f"{nome}.pdf"
    percorso.write_bytes(contenuto)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pagine), str(percorso), str(cartella / nome)],
        check=True,
        timeout=120,
    )
    return sorted(cartella.glob(f"{nome}-*.png"))
