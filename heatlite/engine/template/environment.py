"""The stack environment: parameters, defaults, the resource registry...

Every section of Heat's environment is understood: ``parameters`` and
``parameter_defaults`` feed the parameters; ``resource_registry`` maps type
names to other types or to provider templates, globally or per resource
(``resources: {<name>: {<type>: <target>, hooks: ..., restricted_actions:
...}}``); ``event_sinks``, ``encrypted_param_names`` and
``parameter_merge_strategies`` are kept and stored. Hooks and restricted
actions are read by the operations that honour them; here they are only
checked for shape. Several environments merge in order (``merge``), with
Heat's parameter merge strategies. The stored form is Heat's (what GET
.../environment shows).
"""

from __future__ import annotations

import copy
import fnmatch
import json
from collections.abc import Iterable, Mapping
from typing import Any

from heatlite.common import exception

SECTIONS = (PARAMETERS, PARAMETER_DEFAULTS, RESOURCE_REGISTRY, EVENT_SINKS,
            ENCRYPTED_PARAM_NAMES, PARAMETER_MERGE_STRATEGIES) = (
    "parameters", "parameter_defaults", "resource_registry", "event_sinks",
    "encrypted_param_names", "parameter_merge_strategies")
MAP_SECTIONS = (PARAMETERS, PARAMETER_DEFAULTS, RESOURCE_REGISTRY, PARAMETER_MERGE_STRATEGIES)
LIST_SECTIONS = (EVENT_SINKS, ENCRYPTED_PARAM_NAMES)
RESOURCES_KEY = "resources"
HOOK_KEYS = ("hooks", "restricted_actions")
MERGE_STRATEGIES = (OVERWRITE, MERGE, DEEP_MERGE) = ("overwrite", "merge", "deep_merge")
TEMPLATE_SUFFIXES = (".yaml", ".template", ".yml", ".json")


def is_template_name(name: Any) -> bool:
    """Whether a type or registry target names a provider template."""
    return isinstance(name, str) and (name.endswith(TEMPLATE_SUFFIXES) or "://" in name)


def _bad(message: str) -> exception.BadRequest:
    return exception.BadRequest(message=message)


def check_sections(env: Mapping[str, Any]) -> None:
    """400 unless every section is known and, when not empty, has its shape.

    Checked on each environment before any merge: merging a list section
    into a map one (or back) has no meaning.
    """
    for section, value in env.items():
        if section not in SECTIONS:
            raise _bad('environment has wrong section "%s"' % section)
        if not value:
            continue
        if section in MAP_SECTIONS and not isinstance(value, Mapping):
            raise _bad('The environment section "%s" must be a map' % section)
        if section in LIST_SECTIONS and not isinstance(value, list):
            raise _bad('The environment section "%s" must be a list' % section)


def _check_registry(registry: Any) -> dict[str, Any]:
    if not registry:
        return {RESOURCES_KEY: {}}
    if not isinstance(registry, Mapping):
        raise _bad('The environment section "%s" must be a map' % RESOURCE_REGISTRY)
    out: dict[str, Any] = {}
    for key, value in registry.items():
        if key == RESOURCES_KEY:
            out[RESOURCES_KEY] = _check_resource_entries(value)
        elif key == "base_url":
            out[key] = value
        elif value is None or isinstance(value, str):
            out[key] = value
        else:
            raise _bad("Invalid resource_registry entry %s: the target must be a string"
                       % key)
    out.setdefault(RESOURCES_KEY, {})
    return out


def _check_resource_entries(entries: Any) -> dict[str, Any]:
    if not entries:
        return {}
    if not isinstance(entries, Mapping):
        raise _bad('"resources" in the resource_registry must be a map')
    out: dict[str, Any] = {}
    for name, entry in entries.items():
        if not isinstance(entry, Mapping):
            raise _bad('The resource_registry entry for resource "%s" must be a map' % name)
        for key, value in entry.items():
            if key in HOOK_KEYS:
                continue
            if not (value is None or isinstance(value, str)):
                raise _bad("Invalid resource_registry entry %s.%s: the target must be a "
                           "string" % (name, key))
        out[str(name)] = dict(entry)
    return out


