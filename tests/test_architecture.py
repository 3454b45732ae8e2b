"""The layout is the architecture: layers as packages, imports only downwards, no circles.

model → spatial → rules | io → services | report → cli (README, "Architecture"). The contracts are
in `.importlinter`; these tests hold the code to them and to the sizes and single implementations
that keep it readable.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "laoxiao_check"
LAYERS = ("model", "spatial", "io", "rules", "services", "report", "cli", "web")
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 120


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_contracts_are_kept() -> None:
    """`lint-imports` (import-linter) with `.importlinter`: every contract kept."""
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert "Contracts: 7 kept, 0 broken." in run.stdout, run.stdout[-3000:]
    assert run.returncode == 0


def test_no_import_cycles() -> None:
    """No circle of imports between modules, counting imports inside functions and under
    TYPE_CHECKING (Tarjan's strongly connected components over grimp's graph)."""
    graph = grimp.build_graph("laoxiao_check", include_external_packages=False)
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_top_level_holds_only_the_layers() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == []
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(LAYERS)


def test_modules_and_functions_are_short() -> None:
    long_modules = {}
    long_functions = {}
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            long_modules[str(path.relative_to(ROOT))] = lines
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions[f"{path.relative_to(ROOT)}:{node.name}"] = length
    assert long_modules == {}
    assert long_functions == {}


def test_each_rate_is_read_in_its_rule_kind_only() -> None:
    """The parameters that hold a rule's rate are read by the rule kind's module; every other
    place asks it (RuleKind.rate), so places per 1,000 and m² per 100 households are computed once."""
    pattern = re.compile(r"rate_places_per_1000|rate_m2_per_100_households")
    readers = sorted(
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if pattern.search(p.read_text(encoding="utf-8")) and p.parent.name != "kinds"
    )
    assert readers == []


@pytest.mark.parametrize(
    ("sample", "also"),
    [("quanzhou_new_estate.xlsx", set()), ("yuxi_new_estate.geojson", {"openpyxl", "pandas", "PIL"})],
)
def test_a_cold_check_loads_only_what_its_inputs_need(sample: str, also: set[str]) -> None:
    """A check of a project without a network or city facilities loads no GIS table, graph,
    solver or cluster library: they load with the inputs that need them (a GeoJSON project, no
    spreadsheet library either)."""
    code = (
        "import sys\n"
        "from laoxiao_check.cli.main import run\n"
        f"code = run(['check', {str(ROOT / 'sample_projects' / sample)!r}, '--rules', 'quanzhou', "
        "'--format', 'json'])\n"
        "heavy = {'geopandas', 'pyogrio', 'scipy', 'networkx', 'distributed', 'pyrosm', 'dask'}\n"
        f"heavy |= set({sorted(also)!r})\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}), code)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, code = run.stdout.strip().splitlines()[-1].rsplit(" ", 1)
    assert loaded == "[]"
    assert code in ("0", "1")


def test_paths_that_name_files_still_resolve() -> None:
    from laoxiao_check.io import network_cache
    from laoxiao_check.rules.profiles import bundled_rules_dir
    from laoxiao_check.services.runners import PACKAGE_PARENT

    for name in network_cache._CODE_FILES:
        assert (PACKAGE / name).is_file(), name
    assert (bundled_rules_dir() / "quanzhou.yaml").is_file()
    assert (PACKAGE_PARENT / "laoxiao_check" / "__init__.py").is_file()


def test_each_named_equivalent_mutant_is_a_line_of_the_code_with_a_reason() -> None:
    """tests/mutation_equivalents.yaml stays reproducible: each entry's line is in its file as
    written, the change differs from it, and a reason is given."""
    import yaml

    entries = yaml.safe_load((ROOT / "tests" / "mutation_equivalents.yaml").read_text(encoding="utf-8"))
    assert entries, "the list is read"
    for entry in entries:
        assert set(entry) == {"file", "before", "after", "why"} and entry["why"].strip(), entry
        lines = {line.strip() for line in (ROOT / entry["file"]).read_text(encoding="utf-8").splitlines()}
        assert entry["before"] in lines, entry["before"]
        assert entry["after"] != entry["before"]
