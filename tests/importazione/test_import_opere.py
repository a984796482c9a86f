import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from programma.fields import Limite
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db


def scrivi(tmp_path, dati: bytes, nome: str = "opere.csv"):
    percorso = tmp_path / nome
    percorso.write_bytes(dati)
    return str(percorso)


def test_it_works(tmp_path, capsys):
    call_command("import_opere", scrivi(tmp_path, csv_bytes([riga("OP-1"), riga("OP-2")])))
    assert "2 nuove" in capsys.readouterr().out
    assert OperaPrioritaria.objects.count() == 2


def test_dry_run_writes_nothing(tmp_path, capsys):
    call_command("import_opere", scrivi(tmp_path, csv_bytes([riga("OP-1")])), "--dry-run")
    assert "si importerebbero" in capsys.readouterr().out
    assert not OperaPrioritaria.objects.exists()


def test_it_exits_1_with_one_line_per_bad_row(tmp_path, capsys):
    percorso = scrivi(tmp_path, csv_bytes([riga("OP-1", costo_stimato="abc", regione="Narnia"), riga("OP-2"), riga("OP-3", livello_priorita="9")]))
    with pytest.raises(CommandError) as exc:
        call_command("import_opere", percorso)
    assert exc.value.returncode == 1
    righe = capsys.readouterr().out.strip().splitlines()
    assert len(righe) == 2
    assert righe[0].startswith("Riga 2: colonna «costo_stimato», valore «abc»: importo non valido")
    assert "colonna «regione», valore «Narnia»: regione sconosciuta" in righe[0]
    assert righe[1].startswith("Riga 4: colonna «livello_priorita», valore «9»")
    assert not OperaPrioritaria.objects.exists()


def test_it_refuses_a_too_long_description_per_row_and_writes_nothing(tmp_path, capsys):
    percorso = scrivi(
        tmp_path,
        csv_bytes(
            [
                riga("OP-1", descrizione="a" * Limite.DESCRIZIONE),  # exactly the limit: fine
                riga("OP-2", descrizione="b" * (Limite.DESCRIZIONE + 1)),
                riga("OP-3"),
            ]
        ),
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_opere", percorso)
    assert exc.value.returncode == 1
    assert capsys.readouterr().out.strip().splitlines() == [
        f"Riga 3: colonna «descrizione», valore «{'b' * 199}…»: testo troppo lungo: al massimo 5.000 caratteri (ne ha 5.001)"
    ]
    assert not OperaPrioritaria.objects.exists()


def test_it_imports_a_description_of_exactly_the_limit(tmp_path):
    call_command("import_opere", scrivi(tmp_path, csv_bytes([riga("OP-1", descrizione="a" * Limite.DESCRIZIONE)])))
    assert len(OperaPrioritaria.objects.get().descrizione) == Limite.DESCRIZIONE


def test_it_lists_the_first_errors_then_counts_the_other_bad_rows(tmp_path, capsys, settings):
    settings.IMPORT_MAX_ERRORS = 2
    percorso = scrivi(tmp_path, csv_bytes([riga(f"OP-{i}", regione="Narnia") for i in range(5)]))
    with pytest.raises(CommandError) as exc:
        call_command("import_opere", percorso)
    assert capsys.readouterr().out.strip().splitlines()[-3:] == [
        "Riga 2: colonna «regione», valore «Narnia»: regione sconosciuta: indicare il nome o il codice ISTAT (es. Lombardia oppure 03)",
        "Riga 3: colonna «regione», valore «Narnia»: regione sconosciuta: indicare il nome o il codice ISTAT (es. Lombardia oppure 03)",
        "…e altre 3 righe con errori, non elencate.",
    ]
    assert str(exc.value).startswith("5 righe con errori su 5")


def test_it_exits_1_on_a_file_of_another_type(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_opere", scrivi(tmp_path, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "finto.csv"))
    assert capsys.readouterr().out.startswith("File: Il file non è un CSV")


def test_it_exits_1_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="File non trovato"):
        call_command("import_opere", str(tmp_path / "manca.csv"))


def test_it_runs_as_a_process_with_exit_codes(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    from tests.conftest import database_url_di_test

    buono = scrivi(tmp_path, csv_bytes([riga("OP-1")]), "buono.csv")
    cattivo = scrivi(tmp_path, csv_bytes([riga("OP-1", regione="Narnia")]), "cattivo.csv")
    base = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    # The process reads the test database; SQLite's is in memory, so it gets a migrated file of its own.
    env = {**os.environ, "DATABASE_URL": database_url_di_test() or f"sqlite:///{tmp_path / 'processo.sqlite3'}"}
    if not database_url_di_test():
        subprocess.run([*base, "migrate", "-v0"], env=env, check=True, capture_output=True)
    base.append("import_opere")
    assert subprocess.run([*base, buono, "--dry-run"], capture_output=True, env=env).returncode == 0
    risultato = subprocess.run([*base, cattivo, "--dry-run"], capture_output=True, text=True, env=env)
    assert risultato.returncode == 1
    assert risultato.stdout.startswith("Riga 2: colonna «regione»")


def test_export_command_writes_the_import_format(tmp_path, capsys):
    call_command("import_opere", scrivi(tmp_path, csv_bytes([riga("OP-1")])))
    destinazione = tmp_path / "export.csv"
    call_command("export_opere", str(destinazione))
    testo = destinazione.read_bytes().decode("utf-8-sig")
    assert testo.startswith("codice;cup;titolo;")
    assert "1.234,56" in testo and "31/12/2027" in testo and "BG|MI" in testo
