"""Resource plugins shipped with heatlite, one module per plugin family.

With the type registry (registry.py) that maps type names to plugins. May
import the plugin contract, the template language and the software room.

``builtin_types`` is the ``heatlite.resources`` entry point named
``builtin`` (see setup.cfg); the registry loads it like any other.
"""

from __future__ import annotations

from heatlite.engine import resource
from heatlite.engine.resources import autoscaling
from heatlite.engine.resources import delay
from heatlite.engine.resources import deployed_server
from heatlite.engine.resources import deployment_group
from heatlite.engine.resources import nested_stack
from heatlite.engine.resources import none
from heatlite.engine.resources import random_string
from heatlite.engine.resources import resource_chain
from heatlite.engine.resources import resource_group
from heatlite.engine.resources import scaling_policy
from heatlite.engine.resources import software_config
from heatlite.engine.resources import software_deployment
from heatlite.engine.resources import test_resource
from heatlite.engine.resources import value
from heatlite.engine.resources import wait_condition
from heatlite.engine.resources import wait_condition_handle

_MODULES = (delay, none, random_string, test_resource, value, wait_condition,
            wait_condition_handle, nested_stack, resource_group, resource_chain,
            autoscaling, scaling_policy,
            software_config, software_deployment, deployed_server,
            deployment_group)


def builtin_types() -> dict[str, type[resource.Resource]]:
    """Every built-in resource type name and its plugin class."""
    types: dict[str, type[resource.Resource]] = {}
    for module in _MODULES:
        types.update(module.resource_mapping())
    return types
