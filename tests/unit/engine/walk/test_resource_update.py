"""Updating one resource: metadata merging for plugins that write their own keys."""

from __future__ import annotations

import types
from typing import Any

import pytest

from heatlite.db import resource_metadata
from heatlite.db import resources
from heatlite.db import stacks
from heatlite.engine import properties
from heatlite.engine import resource as resource_mod
from heatlite.engine.resources.deployed_server import DeployedServer
from heatlite.engine.resources.stack_resource import StackResource
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.walk import resource_update
from heatlite.engine.walk.resource_action import ResourceRecord
from tests.unit.engine.conftest import hot, wait_idle


class Owner(resource_mod.Resource):
    OWN_METADATA_KEYS = frozenset({"own", "listed"})


def test_merged_metadata_keeps_the_plugins_keys():
    stored = {"a": 1, "own": {"x": 1, "y": 2}, "listed": [1, 2], "gone": True}
    template = {"a": 2, "own": {"y": 3}, "listed": ["from-template"]}
    assert resource_update.merged_metadata(Owner, stored, template) == {
        "a": 2, "own": {"x": 1, "y": 3}, "listed": [1, 2]}
    # Keys the plugin never wrote come from the template alone.
    assert resource_update.merged_metadata(Owner, {}, {"own": 1}) == {"own": 1}
    # Other plugins: the template's metadata, nothing kept.
    assert resource_update.merged_metadata(resource_mod.Resource, stored, {"a": 2}) == {"a": 2}


@pytest.fixture(autouse=True)
def urls(conf, tmp_path):
    conf.set_override("state_path", str(tmp_path))
    conf.set_override("bind_host", "127.0.0.1", group="heat_api")


def server_template(metadata: dict[str, Any] | None = None, name: str = "s1") -> dict:
    server: dict[str, Any] = {"type": "OS::Heat::DeployedServer", "properties": {"name": name}}
    if metadata is not None:
        server["metadata"] = metadata
    return hot({"server": server})


def update(service, ctxt, ident, template):
    StackUpdateService(service).update_stack(ctxt, ident, template, {}, None, {})
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    assert row.status == "COMPLETE", row.status_reason
    return resources.get_by_name(ident["stack_id"], "server")


def test_deployed_server_update_keeps_deployments_and_collect_config(service, ctxt):
    assert {"deployments", "os-collect-config"} <= DeployedServer.OWN_METADATA_KEYS
    ident = service.create_stack(ctxt, "ds", server_template({"role": "web"}), {}, None, None)
    wait_idle(service, ident["stack_id"])
    row = resources.get_by_name(ident["stack_id"], "server")
    occ = row.rsrc_metadata["os-collect-config"]
    deployed = [{"id": "d-1", "group": "script"}]
    # What a deployment to the server pushes into its metadata.
    resource_metadata.merge(row.uuid, lambda md: dict(md, deployments=deployed))

    # Unchanged template: nothing to update (the server's own keys do not count).
    row = update(service, ctxt, ident, server_template({"role": "web"}))
    assert row.action == "CREATE"

    # New template metadata and a new name: updated in place, own keys kept.
    row = update(service, ctxt, ident, server_template({"role": "db"}, name="s2"))
    assert row.action == "UPDATE"
    assert row.rsrc_metadata == {"role": "db", "deployments": deployed,
                                 "os-collect-config": occ}


def _decide(plugin, before, after, physical_id="phys"):
    rec = ResourceRecord(id=1, uuid="u", name="r", type="T", action="CREATE",
                         status="COMPLETE", physical_resource_id=physical_id,
                         properties_data=before, stored_metadata={})
    defn = types.SimpleNamespace(plugin=plugin, type_name="T")
    return resource_update.decide(defn, rec, after, {})


class Nested(StackResource):
    PROPERTIES = {"one": properties.Schema(properties.STRING, update_allowed=True)}


class Plain(resource_mod.Resource):
    PROPERTIES = {"one": properties.Schema(properties.STRING)}


def test_a_nested_stack_resource_is_updated_even_unchanged():
    # Its nested stack may have changed (a provider template's content).
    assert _decide(Nested, {"one": "a"}, {"one": "a"})[0] is resource_update.Outcome.UPDATED
    assert _decide(Plain, {"one": "a"}, {"one": "a"})[0] is resource_update.Outcome.UNCHANGED


def test_properties_the_new_schema_lacks_do_not_count():
    # A provider template that dropped a parameter: not a replacement.
    outcome, changed = _decide(Plain, {"one": "a", "two": "b"}, {"one": "a"})
    assert (outcome, changed) == (resource_update.Outcome.UNCHANGED, frozenset())
    outcome, changed = _decide(Plain, {"one": "a"}, {"one": "b"})
    assert (outcome, changed) == (resource_update.Outcome.REPLACE, {"one"})
