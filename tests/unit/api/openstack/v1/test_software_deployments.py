"""SoftwareDeploymentController through the real pipeline and engine code."""

from __future__ import annotations

from typing import Any

from tests.unit.api import fakes
from tests.unit.api.openstack.v1 import test_software_configs as shared

# The same fixtures: a LocalSoftwareClient over a migrated SQLite file.
software_db_url = shared.software_db_url
client = shared.client
api = shared.api
create_config = shared.create_config

BASE = "/v1/admin/software_deployments"


def deploy(api: Any, **body: Any) -> dict[str, Any]:
    resp = fakes.request(api, BASE, "POST", body=body)
    assert resp.status_int == 200, resp.body
    return resp.json["software_deployment"]


def test_create_passes_every_field_and_answers_heats_document(api, client):
    config = create_config(api)
    deployment = deploy(api, config_id=config["id"], server_id="dummy_server",
                        action="ACTION0")
    assert list(deployment) == ["id", "server_id", "input_values", "output_values",
                                "action", "status", "status_reason", "config_id",
                                "creation_time"]
    assert (deployment["action"], deployment["status"]) == ("ACTION0", None)
    assert deployment["input_values"] == {}
    assert client.last("create_software_deployment") == {
        "config_id": config["id"], "server_id": "dummy_server", "input_values": None,
        "action": "ACTION0", "status": None, "status_reason": None,
        "stack_user_project_id": None, "deployment_id": None}


def test_create_with_unknown_config_is_404_as_heat_27(api):
    resp = fakes.request(api, BASE, "POST", body={"config_id": "nope", "server_id": "s"})
    assert resp.status_int == 404
    # The engine's text stays engine-side, as for any NotFound.
    assert resp.json["error"]["type"] == "NotFound"


def test_create_with_a_config_id_that_is_no_id_is_400(api):
    for config_id in (2**64, 1.5, {"a": 1}):
        resp = fakes.request(api, BASE, "POST", body={"config_id": config_id,
                                                       "server_id": "s"})
        assert resp.status_int == 400, resp.text
        assert resp.json["error"]["message"] == ('Data supplied was not valid: '
                                                 '"config_id" should be a string')


def test_create_without_body_is_400(api):
    assert fakes.request(api, BASE, "POST").status_int == 400


def test_show_update_and_updated_time(api, client):
    config = create_config(api)
    deployment = deploy(api, config_id=config["id"], server_id="srv")
    url = BASE + "/" + deployment["id"]
    assert fakes.request(api, url).json == {"software_deployment": deployment}
    resp = fakes.request(api, url, "PUT", body={
        "action": "ACTION1", "status": "COMPLETE", "status_reason": "completed",
        "input_values": None, "server_id": "ignored",
        "output_values": {"deploy_stdout": "hi", "deploy_stderr": "",
                          "deploy_status_code": 0}})
    assert resp.status_int == 200
    updated = resp.json["software_deployment"]
    assert (updated["action"], updated["status"], updated["status_reason"]) == (
        "ACTION1", "COMPLETE", "completed")
    assert updated["output_values"]["deploy_stdout"] == "hi"
    assert updated["server_id"] == "srv"
    assert "updated_time" in updated
    # Only the fields present and not null go to the engine.
    assert client.last("update_software_deployment") == {
        "deployment_id": deployment["id"], "config_id": None, "input_values": None,
        "output_values": {"deploy_stdout": "hi", "deploy_stderr": "",
                          "deploy_status_code": 0},
        "action": "ACTION1", "status": "COMPLETE", "status_reason": "completed",
        "updated_at": None}


def test_update_to_a_missing_config_or_of_a_missing_deployment_is_404(api):
    config = create_config(api)
    deployment = deploy(api, config_id=config["id"], server_id="srv")
    resp = fakes.request(api, BASE + "/" + deployment["id"], "PUT",
                         body={"config_id": "nope"})
    assert resp.status_int == 404
    resp = fakes.request(api, BASE + "/nope", "PUT", body={"status": "COMPLETE"})
    assert resp.status_int == 404
    # The engine's text stays engine-side, as in a Heat deployment.
    assert resp.json["error"] == {"type": "NotFound", "traceback": None,
                                  "message": "Not found"}


def test_index_filters_by_server(api, client):
    config = create_config(api)
    one = deploy(api, config_id=config["id"], server_id="srv-1")
    deploy(api, config_id=config["id"], server_id="srv-2")
    assert len(fakes.request(api, BASE).json["software_deployments"]) == 2
    resp = fakes.request(api, BASE + "?server_id=srv-1")
    assert resp.json == {"software_deployments": [one]}
    assert client.last("list_software_deployments") == {"server_id": "srv-1"}


def test_metadata_lists_configs_by_name(api):
    zed = create_config(api, name="zed", group="script", config="echo z")
    alpha = create_config(api, name="alpha", group="script", config="echo a")
    deploy(api, config_id=zed["id"], server_id="srv-1")
    deploy(api, config_id=alpha["id"], server_id="srv-1")
    resp = fakes.request(api, BASE + "/metadata/srv-1")
    assert resp.status_int == 200
    assert resp.json == {"metadata": [alpha, zed]}
    assert fakes.request(api, BASE + "/metadata/none").json == {"metadata": []}


def test_delete_is_204_then_404(api):
    config = create_config(api)
    deployment = deploy(api, config_id=config["id"], server_id="srv")
    url = BASE + "/" + deployment["id"]
    assert fakes.request(api, url, "DELETE").status_int == 204
    assert fakes.request(api, url).status_int == 404
    assert fakes.request(api, url, "DELETE").status_int == 404


# -- tenant crossing, as Keystone callers (member role) of two projects --------

def _member_api(client: Any, project: str) -> Any:
    return fakes.pipeline_app(client, replace={"noauth": fakes.identity_filter(project)})


def test_project_b_cannot_deploy_or_read_back_project_as_config(client):
    api_a, api_b = _member_api(client, "proj-a"), _member_api(client, "proj-b")
    resp = fakes.request(api_a, "/v1/proj-a/software_configs", "POST",
                         body={"name": "a-secret", "config": "password=hunter2"})
    assert resp.status_int == 200, resp.text
    config_a = resp.json["software_config"]["id"]
    resp = fakes.request(api_b, "/v1/proj-b/software_deployments", "POST",
                         body={"config_id": config_a, "server_id": "srv-a"})
    assert resp.status_int == 404
    assert resp.json["error"]["type"] == "NotFound"
    resp = fakes.request(api_b, "/v1/proj-b/software_deployments/metadata/srv-a")
    assert resp.json == {"metadata": []}
    assert "hunter2" not in resp.text


def test_project_b_cannot_name_project_a_as_stack_user_project(client):
    api_b = _member_api(client, "proj-b")
    resp = fakes.request(api_b, "/v1/proj-b/software_configs", "POST",
                         body={"name": "b", "config": "x"})
    config_b = resp.json["software_config"]["id"]
    resp = fakes.request(api_b, "/v1/proj-b/software_deployments", "POST",
                         body={"config_id": config_b, "server_id": "srv-a",
                               "stack_user_project_id": "proj-a"})
    assert resp.status_int == 403
    assert resp.json["error"]["message"] == (
        "You are not authorized to use a stack_user_project_id other than your own "
        "project.")
    resp = fakes.request(_member_api(client, "proj-a"),
                         "/v1/proj-a/software_deployments/metadata/srv-a")
    assert resp.json == {"metadata": []}
