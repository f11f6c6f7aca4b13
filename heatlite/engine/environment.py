"""The stack environment, as far as heatlite understands it today.

Understood: ``parameters`` and ``parameter_defaults``. Accepted when empty:
``resource_registry``, ``event_sinks``, ``encrypted_param_names``,
``parameter_merge_strategies``; any content there is refused with a clear
501 until the engine implements it. Unknown sections are the client's error.
The stored form is Heat's (what GET .../environment shows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception

SECTIONS = (PARAMETERS, PARAMETER_DEFAULTS, RESOURCE_REGISTRY, EVENT_SINKS,
            ENCRYPTED_PARAM_NAMES, PARAMETER_MERGE_STRATEGIES) = (
    "parameters", "parameter_defaults", "resource_registry", "event_sinks",
    "encrypted_param_names", "parameter_merge_strategies")
_NOT_YET = (RESOURCE_REGISTRY, EVENT_SINKS, ENCRYPTED_PARAM_NAMES,
            PARAMETER_MERGE_STRATEGIES)


def _registry_is_empty(value: Any) -> bool:
    return not value or value == {"resources": {}}


class Environment:
    """Parameters and parameter defaults given with a stack."""

    def __init__(self, env: Mapping[str, Any] | None) -> None:
        env = env or {}
        if not isinstance(env, Mapping):
            raise exception.BadRequest(message="The environment is not a JSON object.")
        for section, value in env.items():
            if section not in SECTIONS:
                raise exception.BadRequest(
                    message='environment has wrong section "%s"' % section)
            empty = _registry_is_empty(value) if section == RESOURCE_REGISTRY else not value
            if section in _NOT_YET and not empty:
                raise exception.NotImplementedYet(
                    feature='The environment section "%s"' % section)
        for section in (PARAMETERS, PARAMETER_DEFAULTS):
            if not isinstance(env.get(section) or {}, Mapping):
                raise exception.BadRequest(
                    message='The environment section "%s" must be a map' % section)
        self.params: dict[str, Any] = dict(env.get(PARAMETERS) or {})
        self.param_defaults: dict[str, Any] = dict(env.get(PARAMETER_DEFAULTS) or {})

    def as_dict(self) -> dict[str, Any]:
        """Heat's stored/shown form of the environment."""
        return {"resource_registry": {"resources": {}},
                "parameters": dict(self.params),
                "parameter_defaults": dict(self.param_defaults),
                "event_sinks": [],
                "encrypted_param_names": []}
