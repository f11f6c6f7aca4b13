"""Policy-in-code: Heat's API rules, one module per API collection.

``list_rules`` is the ``oslo.policy.policies`` entry point (policy sample
generation) and what the API hands to heatlite.common.policy.Enforcer.
"""

from __future__ import annotations

import itertools

from oslo_policy import policy

from heatlite.policies import actions
from heatlite.policies import base
from heatlite.policies import build_info
from heatlite.policies import events
from heatlite.policies import resource
from heatlite.policies import resource_types
from heatlite.policies import service
from heatlite.policies import software_configs
from heatlite.policies import software_deployments
from heatlite.policies import stacks


def list_rules() -> list[policy.RuleDefault]:
    return list(itertools.chain(
        base.list_rules(),
        actions.list_rules(),
        build_info.list_rules(),
        events.list_rules(),
        resource.list_rules(),
        resource_types.list_rules(),
        service.list_rules(),
        software_configs.list_rules(),
        software_deployments.list_rules(),
        stacks.list_rules(),
    ))
