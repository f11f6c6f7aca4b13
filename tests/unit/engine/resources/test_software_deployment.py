"""Software configs and deployments to a DeployedServer, through the engine."""

from urllib import parse

import pytest

from heatlite.common import exception
from heatlite.db import resources
from heatlite.engine.resources import software_deployment
from heatlite.engine.rpc.signal_service import SignalService
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.software import signals
from heatlite.engine.software import software_configs, software_deployments
from tests.unit.engine.conftest import hot, wait_idle

CONFIG = {"type": "OS::Heat::SoftwareConfig",
          "properties": {"group": "script", "config": "#!/bin/sh\necho $foo",
                         "inputs": [{"name": "foo"}, {"name": "bar", "default": "b"}],
                         "outputs": [{"name": "result"}]}}


def deploy_template(transport="CFN_SIGNAL", server_transport="POLL_TEMP_URL"):
    return hot({
        "server": {"type": "OS::Heat::DeployedServer",
                   "properties": {"software_config_transport": server_transport}},
        "config": CONFIG,
        "deploy": {"type": "OS::Heat::SoftwareDeployment",
                   "properties": {"server": {"get_resource": "server"},
                                  "config": {"get_resource": "config"},
                                  "input_values": {"foo": "hello"},
                                  "signal_transport": transport}}},
        outputs={"result": {"value": {"get_attr": ["deploy", "result"]}},
                 "stdout": {"value": {"get_attr": ["deploy", "deploy_stdout"]}},
                 "occ": {"value": {"get_attr": ["server", "os_collect_config"]}}})


@pytest.fixture(autouse=True)
def urls(conf, tmp_path):
    conf.set_override("state_path", str(tmp_path))
    conf.set_override("bind_host", "127.0.0.1", group="heat_api")


@pytest.fixture
def ops(service):
    return StackOpsService(service)


def waiting(service, ident, name="deploy"):
    op = service.threads.get(ident["stack_id"])
    for _ in range(500):
        row = resources.get_by_name(ident["stack_id"], name)
        if row is not None and signals.BOARD.waiting(row.uuid):
            return row
        if op is None or op.wait(0.02):
            break
    pytest.fail("the deployment never started waiting")


def server_metadata(ident):
    return resources.get_by_name(ident["stack_id"], "server").rsrc_metadata


def inputs_of(deployment):
    return {i["name"]: i.get("value") for i in deployment["inputs"]}


def signed(service, ctxt, url, details):
    parts = parse.urlsplit(url)
    path = parts.path.split("/v1/signal/", 1)[1].split("/")
    token = parse.parse_qs(parts.query)["token"][0]
    SignalService(service).signed_resource_signal(
        ctxt, path[0], path[2], path[3], path[5], token, details)


def outputs(service, ctxt, ident):
    doc = service.show_stack(ctxt, ident)[0]
    return doc, {o["output_key"]: o.get("output_value") for o in doc["outputs"]}


def test_deploy_signal_by_signed_url(service, ctxt):
    ident = service.create_stack(ctxt, "sd", deploy_template(), {"parameters": {}}, {}, {})
    waiting(service, ident)
    meta = server_metadata(ident)
    occ = meta["os-collect-config"]
    assert occ["collectors"] == ["request", "local"]
    metadata_url = occ["request"]["metadata_url"]
    assert "/v1/signal/tenant-a/stacks/sd/" in metadata_url
    [deployment] = meta["deployments"]
    assert deployment["group"] == "script" and deployment["config"].endswith("echo $foo")
    values = inputs_of(deployment)
    assert values["foo"] == "hello" and values["bar"] == "b"
    assert values["deploy_action"] == "CREATE" and values["deploy_signal_verb"] == "POST"
    assert values["deploy_stack_id"] == "sd/%s" % ident["stack_id"]
    assert values["deploy_resource_name"] == "deploy"
    signed(service, ctxt, values["deploy_signal_id"],
           {"deploy_stdout": "hello\n", "deploy_stderr": "", "deploy_status_code": 0,
            "result": "done"})
    wait_idle(service, ident["stack_id"])
    doc, out = outputs(service, ctxt, ident)
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    assert out["result"] == "done" and out["stdout"] == "hello\n"
    assert out["occ"]["request"]["metadata_url"] == metadata_url


