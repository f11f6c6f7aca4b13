"""The ``oslo.policy.enforcer`` entry point: an enforcer for oslo.policy's
command-line tools (oslopolicy-policy-generator, -list-redundant,
-validator), with heatlite's defaults and its configured policy file.

The tools parse their own arguments into ``cfg.CONF`` before they call
this, so a ``--config-file`` given to them names heatlite's heat.conf.
Without one, heat.conf is looked for where the daemons look for it.
It lives in common, not in heatlite.policies, which imports nothing of
heatlite's.
"""

from __future__ import annotations

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from heatlite.common import policy
from heatlite.policies import list_rules

PROJECT = "heatlite"
CONFIG_FILE_NAME = "heat"


def _read_default_config(conf: cfg.ConfigOpts) -> None:
    """Parse heat.conf from the daemons' search path when no file was given."""
    if conf.config_file:
        return
    conf([], project=PROJECT,
         default_config_files=cfg.find_config_files(project=PROJECT,
                                                     prog=CONFIG_FILE_NAME))


def get_enforcer() -> oslo_policy.Enforcer:
    """An oslo.policy Enforcer on ``cfg.CONF`` holding heatlite's rules."""
    conf = cfg.CONF
    _read_default_config(conf)
    enforcer = oslo_policy.Enforcer(conf, default_rule=policy.DEFAULT_RULE)
    enforcer.register_defaults(list_rules())
    return enforcer
