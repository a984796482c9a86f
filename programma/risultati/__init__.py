"""The programme's results: the strategic project of phase 2 (and its Libro Bianco), national
documents, and their publication under /documenti/.

A sub-package like `programma/importazione/`: the models are imported at the bottom of
`programma/models.py`, so `programma.models.ProgettoStrategico` is the one import path.
"""