class Environment:
    """One stack's environment, checked and ready for lookups."""

    def __init__(self, env: Mapping[str, Any] | None) -> None:
        env = env or {}
        if not isinstance(env, Mapping):
            raise _bad("The environment is not a JSON object.")
        check_sections(env)
        self.params: dict[str, Any] = dict(env.get(PARAMETERS) or {})
        self.param_defaults: dict[str, Any] = dict(env.get(PARAMETER_DEFAULTS) or {})
        self.registry: dict[str, Any] = _check_registry(env.get(RESOURCE_REGISTRY))
        self.event_sinks: list[Any] = list(env.get(EVENT_SINKS) or [])
        self.encrypted_param_names: list[Any] = list(env.get(ENCRYPTED_PARAM_NAMES) or [])
        self.merge_strategies: dict[str, Any] = dict(env.get(PARAMETER_MERGE_STRATEGIES)
                                                     or {})

    # -- the resource registry ------------------------------------------------

    def registry_target(self, type_name: str, resource_name: str | None = None) -> str | None:
        """What the registry maps ``type_name`` to (one step), or None.

        A per-resource entry wins over a global one; an exact name wins over
        a ``*`` pattern, whose star is replaced in the target as Heat does.
        """
        targets = self.registry_targets(type_name, resource_name)
        return targets[0] if targets else None

    def registry_targets(self, type_name: str, resource_name: str | None = None) -> list[str]:
        """Every entry mapping ``type_name`` (one step), the winning one first.

        The later ones are what the type would be without the first: a
        provider template's facade.
        """
        out = []
        if resource_name is not None:
            for pattern, entry in self.registry.get(RESOURCES_KEY, {}).items():
                if fnmatch.fnmatchcase(resource_name, pattern):
                    target = entry.get(type_name)
                    if isinstance(target, str) and target != type_name:
                        out.append(target)
        exact = self.registry.get(type_name)
        if isinstance(exact, str) and exact != type_name:
            out.append(exact)
        for pattern, target in self.registry.items():
            if (pattern.endswith("*") and isinstance(target, str)
                    and type_name.startswith(pattern[:-1]) and target.endswith("*")):
                out.append(target[:-1] + type_name[len(pattern) - 1:])
        return out

    def resource_hooks(self, resource_name: str) -> dict[str, Any]:
        """``hooks`` and ``restricted_actions`` of the first matching entry."""
        for pattern, entry in self.registry.get(RESOURCES_KEY, {}).items():
            if fnmatch.fnmatchcase(resource_name, pattern):
                return {k: entry[k] for k in HOOK_KEYS if k in entry}
        return {}

    # -- documents -------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """Heat's stored/shown form of the environment."""
        out = self.user_dict()
        out[ENCRYPTED_PARAM_NAMES] = list(self.encrypted_param_names)
        if self.merge_strategies:
            out[PARAMETER_MERGE_STRATEGIES] = dict(self.merge_strategies)
        return out

    def user_dict(self) -> dict[str, Any]:
        """The form POST /validate shows (Heat's user_env_as_dict)."""
        return {RESOURCE_REGISTRY: copy.deepcopy(self.registry),
                PARAMETERS: dict(self.params),
                PARAMETER_DEFAULTS: dict(self.param_defaults),
                EVENT_SINKS: list(self.event_sinks)}


# -- merging several environments (environment_files) ----------------------------

def _strategy(in_file: Mapping[str, Any], key: str, chosen: Mapping[str, str]) -> str:
    default = in_file.get("default", OVERWRITE)
    strategy = in_file.get(key, chosen.get(key, default))
    return strategy if strategy in MERGE_STRATEGIES else default


