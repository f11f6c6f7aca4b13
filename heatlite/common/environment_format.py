"""Environment text -> dict, with Heat's section checks and messages.

Malformed input raises ValueError with Heat's wording; the caller reports
it in its own frame (the API as "Environment not in valid format: ..." 400).
"""

from __future__ import annotations

from typing import Any

import yaml

from heatlite.common import document_bounds
from heatlite.common import template_format

SECTIONS = (
    PARAMETERS, RESOURCE_REGISTRY, PARAMETER_DEFAULTS,
    ENCRYPTED_PARAM_NAMES, EVENT_SINKS, PARAMETER_MERGE_STRATEGIES,
) = (
    "parameters", "resource_registry", "parameter_defaults",
    "encrypted_param_names", "event_sinks", "parameter_merge_strategies",
)

_LIST_SECTIONS = (ENCRYPTED_PARAM_NAMES, EVENT_SINKS)


def parse(env_str: str | bytes | None) -> dict[str, Any]:
    """An environment from YAML (or JSON) text; None is the empty one.

    The text is held to the template's budgets (size before and after
    alias expansion, aliases, depth), with "Environment" in the messages.
    """
    if env_str is None:
        return {}
    try:
        bounds = template_format.limits("Environment")
        document_bounds.check_text_size(env_str, bounds)
        env = template_format.load_yaml(env_str, bounds)
    except yaml.YAMLError as err:
        raise ValueError(str(err)) from err
    if env is None:
        env = {}
    if not isinstance(env, dict):
        raise ValueError("The environment is not a valid YAML mapping data type.")
    return validate(env)


def validate(env: dict[str, Any]) -> dict[str, Any]:
    """Every section must be known and non-empty; returns ``env``."""
    for section in env:
        if section not in SECTIONS:
            raise ValueError('environment has wrong section "%s"' % section)
        if env[section] is None:
            raise ValueError('environment has empty section "%s"' % section)
    return env


def default_for_missing(env: dict[str, Any]) -> dict[str, Any]:
    """Adds each missing section (but merge strategies) empty; returns ``env``."""
    for section in SECTIONS:
        if section not in env and section != PARAMETER_MERGE_STRATEGIES:
            env[section] = [] if section in _LIST_SECTIONS else {}
    return env
