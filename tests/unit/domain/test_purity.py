"""The domain package stays pure: standard library imports only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import lakip.domain

DOMAIN_DIR = Path(lakip.domain.__file__).parent


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_import_only_the_standard_library() -> None:
    modules = sorted(DOMAIN_DIR.glob("*.py"))
    assert modules
    for module in modules:
        foreign = _imported_roots(module) - set(sys.stdlib_module_names) - {"__future__"}
        assert not foreign, f"{module.name} imports {sorted(foreign)}"


def test_every_domain_module_uses_postponed_annotations() -> None:
    for module in DOMAIN_DIR.glob("*.py"):
        assert "from __future__ import annotations" in module.read_text(encoding="utf-8"), (
            module.name
        )


def test_public_names_are_exported() -> None:
    for name in lakip.domain.__all__:
        assert hasattr(lakip.domain, name), name
