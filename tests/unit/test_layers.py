"""The layer rule and the no-cycle rule, checked on the real source tree.

cmd -> api | engine -> rpc | db -> common | policies. A module may import
its own layer or lower ones only; api and engine never import each other;
and module-level imports form no cycle.

Inside the engine the same rule holds between its rooms: ENGINE_ROOMS lists
them bottom first, and a room may import its own modules or a room listed
before it. "contract" is the modules directly in heatlite.engine.
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

ENGINE_ROOMS = ("contract", "template", "software", "resources", "stack",
                "walk", "nested", "rpc")


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


def _engine_room(module: str) -> str | None:
    """The engine room of a module; None outside heatlite.engine."""
    parts = module.split(".")
    if parts[:2] != ["heatlite", "engine"]:
        return None
    if len(parts) > 3 or (len(parts) == 3 and parts[2] in ENGINE_ROOMS):
        return parts[2]
    return "contract"


def _room_violations(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, imports in graph.items():
        room = _engine_room(module)
        if room is None:
            continue
        if room not in ENGINE_ROOMS:
            bad.append("%s: undeclared engine room %s" % (module, room))
            continue
        for imp in imports:
            target = _engine_room(imp)
            if target is not None and target != room and (
                    target not in ENGINE_ROOMS
                    or ENGINE_ROOMS.index(target) > ENGINE_ROOMS.index(room)):
                bad.append("%s -> %s" % (module, imp))
    return bad


def test_engine_rooms_import_downward_only() -> None:
    assert _room_violations(_graph()) == []


def test_checker_sees_an_upward_room_import() -> None:
    graph = {
        "heatlite.engine.template.parameters": {"heatlite.engine.walk.create"},
        "heatlite.engine.resource": {"heatlite.engine.resources.registry"},
        "heatlite.engine.walk.create": {"heatlite.engine.resource",
                                        "heatlite.engine.stack.definition"},
        "heatlite.engine.attic.old": set(),
    }
    assert sorted(_room_violations(graph)) == [
        "heatlite.engine.attic.old: undeclared engine room attic",
        "heatlite.engine.resource -> heatlite.engine.resources.registry",
        "heatlite.engine.template.parameters -> heatlite.engine.walk.create",
    ]


def test_plugin_base_registry_and_function_base_sit_low() -> None:
    # Everything that uses them is above them, so they may not move up.
    assert _engine_room("heatlite.engine.resource") == "contract"
    assert _engine_room("heatlite.engine.function") == "contract"
    assert ENGINE_ROOMS.index(_engine_room("heatlite.engine.resources.registry")) < \
        ENGINE_ROOMS.index("stack")


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
