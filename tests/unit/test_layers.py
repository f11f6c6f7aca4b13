"""The layer rule and the no-cycle rule, checked on the real source tree.

cmd -> api | engine -> rpc | db -> common | policies. A module may import
its own layer or lower ones only; api and engine never import each other;
and module-level imports form no cycle.
"""

from __future__ import annotations

import ast
import pathlib

import heatlite

ROOT = pathlib.Path(heatlite.__file__).parent

ALLOWED = {
    "cmd": {"cmd", "api", "engine", "rpc", "db", "common", "policies", "version"},
    "api": {"api", "rpc", "common", "policies", "version"},
    "engine": {"engine", "rpc", "db", "common", "version"},
    "rpc": {"rpc", "common"},
    "db": {"db", "common"},
    "common": {"common", "policies"},
    "policies": {"policies"},
    "version": set(),
}


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(path: pathlib.Path) -> set[str]:
    """heatlite modules imported at module level (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Import):
                found.update(a.name for a in sub.names)
            elif isinstance(sub, ast.ImportFrom) and sub.module and not sub.level:
                found.add(sub.module)
                found.update("%s.%s" % (sub.module, a.name) for a in sub.names)
    return {name for name in found if name.split(".")[0] == "heatlite"}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {imp for imp in _top_level_imports(path) if imp in modules}
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "version"


def test_no_upward_imports() -> None:
    bad = []
    for module, imports in _graph().items():
        for imp in imports:
            if _layer(imp) not in ALLOWED[_layer(module)]:
                bad.append("%s -> %s" % (module, imp))
    assert bad == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package importing its own submodule is how packages work, not a cycle.
    for module, imports in graph.items():
        graph[module] = {i for i in imports if not i.startswith(module + ".")}
    assert _cycles(graph) == []


def test_checker_sees_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