def _merge_list(old: Any, new: Any) -> Any:
    if not old:
        return new
    if isinstance(new, list):
        return list(old if isinstance(old, list) else str(old).split(",")) + new
    return ",".join([",".join(old) if isinstance(old, list) else str(old), str(new)])


def merge_maps(old: Any, new: Mapping[str, Any], deep: bool = False) -> Any:
    """``new`` over ``old``; deeply, lists and strings are concatenated.

    A value of another shape than the one it meets (a map over a list, a
    list over a map...) replaces it.
    """
    if not old or not isinstance(old, Mapping):
        return copy.deepcopy(dict(new))
    out = dict(old)
    for key, value in new.items():
        if value is None:
            continue
        if not deep:
            out[key] = value
        elif isinstance(value, Mapping):
            out[key] = merge_maps(out.get(key), value, True) if out.get(key) else value
        elif isinstance(value, list):
            before = out.get(key)
            out[key] = before + value if isinstance(before, list) else value
        elif isinstance(value, str) and isinstance(out.get(key, ""), str):
            out[key] = out.get(key, "") + value
        else:
            out[key] = value
    return out


def _json_map(key: str, value: Any) -> Mapping[str, Any]:
    """A json parameter's value (a map, or JSON text of one) to merge."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value else {}
        except ValueError as exc:
            raise _bad("Invalid parameter in environment %s." % exc) from None
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise exception.InvalidMergeStrategyForParam(strategy=MERGE, param=key)
    return value


def _merge_param(key: str, old: Any, new: Any, kind: str, deep: bool) -> Any:
    if kind == "json":
        return merge_maps(_json_map(key, old), _json_map(key, new), deep)
    if kind == "comma_delimited_list":
        return _merge_list(old, new)
    if kind == "string":
        return "%s%s" % (old or "", new)
    if kind == "number":
        try:
            return (old or 0) + new
        except TypeError:
            raise exception.InvalidMergeStrategyForParam(strategy=MERGE, param=key) from None
    raise exception.InvalidMergeStrategyForParam(strategy=MERGE, param=key)


def _merge_params(old: dict[str, Any], new: Mapping[str, Any], types: Mapping[str, str],
                  in_file: Mapping[str, Any], chosen: dict[str, str], filename: str) -> None:
    for key, value in new.items():
        if key not in types or value is None:
            continue
        strategy = _strategy(in_file, key, chosen)
        if key not in chosen:
            chosen[key] = strategy
        elif strategy != chosen[key]:
            raise exception.ConflictingMergeStrategyForParam(
                strategy=strategy, param=key, env_file=filename)
        if key not in old or strategy == OVERWRITE:
            old[key] = value
        else:
            old[key] = _merge_param(key, old[key], value, types[key], strategy == DEEP_MERGE)


def merge(base: Mapping[str, Any], envs: Iterable[tuple[str, Mapping[str, Any]]],
          param_types: Mapping[str, str]) -> dict[str, Any]:
    """``base`` with each named environment merged over it, in order.

    ``param_types`` maps each template parameter to its HOT type: only
    those are merged, with the file's parameter_merge_strategies.
    """
    check_sections(base)
    out: dict[str, Any] = copy.deepcopy(dict(base))
    chosen: dict[str, str] = {}
    for filename, env in envs:
        check_sections(env)
        env = dict(env)
        in_file = env.pop(PARAMETER_MERGE_STRATEGIES, None) or {}
        for section, value in env.items():
            if not value:
                continue
            if section in (PARAMETERS, PARAMETER_DEFAULTS):
                target = out.get(section) or {}
                out[section] = target
                _merge_params(target, value, param_types, in_file, chosen, filename)
            elif section in MAP_SECTIONS:
                out[section] = merge_maps(out.get(section), value)
            else:
                out[section] = list(out.get(section) or []) + value
    return out
