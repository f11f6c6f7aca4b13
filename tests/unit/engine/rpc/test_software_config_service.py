"""SoftwareConfigService and the software_* engine modules behind it, on SQLite."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import resources
from heatlite.engine.rpc import endpoints
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.software_config_service import SoftwareConfigService
from heatlite.engine.software import software_config_io as swc_io
from heatlite.engine.software import software_deployments
from tests.unit.db import fixtures


@pytest.fixture
def svc(conf) -> SoftwareConfigService:
    return SoftwareConfigService(EngineService(conf, "host-1", "engine-1"))


def _create(svc, ctxt, name="cfg", **kwargs):
    args = dict(group="script", name=name, config="echo hi", inputs=None, outputs=None,
                options=None)
    args.update(kwargs)
    return svc.create_software_config(ctxt, **args)


def test_the_service_is_a_registered_endpoint():
    assert SoftwareConfigService in endpoints.endpoint_classes()
    assert SoftwareConfigService.target.version == endpoints.RPC_API_VERSION


# -- configs ---------------------------------------------------------------------

def test_create_fills_heats_defaults(svc, ctxt):
    doc = _create(svc, ctxt, inputs=[{"name": "foo"}, {"name": "n", "type": "Number",
                                                       "default": "5",
                                                       "replace_on_change": True}],
                  outputs=[{"name": "result", "error_output": "true"}])
    assert doc["inputs"] == [{"name": "foo", "type": "String"},
                             {"name": "n", "type": "Number", "default": 5,
                              "replace_on_change": True}]
    assert doc["outputs"] == [{"name": "result", "type": "String", "error_output": True}]
    assert doc["options"] == {}
    assert (doc["name"], doc["group"], doc["config"]) == ("cfg", "script", "echo hi")
    assert doc["creation_time"].endswith("Z")
    assert "project" not in doc
    assert svc.show_software_config(ctxt, doc["id"]) == doc


@pytest.mark.parametrize("inputs, message", [
    ("nope", "Software Config I/O Schema must be in a list"),
    ({"name": "a"}, "Software Config I/O Schema must be in a list"),
    (["a"], "Software Config I/O Schema must be a dict"),
    ([{"description": "x"}], "Property name not assigned"),
    ([{"name": "a", "bogus": 1}], "Unknown Property bogus"),
    ([{"name": "a", "type": "Map"}],
     'type: "Map" is not an allowed value ["String", "Number", "CommaDelimitedList", '
     '"Json", "Boolean"]'),
    ([{"name": "a", "type": "Number", "default": "abc"}], "default: "),
])
def test_bad_inputs_are_400(svc, ctxt, inputs, message):
    with pytest.raises(exception.StackValidationFailed) as caught:
        _create(svc, ctxt, inputs=inputs)
    assert caught.value.http_status == 400
    assert str(caught.value).startswith(message)


def test_empty_default_of_a_typed_input_is_kept(svc, ctxt):
    doc = _create(svc, ctxt, inputs=[{"name": "a", "type": "Number", "default": ""}])
    assert doc["inputs"] == [{"name": "a", "type": "Number", "default": ""}]


def test_name_must_fit_its_column(svc, ctxt):
    with pytest.raises(exception.Invalid, match='"name" should be no more than 255'):
        _create(svc, ctxt, name="x" * 256)
    with pytest.raises(exception.Invalid, match='"group" should be a string'):
        _create(svc, ctxt, group=["script"])


def test_config_limit_per_tenant(svc, ctxt, conf):
    conf.set_override("max_software_configs_per_tenant", 1)
    _create(svc, ctxt)
    with pytest.raises(exception.RequestLimitExceeded) as caught:
        _create(svc, ctxt)
    assert str(caught.value) == ("Request limit exceeded: You have reached the maximum "
                                 "software configs per tenant, 1. Please delete some "
                                 "configs.")
    admin = RequestContext(project_id="tenant-a", is_admin=True)
    _create(svc, admin)


def test_list_hides_bodies_and_shows_project_to_admins(svc, ctxt):
    first = _create(svc, ctxt, name="a")
    second = _create(svc, ctxt, name="b")
    other = _create(svc, RequestContext(project_id="tenant-b"), name="c")
    listed = svc.list_software_configs(ctxt)
    assert {d["id"] for d in listed} == {first["id"], second["id"]}
    assert set(listed[0]) == {"id", "name", "group", "creation_time"}
    admin = svc.list_software_configs(RequestContext(project_id="x", is_admin=True))
    assert {d["id"] for d in admin} == {first["id"], second["id"], other["id"]}
    assert {d["project"] for d in admin} == {"tenant-a", "tenant-b"}
    assert len(svc.list_software_configs(ctxt, limit="1")) == 1


def test_show_and_delete_of_another_tenants_config_are_404(svc, ctxt):
    doc = _create(svc, RequestContext(project_id="tenant-b"))
    for call in (svc.show_software_config, svc.delete_software_config):
        with pytest.raises(exception.NotFound) as caught:
            call(ctxt, doc["id"])
        assert caught.value.http_status == 404


def test_delete_config(svc, ctxt):
    doc = _create(svc, ctxt)
    svc.delete_software_config(ctxt, doc["id"])
    with pytest.raises(exception.NotFound):
        svc.show_software_config(ctxt, doc["id"])


# -- deployments -----------------------------------------------------------------

def _deploy(svc, ctxt, config_id, server_id="srv-1", **kwargs):
    args = dict(input_values=None, action=None, status=None, status_reason=None,
                stack_user_project_id=None)
    args.update(kwargs)
    return svc.create_software_deployment(ctxt, server_id=server_id, config_id=config_id,
                                          **args)


def test_create_deployment_as_heat_stores_it(svc, ctxt):
    config = _create(svc, ctxt)
    doc = _deploy(svc, ctxt, config["id"], action="ACTION0")
    assert doc["input_values"] == {}
    assert doc["output_values"] is None
    assert (doc["action"], doc["status"]) == ("ACTION0", None)
    # Heat stores the text of whatever reason it got, None included.
    assert doc["status_reason"] == "None"
    assert doc["config_id"] == config["id"]
    assert "updated_time" not in doc
    assert svc.show_software_deployment(ctxt, doc["id"]) == doc


def test_deployment_needs_a_config_and_a_server(svc, ctxt):
    with pytest.raises(exception.NotFound) as caught:
        _deploy(svc, ctxt, "nope")
    assert str(caught.value) == "Software config with id nope not found"
    for wrong in (2**64, ["x"], "c" * 37):
        with pytest.raises(exception.Invalid, match="config_id"):
            _deploy(svc, ctxt, wrong)
    config = _create(svc, ctxt)
    with pytest.raises(exception.Invalid, match="server_id"):
        _deploy(svc, ctxt, config["id"], server_id=None)
    with pytest.raises(exception.Invalid, match="stack_user_project_id"):
        _deploy(svc, ctxt, config["id"], stack_user_project_id="p" * 65)


def test_deployment_limit_per_tenant(svc, ctxt, conf):
    conf.set_override("max_software_deployments_per_tenant", 0)
    config = _create(svc, ctxt)
    with pytest.raises(exception.RequestLimitExceeded, match="software deployments"):
        _deploy(svc, ctxt, config["id"])


def test_deployed_config_cannot_be_deleted(svc, ctxt):
    config = _create(svc, ctxt)
    deployment = _deploy(svc, ctxt, config["id"])
    with pytest.raises(exception.InvalidRestrictedAction) as caught:
        svc.delete_software_config(ctxt, config["id"])
    assert caught.value.http_status == 409
    svc.delete_software_deployment(ctxt, deployment["id"])
    svc.delete_software_config(ctxt, config["id"])


def test_list_and_metadata(svc, ctxt):
    zed = _create(svc, ctxt, name="zed")
    alpha = _create(svc, ctxt, name="alpha")
    first = _deploy(svc, ctxt, zed["id"])
    second = _deploy(svc, ctxt, alpha["id"])
    _deploy(svc, ctxt, alpha["id"], server_id="srv-2")
    assert len(svc.list_software_deployments(ctxt)) == 3
    assert {d["id"] for d in svc.list_software_deployments(ctxt, "srv-1")} == {
        first["id"], second["id"]}
    metadata = svc.metadata_software_deployments(ctxt, "srv-1")
    assert [m["name"] for m in metadata] == ["alpha", "zed"]
    assert metadata[0] == svc.show_software_config(ctxt, alpha["id"])
    assert svc.metadata_software_deployments(ctxt, "srv-3") == []


def test_update_skips_empty_values_and_sets_updated_time(svc, ctxt):
    config = _create(svc, ctxt)
    doc = _deploy(svc, ctxt, config["id"], action="CREATE", status="IN_PROGRESS",
                  input_values={"a": 1})
    updated = svc.update_software_deployment(
        ctxt, doc["id"], config_id=None, input_values={}, output_values={"x": 1},
        action="", status="COMPLETE", status_reason="done",
        updated_at="2026-05-01T10:00:00Z")
    assert updated["input_values"] == {"a": 1}
    assert updated["action"] == "CREATE"
    assert (updated["status"], updated["status_reason"]) == ("COMPLETE", "done")
    assert updated["output_values"] == {"x": 1}
    assert updated["updated_time"] == "2026-05-01T10:00:00Z"


def test_update_to_another_config_rewrites_server_metadata(svc, ctxt):
    stack = fixtures.new_stack("s", tenant="tenant-a")
    [server] = resources.create_many([{"stack_id": stack.id, "name": "server",
                                       "physical_resource_id": "srv-1", "action": "CREATE"}])
    one = _create(svc, ctxt, name="one")
    two = _create(svc, ctxt, name="two")
    doc = _deploy(svc, ctxt, one["id"])
    assert [d["id"] for d in resources.get(server.id).rsrc_metadata["deployments"]] == [
        one["id"]]
    svc.update_software_deployment(ctxt, doc["id"], config_id=two["id"])
    assert [d["id"] for d in resources.get(server.id).rsrc_metadata["deployments"]] == [
        two["id"]]
    svc.delete_software_deployment(ctxt, doc["id"])
    assert resources.get(server.id).rsrc_metadata["deployments"] == []


def test_update_of_a_missing_deployment_is_404(svc, ctxt):
    with pytest.raises(exception.NotFound, match="Deployment with id nope not found"):
        svc.update_software_deployment(ctxt, "nope", status="COMPLETE")


def test_bad_updated_at_is_invalid(svc, ctxt):
    doc = _deploy(svc, ctxt, _create(svc, ctxt)["id"])
    with pytest.raises(exception.Invalid):
        svc.update_software_deployment(ctxt, doc["id"], updated_at="yesterday")


# -- signals ---------------------------------------------------------------------

def _in_progress(svc, ctxt, outputs=None):
    config = _create(svc, ctxt, outputs=outputs)
    return _deploy(svc, ctxt, config["id"], action="CREATE", status="IN_PROGRESS")


def test_signal_with_zero_status_completes(svc, ctxt):
    doc = _in_progress(svc, ctxt, outputs=[{"name": "result"}])
    reason = svc.signal_software_deployment(
        ctxt, doc["id"], {"deploy_stdout": "out", "deploy_status_code": 0,
                          "result": "42", "undeclared": "x"})
    assert reason == "deployment %s succeeded" % doc["id"]
    shown = svc.show_software_deployment(ctxt, doc["id"])
    assert (shown["status"], shown["status_reason"]) == ("COMPLETE", "Outputs received")
    assert shown["output_values"] == {"result": "42", "deploy_stdout": "out",
                                      "deploy_stderr": None, "deploy_status_code": 0}


def test_signal_with_non_zero_status_fails(svc, ctxt):
    doc = _in_progress(svc, ctxt)
    reason = svc.signal_software_deployment(ctxt, doc["id"], {"deploy_status_code": 3,
                                                              "deploy_stderr": "boom"})
    assert reason == "deployment %s failed (3)" % doc["id"]
    shown = svc.show_software_deployment(ctxt, doc["id"])
    assert shown["status"] == "FAILED"
    assert shown["status_reason"] == ("deploy_status_code : Deployment exited with non-zero "
                                      "status code: 3")


def test_signal_of_an_error_output_fails(svc, ctxt):
    doc = _in_progress(svc, ctxt, outputs=[{"name": "err", "error_output": True}])
    reason = svc.signal_software_deployment(ctxt, doc["id"], {"err": "bad thing"})
    assert reason == "deployment %s failed" % doc["id"]
    shown = svc.show_software_deployment(ctxt, doc["id"])
    assert (shown["status"], shown["status_reason"]) == ("FAILED", "err : bad thing")


def test_signal_is_ignored_unless_in_progress(svc, ctxt):
    doc = _deploy(svc, ctxt, _create(svc, ctxt)["id"], status="COMPLETE")
    assert svc.signal_software_deployment(ctxt, doc["id"], {"deploy_status_code": 1}) is None
    assert svc.show_software_deployment(ctxt, doc["id"])["status"] == "COMPLETE"


# -- helpers for the resource plugins -----------------------------------------------

def test_derive_inputs_merges_values_defaults_and_extras():
    declared = swc_io.inputs([{"name": "a", "default": "x"}, {"name": "b"}])
    derived = swc_io.derive_inputs(declared, {"b": "vb", "c": "vc"},
                                   [{"name": "deploy_server_id", "value": "srv",
                                     "description": "ID of the server being deployed to"}])
    assert derived == [
        {"name": "a", "type": "String", "default": "x", "value": "x"},
        {"name": "b", "type": "String", "value": "vb"},
        {"name": "c", "type": "String", "value": "vc"},
        {"name": "deploy_server_id", "type": "String", "value": "srv",
         "description": "ID of the server being deployed to"},
    ]
    assert swc_io.input_values(derived)["c"] == "vc"


# -- tenant crossing -------------------------------------------------------------

B = RequestContext(project_id="tenant-b", user_id="user-b", username="bob")


def test_another_projects_config_cannot_be_deployed_or_updated_to(svc, ctxt):
    """Heat 27: the config is looked up in the caller's project (404)."""
    theirs = _create(svc, ctxt, name="a-secret")
    with pytest.raises(exception.NotFound,
                       match="Software config with id %s not found" % theirs["id"]):
        _deploy(svc, B, theirs["id"], server_id="srv-b")
    mine = _deploy(svc, B, _create(svc, B)["id"], server_id="srv-b")
    with pytest.raises(exception.NotFound):
        svc.update_software_deployment(B, mine["id"], config_id=theirs["id"])
    assert svc.show_software_deployment(B, mine["id"])["config_id"] != theirs["id"]
    assert svc.metadata_software_deployments(B, "srv-b")[0]["name"] == "cfg"


