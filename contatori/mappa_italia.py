"""The colours of the counters' map of Italy (the shapes are regioni.mappa's)."""

from __future__ import annotations

# Light to dark blue (Bootstrap Italia primary); the first is "zero".
SCALA = ["#e6eef7", "#b3d1f0", "#80b3e6", "#4d94db", "#0066cc", "#004c99"]


def classe(quota: float) -> int:
    """The scale's step (an index of SCALA) for a share 0..1 (of the highest region, or of the
    target); 0, the lightest, only for zero."""
    if quota <= 0:
        return 0
    return 1 + min(len(SCALA) - 2, int(quota * (len(SCALA) - 1)))


def colore(quota: float) -> str:
    return SCALA[classe(quota)]


def soglie() -> list[tuple[float, float]]:
    """The shares (from, to) each step of `classe` stands for, for the map's legend: the first is zero,
    step k from (k-1)/n to k/n of the highest region's value or of the target."""
    n = len(SCALA) - 1
    return [(0.0, 0.0)] + [((k - 1) / n, k / n) for k in range(1, n + 1)]