def test_non_zero_status_fails_with_heats_reason(service, ops, ctxt):
    template = deploy_template(transport="HEAT_SIGNAL", server_transport="POLL_SERVER_HEAT")
    ident = service.create_stack(ctxt, "sdf", template, {"parameters": {}}, {}, {})
    waiting(service, ident)
    [deployment] = server_metadata(ident)["deployments"]
    values = inputs_of(deployment)
    assert values["deploy_signal_id"].endswith(
        "/v1/tenant-a/stacks/sdf/%s/resources/deploy/signal" % ident["stack_id"])
    assert server_metadata(ident)["os-collect-config"]["heat"]["resource_name"] == "server"
    ops.resource_signal(ctxt, ident, "deploy", {"deploy_status_code": 2,
                                                "deploy_stderr": "bad"})
    wait_idle(service, ident["stack_id"])
    res = service.describe_stack_resource(ctxt, ident, "deploy")
    assert res["resource_status"] == "FAILED"
    assert res["resource_status_reason"] == (
        "Error: resources.deploy: Deployment to server failed: deploy_status_code : "
        "Deployment exited with non-zero status code: 2")


def test_no_signal_completes_and_delete_cleans_up(service, ctxt):
    ident = service.create_stack(ctxt, "sdn", deploy_template(transport="NO_SIGNAL"),
                                 {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    doc, _ = outputs(service, ctxt, ident)
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    assert len(server_metadata(ident)["deployments"]) == 1
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"]) == ("DELETE", "COMPLETE")
    assert software_deployments.list_deployments(ctxt) == []
    assert software_configs.list_configs(ctxt) == []


def test_zaqar_is_refused_clearly(service, ctxt):
    with pytest.raises(exception.NotImplementedYet):
        service.create_stack(ctxt, "z", hot({"h": {
            "type": "OS::Heat::WaitConditionHandle",
            "properties": {"signal_transport": "ZAQAR_SIGNAL"}}}), {"parameters": {}}, {}, {})
    ident = service.create_stack(ctxt, "z", deploy_template(transport="ZAQAR_SIGNAL"),
                                 {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    res = service.describe_stack_resource(ctxt, ident, "deploy")
    assert res["resource_status_reason"] == (
        "NotImplementedYet: resources.deploy: ZAQAR_SIGNAL (a Zaqar queue) is not "
        "implemented in heatlite yet.")


def test_structured_substitution():
    snippet = {"a": {"get_input": "x"}, "b": [{"get_input": "y"}, 3], "c": {"k": "v"}}
    assert software_deployment.substitute({"x": 1}, "get_input", snippet, False) == \
        {"a": 1, "b": [None, 3], "c": {"k": "v"}}
    with pytest.raises(exception.UserParameterMissing):
        software_deployment.substitute({}, "get_input", snippet, True)


def test_config_resources_store_configs(service, ctxt):
    template = hot({
        "sc": {"type": "OS::Heat::StructuredConfig", "properties": {"config": {"a": 1}}},
        "cc": {"type": "OS::Heat::CloudConfig",
               "properties": {"cloud_config": {"runcmd": ["ls"]}}},
        "mm": {"type": "OS::Heat::MultipartMime",
               "properties": {"parts": [{"config": {"get_resource": "cc"}},
                                        {"config": "echo hi", "filename": "x.sh"}]}},
        "comp": {"type": "OS::Heat::SoftwareComponent",
                 "properties": {"configs": [{"actions": ["CREATE"], "config": "c",
                                             "tool": "script"}]}}},
        outputs={"cc": {"value": {"get_attr": ["cc", "config"]}},
                 "mm": {"value": {"get_attr": ["mm", "config"]}},
                 "comp": {"value": {"get_attr": ["comp", "configs"]}}})
    ident = service.create_stack(ctxt, "cfgs", template, {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    doc, out = outputs(service, ctxt, ident)
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    assert out["cc"] == "#cloud-config\nruncmd:\n- ls\n"
    assert "#cloud-config" in out["mm"] and 'filename="x.sh"' in out["mm"]
    assert out["comp"] == [{"actions": ["CREATE"], "config": "c", "tool": "script"}]