def test_stack_user_project_may_only_be_the_callers_own(svc, ctxt):
    config = _create(svc, B)
    with pytest.raises(exception.Forbidden, match="stack_user_project_id"):
        _deploy(svc, B, config["id"], stack_user_project_id="tenant-a")
    assert svc.list_software_deployments(ctxt) == []
    own = _deploy(svc, B, config["id"], stack_user_project_id="tenant-b")
    assert own["id"] in [d["id"] for d in svc.list_software_deployments(B)]
    admin = RequestContext(project_id="admin", is_admin=True)
    by_admin = _deploy(svc, admin, config["id"], stack_user_project_id="tenant-a")
    assert [d["id"] for d in svc.list_software_deployments(ctxt)] == [by_admin["id"]]


def test_a_deployment_to_another_projects_server_id_never_reaches_it(svc, ctxt):
    stack_a = fixtures.new_stack("sa", tenant="tenant-a")
    stack_b = fixtures.new_stack("sb", tenant="tenant-b")
    server_a, server_b = resources.create_many([
        {"stack_id": stack_a.id, "name": "server", "physical_resource_id": "srv-1",
         "action": "CREATE", "rsrc_metadata": {"keep": "a"}},
        {"stack_id": stack_b.id, "name": "server", "physical_resource_id": "srv-1",
         "action": "CREATE"}])
    mine = _create(svc, ctxt, name="a-config")
    _deploy(svc, ctxt, mine["id"])
    theirs = _deploy(svc, B, _create(svc, B, name="b-config")["id"])
    assert [d["name"] for d in resources.get(server_a.id).rsrc_metadata["deployments"]] == [
        "a-config"]
    assert resources.get(server_a.id).rsrc_metadata["keep"] == "a"
    assert [d["name"] for d in resources.get(server_b.id).rsrc_metadata["deployments"]] == [
        "b-config"]
    svc.delete_software_deployment(B, theirs["id"])
    assert resources.get(server_b.id).rsrc_metadata["deployments"] == []
    assert len(resources.get(server_a.id).rsrc_metadata["deployments"]) == 1
    assert [m["name"] for m in software_deployments.metadata_for_server(ctxt, "srv-1")] == [
        "a-config"]


def test_empty_io_and_options_of_any_kind_mean_none(svc, ctxt):
    doc = _create(svc, ctxt, inputs={}, outputs="", options=[])
    assert (doc["inputs"], doc["outputs"], doc["options"]) == ([], [], {})
