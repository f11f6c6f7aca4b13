"""stacks:* defaults: reader reads, member writes."""

from __future__ import annotations

from heatlite.policies import base
from heatlite.policies import stacks


def test_read_and_write_split():
    rules = {r.name: r.check_str for r in stacks.list_rules()}
    assert rules["stacks:index"] == base.PROJECT_READER
    assert rules["stacks:show"] == base.PROJECT_READER
    assert rules["stacks:create"] == base.PROJECT_MEMBER
    assert rules["stacks:delete"] == base.PROJECT_MEMBER
    assert rules["stacks:global_index"] == base.RULE_DENY_EVERYBODY
    assert rules["stacks:update_no_change"] == "rule:stacks:update_patch"
