"""Breakpoints and restricted actions from the environment's resource_registry.

A user pauses a resource before (or after) an action with
``resource_registry: {resources: {<name or glob>: {hooks: pre-create}}}``
and forbids changes with ``restricted_actions: [update, replace]``. They are
read here from the RAW environment dict, so they work whatever else the
environment module understands: ``split_environment`` takes them out of the
environment handed to validation and ``merge_back`` puts them into the stored
one (what GET .../environment shows, and what later operations read).

A paused resource waits on a ``HookBoard``: the signal that clears the hook
(``{"unset_hook": "pre-create"}``) wakes it at once when it reaches the
engine running the operation; another engine's signal is seen through the
database on a slow re-check, so nothing depends on which engine got it.
"""

from __future__ import annotations

import copy
import fnmatch
import threading
from collections.abc import Callable, Mapping
from typing import Any

from heatlite.common import exception

HOOK_TYPES = (PRE_CREATE, PRE_UPDATE, PRE_DELETE, POST_CREATE, POST_UPDATE,
              POST_DELETE) = ("pre-create", "pre-update", "pre-delete", "post-create",
                              "post-update", "post-delete")
RESTRICTED_ACTIONS = (UPDATE, REPLACE) = ("update", "replace")
_KEYS = (HOOKS_KEY, RESTRICTED_KEY) = ("hooks", "restricted_actions")

# How often a paused resource re-reads its hook from the database, for a
# signal that another engine received (a local signal wakes it at once).
RECHECK_SECS = 1.0


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _entries(env: Mapping[str, Any] | None) -> dict[str, Any]:
    registry = (env or {}).get("resource_registry") or {}
    resources = registry.get("resources") if isinstance(registry, Mapping) else None
    return dict(resources) if isinstance(resources, Mapping) else {}


def validate(env: Mapping[str, Any] | None) -> None:
    """Heat's 400s for an unknown hook type or restricted action."""
    for entry in _entries(env).values():
        if not isinstance(entry, Mapping):
            continue
        for hook in _as_list(entry.get(HOOKS_KEY)):
            if hook not in HOOK_TYPES:
                raise exception.InvalidBreakPointHook(
                    message='Invalid hook type "%s" for resource breakpoint, acceptable '
                            'hook types are: %s' % (hook, HOOK_TYPES))
        for action in _as_list(entry.get(RESTRICTED_KEY)):
            if action not in RESTRICTED_ACTIONS:
                raise exception.InvalidRestrictedAction(
                    message='Invalid restricted_action type "%s" for resource, '
                            'acceptable restricted_action types are: %s'
                            % (action, RESTRICTED_ACTIONS))


def split_environment(env: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the environment without hooks/restricted_actions, the entries holding them)."""
    validate(env)
    out = copy.deepcopy(dict(env or {}))
    taken: dict[str, Any] = {}
    resources = _entries(out)
    for name, entry in list(resources.items()):
        if not isinstance(entry, Mapping) or not any(k in entry for k in _KEYS):
            continue
        taken[name] = {k: entry[k] for k in _KEYS if k in entry}
        rest = {k: v for k, v in entry.items() if k not in _KEYS}
        if rest:
            resources[name] = rest
        else:
            del resources[name]
    if taken:
        out["resource_registry"] = dict(out.get("resource_registry") or {},
                                        resources=resources)
    return out, taken


def merge_back(stored_env: Mapping[str, Any] | None,
               taken: Mapping[str, Any]) -> dict[str, Any]:
    """``stored_env`` with the hook entries put back into resource_registry."""
    out = copy.deepcopy(dict(stored_env or {}))
    if not taken:
        return out
    registry = dict(out.get("resource_registry") or {})
    resources = dict(registry.get("resources") or {})
    for name, entry in taken.items():
        current = resources.get(name)
        resources[name] = dict(current, **entry) if isinstance(current, Mapping) else dict(entry)
    registry["resources"] = resources
    out["resource_registry"] = registry
    return out


class Breakpoints:
    """Which hooks and restrictions apply to which resource name."""

    def __init__(self, env: Mapping[str, Any] | None) -> None:
        self._entries = {k: v for k, v in _entries(env).items() if isinstance(v, Mapping)}

    def _matching(self, name: str, key: str) -> set[str]:
        found: set[str] = set()
        for pattern, entry in self._entries.items():
            if fnmatch.fnmatchcase(name, pattern):
                found.update(_as_list(entry.get(key)))
        return found

    def hooks(self, name: str) -> set[str]:
        return self._matching(name, HOOKS_KEY)

    def restricted(self, name: str) -> set[str]:
        return self._matching(name, RESTRICTED_KEY)


def data_key(hook: str) -> str:
    """The resource data key that holds a set hook (Heat keeps it in data too)."""
    return hook


class HookBoard:
    """Wakes paused resources of this engine when their hook is cleared."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[tuple[int, str], threading.Event] = {}

    def _event(self, row_id: int, hook: str) -> threading.Event:
        with self._lock:
            return self._events.setdefault((row_id, hook), threading.Event())

    def notify(self, row_id: int, hook: str) -> None:
        """The hook of resource row ``row_id`` was cleared: wake its waiter."""
        with self._lock:
            event = self._events.get((row_id, hook))
        if event is not None:
            event.set()

    def wait(self, row_id: int, hook: str, still_set: Callable[[], bool],
             sleep: Callable[[float], None]) -> None:
        """Return once the hook is cleared; ``sleep(0)`` raises when cancelled."""
        event = self._event(row_id, hook)
        try:
            while still_set():
                sleep(0)
                event.wait(RECHECK_SECS)
        finally:
            with self._lock:
                self._events.pop((row_id, hook), None)
