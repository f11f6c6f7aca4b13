"""Resource plugins shipped with heatlite, one module per plugin family.

``builtin_types`` is the ``heatlite.resources`` entry point named
``builtin`` (see setup.cfg); the registry loads it like any other.
"""

from __future__ import annotations

from heatlite.engine import resource
from heatlite.engine.resources import none
from heatlite.engine.resources import random_string
from heatlite.engine.resources import test_resource
from heatlite.engine.resources import value

_MODULES = (none, random_string, test_resource, value)


def builtin_types() -> dict[str, type[resource.Resource]]:
    """Every built-in resource type name and its plugin class."""
    types: dict[str, type[resource.Resource]] = {}
    for module in _MODULES:
        types.update(module.resource_mapping())
    return types
