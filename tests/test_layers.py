"""Imports point down the layer table of ARCHITECTURE.md.

bpmn <- engine <- broker <- tasklist <- gateway: the tasklist is a client of the broker and the
read model; the gateway composes a node (``baton run``) and mounts the tasklist on its HTTP port.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bpmn", "engine", "broker", "gateway", "tasklist")

# What each package may import of Baton's own packages.
ALLOWED = {
    "bpmn": set(),
    "engine": {"bpmn"},
    "broker": {"bpmn", "engine"},
    "tasklist": {"bpmn", "engine", "broker"},
    "gateway": {"bpmn", "engine", "broker", "tasklist"},
}


def _baton_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in PACKAGES)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_down(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules, f"package {package} has no modules"
    wrong = {
        str(module.relative_to(ROOT)): sorted(imported - ALLOWED[package] - {package})
        for module in modules
        if (imported := _baton_imports(module)) - ALLOWED[package] - {package}
    }
    assert wrong == {}


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import engine.x\nfrom broker import y\nfrom . import z\nimport os\n")
    assert _baton_imports(module) == {"engine", "broker"}
