"""The layers are a contract the repository checks itself (docs/ARCHITECTURE.md, "Apps and layers").

`lint-imports` (import-linter, configured in pyproject.toml) runs in `make test`; these tests prove
it can fail: on a copy of the tree with one import running back up a layer, it refuses it. And no
two modules import each other, however indirectly (import-linter sees only the arrows between
the apps, not the circles inside one).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

RADICE = Path(__file__).resolve().parent.parent
APP = ("regioni", "programma", "tavoli", "eventi", "contatori")
# The one installed beside this Python (the project's virtualenv), else the one on the PATH.
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
if not LINT_IMPORTS.exists():
    LINT_IMPORTS = Path(shutil.which("lint-imports") or "lint-imports")


@pytest.fixture
def copia(tmp_path: Path) -> Path:
    """The apps and the configuration, copied where an edit harms nothing."""
    for app in APP:
        shutil.copytree(RADICE / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(RADICE / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint_imports(cartella: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cartella, capture_output=True, text=True, timeout=120, check=False)


def aggiungi_import(cartella: Path, modulo: str, riga: str) -> None:
    percorso = cartella / (modulo.replace(".", "/") + ".py")
    percorso.write_text(percorso.read_text() + f"\n{riga}  # noqa\n")


def test_the_untouched_tree_keeps_its_contracts(copia):
    esito = lint_imports(copia)
    assert esito.returncode == 0, esito.stdout + esito.stderr
    assert "2 kept, 0 broken" in esito.stdout


def test_a_lower_layer_importing_the_counters_breaks_the_layers(copia):
    aggiungi_import(copia, "regioni.territorio", "from contatori import registry")
    esito = lint_imports(copia)
    assert esito.returncode != 0
    assert "regioni is not allowed to import contatori" in esito.stdout
    assert "regioni.territorio -> contatori.registry" in esito.stdout


def test_a_lazy_import_inside_a_function_breaks_them_too(copia):
    aggiungi_import(copia, "programma.selectors", "def _pigro():\n    from contatori.selectors import stato_per_healthz")
    esito = lint_imports(copia)
    assert esito.returncode != 0
    assert "programma is not allowed to import contatori" in esito.stdout


def test_tavoli_and_eventi_may_not_import_each_other(copia):
    aggiungi_import(copia, "eventi.filters", "import tavoli.models")
    esito = lint_imports(copia)
    assert esito.returncode != 0
    assert "eventi is not allowed to import tavoli" in esito.stdout


def cicli(grafo: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan)."""
    successori = {m: grafo.find_modules_directly_imported_by(m) for m in grafo.modules}
    indice: dict[str, int] = {}
    basso: dict[str, int] = {}
    pila: list[str] = []
    in_pila: set[str] = set()
    gruppi: list[list[str]] = []

    def visita(v: str) -> None:
        indice[v] = basso[v] = len(indice)
        pila.append(v)
        in_pila.add(v)
        for w in successori[v]:
            if w not in indice:
                visita(w)
                basso[v] = min(basso[v], basso[w])
            elif w in in_pila:
                basso[v] = min(basso[v], indice[w])
        if basso[v] == indice[v]:
            gruppo = []
            while True:
                w = pila.pop()
                in_pila.discard(w)
                gruppo.append(w)
                if w == v:
                    break
            if len(gruppo) > 1:
                gruppi.append(sorted(gruppo))

    limite = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limite, 10 * len(successori)))
    try:
        for modulo in sorted(successori):
            if modulo not in indice:
                visita(modulo)
    finally:
        sys.setrecursionlimit(limite)
    return gruppi


# The one knot left, named so that a new one fails and untying this one updates the list: the
# strategic project's `approva`/`pubblica` queue its book (risultati/models.py -> pubblicazioni.py,
# whose thin task module calls it back), and the book reads the projects, phases and works whose
# rules ask for the strategic project (the phase 2 rule, the public works).
NODI_NOTI = [
    [
        "programma.models.opere",
        "programma.models.progetti",
        "programma.risultati.libro_bianco",
        "programma.risultati.models",
        "programma.risultati.pubblicazioni",
        "programma.risultati.tasks",
    ]
]


def test_no_modules_import_each_other():
    # Imports under `if TYPE_CHECKING:` never run: they are not part of the graph.
    grafo = grimp.build_graph(*APP, cache_dir=None, exclude_type_checking_imports=True)
    assert cicli(grafo) == NODI_NOTI


def test_the_cycle_check_sees_a_cycle(copia, monkeypatch):
    aggiungi_import(copia, "contatori.registry", "from contatori import services")
    monkeypatch.syspath_prepend(str(copia))
    for modulo in [m for m in sys.modules if m.split(".")[0] in APP]:
        monkeypatch.delitem(sys.modules, modulo)
    grafo = grimp.build_graph(*APP, cache_dir=None, exclude_type_checking_imports=True)
    assert ["contatori.registry", "contatori.services"] in [[m for m in g if m in ("contatori.registry", "contatori.services")] for g in cicli(grafo)]


# Modules a newcomer can hold in mind (issue #22): past this, a module is split by what it holds.
RIGHE_MASSIME = 500


def moduli_troppo_lunghi(radice: Path) -> dict[str, int]:
    """The project's modules over RIGHE_MASSIME lines, migrations aside (tests and the bench are outside the apps)."""
    lunghi = {}
    for app in APP:
        for modulo in (radice / app).rglob("*.py"):
            if "migrations" not in modulo.parts and (righe := len(modulo.read_text().splitlines())) > RIGHE_MASSIME:
                lunghi[str(modulo.relative_to(radice))] = righe
    return lunghi


def test_no_module_is_over_500_lines():
    assert moduli_troppo_lunghi(RADICE) == {}


def test_the_length_check_sees_a_long_module(copia):
    (copia / "regioni" / "lungo.py").write_text("x = 1\n" * (RIGHE_MASSIME + 1))
    assert moduli_troppo_lunghi(copia) == {"regioni/lungo.py": RIGHE_MASSIME + 1}
