"""Authorisation without gaps: every public function of ``lakip.services`` either takes the
acting user and checks a permission with it, or stands on ``PUBLIC_ON_PURPOSE`` with its
reason; and every function that checks is exercised by the role × action table.

The check reads the source (``ast``), so a new use case that forgets its ``require`` fails
here before any user can reach it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType, ModuleType

import lakip.services
from lakip.services.access import PUBLIC_ON_PURPOSE

# The permission checks a use case may call, with the acting user as an argument.
CHECKS = frozenset({"require", "require_unit", "require_self_or"})
TABLE = Path(__file__).with_name("test_permissions.py")


def _modules() -> Iterator[ModuleType]:
    for info in pkgutil.iter_modules(lakip.services.__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"lakip.services.{info.name}")


def public_functions() -> dict[str, FunctionType]:
    """``module.function`` → function, for every public function defined in lakip.services."""
    found: dict[str, FunctionType] = {}
    for module in _modules():
        names = getattr(module, "__all__", None) or [
            n for n in vars(module) if not n.startswith("_")
        ]
        for name in names:
            if module.__name__.endswith(".access") and name in CHECKS:
                continue  # the permission checks themselves
            obj = getattr(module, name)
            if isinstance(obj, FunctionType) and obj.__module__ == module.__name__:
                found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = obj
    return found


def _calls_check_with_aktor(node: ast.AST, module_tree: ast.Module, depth: int = 0) -> bool:
    """True when ``node`` calls a permission check passing ``aktor``, directly or through
    another function of the same module that does (one level)."""
    helpers = {f.name: f for f in module_tree.body if isinstance(f, ast.FunctionDef)}
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
        passes_aktor = any(isinstance(a, ast.Name) and a.id == "aktor" for a in call.args) or any(
            isinstance(k.value, ast.Name) and k.value.id == "aktor" for k in call.keywords
        )
        if name in CHECKS and passes_aktor:
            return True
        if (
            depth == 0
            and name in helpers
            and passes_aktor
            and _calls_check_with_aktor(helpers[name], module_tree, depth + 1)
        ):
            return True
    return False


def checks_permission(fn: FunctionType) -> bool:
    """The function takes ``aktor`` and calls a permission check with it."""
    if "aktor" not in inspect.signature(fn).parameters:
        return False
    module_tree = ast.parse(Path(inspect.getfile(fn)).read_text())
    node = next(
        n for n in ast.walk(module_tree) if isinstance(n, ast.FunctionDef) and n.name == fn.__name__
    )
    return _calls_check_with_aktor(node, module_tree)


def test_every_public_service_function_checks_a_permission_or_says_why_not() -> None:
    functions = public_functions()
    assert len(functions) > 30  # the walk found the services
    unguarded = [
        name
        for name, fn in functions.items()
        if name not in PUBLIC_ON_PURPOSE and not checks_permission(fn)
    ]
    assert unguarded == [], f"no permission check and not on PUBLIC_ON_PURPOSE: {unguarded}"


def test_the_public_list_names_real_functions_each_with_a_reason() -> None:
    functions = public_functions()
    assert set(PUBLIC_ON_PURPOSE) <= set(functions), set(PUBLIC_ON_PURPOSE) - set(functions)
    for name, reason in PUBLIC_ON_PURPOSE.items():
        assert len(reason.split()) >= 4, f"{name}: give the reason in a sentence"
        assert not checks_permission(functions[name]), f"{name} checks a permission: drop it"


def test_every_checked_function_is_exercised_by_the_role_table() -> None:
    table = TABLE.read_text()
    checked = [name for name, fn in public_functions().items() if name not in PUBLIC_ON_PURPOSE]
    missing = [name for name in checked if f"{name}(" not in table]
    assert missing == [], f"not in the role × action table of {TABLE.name}: {missing}"
