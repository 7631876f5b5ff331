"""The house rules of docs/design.md, held against the code: who may import whom, where Prefect may appear, and how
large a module or a function may grow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tourism_grpo"
# Rooms from the bottom up: a module imports its own room and rooms below it, never one above (docs/design.md).
LAYERS = [
    {"params", "storage", "run_environment"},
    {"data_contracts"},
    {"data"},
    {"rewards"},
    {"training"},
    {"evaluation"},
    {"publishing"},
    {"experiments"},
    {"tasks"},
    {"flows"},
    {"deployments"},
    {"serve", "ephemeral_server"},
    {"cli"},
]
PREFECT_ROOMS = {"tasks", "flows", "serve", "ephemeral_server", "cli"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every project module `path` imports, at module level or inside a function ("from package import module"
    counts as the module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= submodules or {node.module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name in MODULES}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(room: str) -> int:
    return next(index for index, rooms in enumerate(LAYERS) if room in rooms)


def test_every_room_has_a_layer() -> None:
    rooms = {_room(module) for module in MODULES} - {""}
    assert rooms <= set().union(*LAYERS), f"rooms without a place in LAYERS: {sorted(rooms - set().union(*LAYERS))}"


@pytest.mark.parametrize("module", sorted(name for name in MODULES if _room(name)))
def test_no_module_imports_a_room_above_its_own(module: str) -> None:
    own = _layer(_room(module))
    upward = sorted(name for name in _imports(MODULES[module]) if _layer(_room(name)) > own)
    assert not upward, f"{module} imports {upward}, above its room"


def test_no_task_module_imports_another_task_module() -> None:
    for module, path in MODULES.items():
        if _room(module) == "tasks" and module != "tourism_grpo.tasks.step":
            others = {name for name in _imports(path) if _room(name) == "tasks"} - {"tourism_grpo.tasks.step"}
            assert not others, f"{module} imports {sorted(others)}: shared code belongs in a plain room"


def test_there_is_no_import_circle_between_modules() -> None:
    graph = {module: _imports(path) - {module} for module, path in MODULES.items()}
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            assert state.get(imported) != 1, f"import circle: {' -> '.join([*path, module, imported])}"
            if imported not in state:
                visit(imported, [*path, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_prefect_stays_in_the_rooms_that_orchestrate() -> None:
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module} | {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        if any(name == "prefect" or name.startswith("prefect.") for name in names):
            assert _room(module) in PREFECT_ROOMS, f"{module} imports Prefect; plain rooms are tested without it"


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{module}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{module}.{node.name}: {length} lines")
    assert not too_long, f"over {MAX_MODULE_LINES} lines a module or {MAX_FUNCTION_LINES} a function: {too_long}"


def test_the_command_line_and_the_flows_load_without_the_heavy_libraries() -> None:
    import subprocess
    import sys

    heavy = ("torch", "transformers", "trl", "peft", "datasets", "great_expectations", "pandas", "matplotlib")
    entry_points = "tourism_grpo.cli, tourism_grpo.flows.experiment, tourism_grpo.flows.retraining, tourism_grpo.serve"
    probe = f"import sys, {entry_points}; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert not loaded, f"importing the CLI and the flows loads {loaded}: import them inside the functions that use them"
