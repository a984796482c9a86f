"""The PDFs' charts as geometry: numbers in, coordinates and printed labels out.

The templates under templates/pdf/ draw them as inline SVG, so a chart is vector graphics drawn on
the server, with its text as text, and nothing is fetched while rendering. No markup here.

Units: one SVG unit is about one typographic point at the width the book prints a chart (the
viewBox's width matches the text column's 493 pt), so font sizes and label room are in points.
Every label has room of its own (left of a bar, right of a bar, under an axis): a long one is
shortened with an ellipsis, and the full text is in the chart's title and in the tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from programma.numbers import MESI, numero_italiano

# The text column of an A4 page with 18 mm margins is 174 mm = 493 pt.
LARGHEZZA = 493
CORPO = 7.5  # the labels' font size, in points
# DejaVu Sans' average advance is about 0.6 em: a label of n characters takes about n * 0.6 * CORPO.
LARGHEZZA_MEDIA = 0.6


def larghezza_testo(testo: str, corpo: float = CORPO) -> float:
    return len(testo) * LARGHEZZA_MEDIA * corpo


def accorcia(testo: str, spazio: float, corpo: float = CORPO) -> str:
    """The label, shortened with "…" to fit `spazio` points."""
    massimo = max(1, int(spazio / (LARGHEZZA_MEDIA * corpo)))
    return testo if len(testo) <= massimo else testo[: massimo - 1].rstrip() + "…"


@dataclass(frozen=True)
class Barra:
    etichetta: str  # as printed (maybe shortened)
    completa: str  # the whole label
    testo: str  # the value as printed, right of the bar
    y: float  # the bar's top
    larghezza: float
    colore: str
    x_valore: float  # where the printed value starts, right of the bar
    y_testo: float  # the labels' baseline middle


@dataclass(frozen=True)
class GraficoBarre:
    larghezza: float
    altezza: float
    x0: float  # where the bars start (the labels end 6 pt before)
    spessore: float
    barre: tuple[Barra, ...]

    @property
    def x_etichette(self) -> float:
        return self.x0 - 6


def barre(
    voci: Sequence[tuple[str, Decimal | int | float, str]],
    *,
    colori: Sequence[str] = ("#0066cc",),
    larghezza: float = LARGHEZZA,
    spazio_etichette: float = 130,
    spazio_valori: float = 140,
    riga: float = 15,
) -> GraficoBarre:
    """Horizontal bars, one a row: (label, value, value as printed). The longest bar fills the room
    left between the labels and the printed values; a value of 0 draws no bar."""
    massimo = max((Decimal(valore) for _, valore, _ in voci), default=Decimal(0))
    spazio_barre = larghezza - spazio_etichette - spazio_valori
    risultato = []
    for i, (etichetta, valore, testo) in enumerate(voci):
        lunghezza = float(Decimal(valore) / massimo) * spazio_barre if massimo > 0 else 0.0
        risultato.append(
            Barra(
                etichetta=accorcia(etichetta, spazio_etichette - 8),
                completa=etichetta,
                testo=accorcia(testo, spazio_valori - 8),
                y=i * riga + 2,
                larghezza=round(lunghezza, 1),
                colore=colori[i % len(colori)],
                x_valore=round(spazio_etichette + lunghezza + 4, 1),
                y_testo=round(i * riga + 2 + riga * 0.31, 1),
            )
        )
    return GraficoBarre(
        larghezza=larghezza, altezza=len(voci) * riga + 4, x0=spazio_etichette, spessore=round(riga * 0.62, 1), barre=tuple(risultato)
    )


@dataclass(frozen=True)
class GraficoLinea:
    """One counter over time: a polyline in a box with its scale's top and bottom and first and last month."""

    larghezza: float
    altezza: float
    sinistra: float  # the plot's box
    alto: float
    destra: float
    basso: float
    punti: str  # "x,y x,y ..." for <polyline points>
    ultimo_x: float
    ultimo_y: float
    massimo: str  # the scale's top, as printed
    inizio: str  # first and last month, as printed under the axis
    fine: str

    @property
    def x_scala(self) -> float:
        """Where the scale's labels end, left of the plot."""
        return self.sinistra - 4

    @property
    def y_mesi(self) -> float:
        return self.altezza - 2


def mese_breve(giorno: dt.date) -> str:
    """"dic 2026"."""
    return f"{MESI[giorno.month - 1][:3]} {giorno.year}"


def _scala(massimo: Decimal) -> Decimal:
    """A round top for the scale, at or above the highest value: 1, 2, 2.5 or 5 times a power of ten."""
    if massimo <= 0:
        return Decimal(1)
    potenza = Decimal(10) ** (len(str(int(massimo))) - 1)
    for passo in (1, 2, Decimal("2.5"), 5, 10):
        if massimo <= passo * potenza:
            return passo * potenza
    return 10 * potenza


def linea(punti: Sequence[tuple[dt.date, Decimal]], *, larghezza: float = 236, altezza: float = 96) -> GraficoLinea | None:
    """A small chart of one series (oldest first); None with fewer than two points."""
    if len(punti) < 2:
        return None
    sinistra, destra, alto, basso = 34.0, larghezza - 6, 6.0, altezza - 14
    inizio, fine = punti[0][0], punti[-1][0]
    giorni = max(1, (fine - inizio).days)
    cima = _scala(max(Decimal(v) for _, v in punti))
    coordinate = []
    for giorno, valore in punti:
        x = sinistra + (destra - sinistra) * (giorno - inizio).days / giorni
        y = basso - (basso - alto) * float(Decimal(valore) / cima)
        coordinate.append((round(x, 1), round(y, 1)))
    return GraficoLinea(
        larghezza=larghezza,
        altezza=altezza,
        sinistra=sinistra,
        alto=alto,
        destra=destra,
        basso=basso,
        punti=" ".join(f"{x},{y}" for x, y in coordinate),
        ultimo_x=coordinate[-1][0],
        ultimo_y=coordinate[-1][1],
        massimo=accorcia(numero_italiano(cima, 0 if cima == int(cima) else 1), sinistra - 6, 6.5),
        inizio=mese_breve(inizio),
        fine=mese_breve(fine),
    )
