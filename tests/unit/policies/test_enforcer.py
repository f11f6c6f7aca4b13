"""oslo.policy's command-line tools find heatlite under both namespaces."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

BIN = os.path.dirname(sys.executable)
NAMESPACES = ["heat", "heatlite"]


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([os.path.join(BIN, name), *args], capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture
def config(tmp_path):
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(
        '"stacks:index": "role:heat_stack_owner"\n'
        '"stacks:create": "(role:member or role:admin) and project_id:%(project_id)s"\n')
    conf = tmp_path / "heat.conf"
    conf.write_text("[oslo_policy]\npolicy_file = %s\n" % policy_file)
    return conf


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_policy_generator_merges_the_file_over_the_defaults(config, tmp_path, namespace):
    out = tmp_path / "effective.yaml"
    result = _tool("oslopolicy-policy-generator", "--namespace", namespace,
                   "--config-file", str(config), "--output-file", str(out))
    assert result.returncode == 0, result.stderr
    rules = yaml.safe_load(out.read_text())
    assert rules["stacks:index"] == "role:heat_stack_owner"
    assert rules["stacks:show"].endswith("project_id:%(project_id)s")


def test_list_redundant_names_the_rule_equal_to_its_default(config):
    result = _tool("oslopolicy-list-redundant", "--namespace", "heat",
                   "--config-file", str(config))
    assert result.returncode == 0, result.stderr
    assert '"stacks:create"' in result.stdout
    assert "stacks:index" not in result.stdout


def test_validator_passes_a_good_file_and_fails_an_unknown_rule(config, tmp_path):
    assert _tool("oslopolicy-validator", "--namespace", "heat",
                 "--config-file", str(config)).returncode == 0
    (tmp_path / "policy.yaml").write_text('"stacks:nonsense": "!"\n')
    result = _tool("oslopolicy-validator", "--namespace", "heatlite",
                   "--config-file", str(config))
    assert result.returncode == 1
    assert "Unknown rule found in policy file: stacks:nonsense" in result.stdout


def test_checker_answers_for_a_token_against_the_effective_rules(config, tmp_path):
    effective = tmp_path / "effective.yaml"
    assert _tool("oslopolicy-policy-generator", "--namespace", "heat", "--config-file",
                 str(config), "--output-file", str(effective)).returncode == 0
    access = tmp_path / "access.json"
    access.write_text(json.dumps({"token": {
        "roles": [{"name": "reader"}], "project": {"id": "p1"},
        "user": {"id": "u1"}}}))
    target = tmp_path / "target.json"
    target.write_text(json.dumps({"project_id": "p1"}))
    result = _tool("oslopolicy-checker", "--policy", str(effective), "--access",
                   str(access), "--target", str(target), "--rule", "stacks:show")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "passed: stacks:show"
    result = _tool("oslopolicy-checker", "--policy", str(effective), "--access",
                   str(access), "--target", str(target), "--rule", "stacks:delete")
    assert result.stdout.strip() == "failed: stacks:delete"
