"""StackController through the real noauth pipeline, against Heat's samples."""

from __future__ import annotations

import json
import pathlib

import pytest
import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.common import exception
from heatlite.common import wsgi
from tests.unit.api import fakes
from tests.unit.api import samples


def test_create_answers_201_with_location_and_links(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks", "POST",
                         body=samples.STACK_CREATE["request"]["body"])
    assert resp.status_int == 201
    assert resp.headers["Location"] == samples.STACK_CREATE["location"]
    assert resp.content_type == "application/json"
    assert resp.json == samples.STACK_CREATE["body"]
    call = engine.last("create_stack")
    assert call["stack_name"] == fakes.STACK_NAME
    assert call["template"]["heat_template_version"] == "2018-08-31"
    assert call["params"]["parameters"] == {"length": 8}
    assert call["params"]["resource_registry"] == {}
    assert call["params"]["event_sinks"] == []
    assert call["args"] == {"timeout_mins": 10, "tags": ["anchor", "smoke"]}
    assert call["files"] == {}


def test_create_parses_yaml_template_and_environment_strings(app, engine):
    body = {"stack_name": "s",
            "template": "heat_template_version: 2018-08-31\nresources: {}\n",
            "environment": "parameters:\n  a: 1\nparameter_defaults:\n  b: 2\n",
            "parameters": {"c": 3}, "disable_rollback": True,
            "environment_files": None, "files": {"f.yaml": "x"}}
    resp = fakes.request(app, "/v1/admin/stacks", "POST", body=body)
    assert resp.status_int == 201
    call = engine.last("create_stack")
    assert call["template"] == {"heat_template_version": "2018-08-31", "resources": {}}
    assert isinstance(call["template"]["heat_template_version"], str)
    assert call["params"]["parameters"] == {"a": 1, "c": 3}
    assert call["params"]["parameter_defaults"] == {"b": 2}
    assert call["args"] == {"disable_rollback": True}
    assert call["files"] == {"f.yaml": "x"}


@pytest.mark.parametrize("body, message", [
    ({"stack_name": "s", "template": "- just\n- a list\n"},
     "Template not in valid format: The template is not a JSON object or YAML mapping."),
    ({"stack_name": "s", "template": "resources: {}\n"},
     "Template not in valid format: Template format version not found."),
    ({"stack_name": "s"}, "No template specified"),
    ({"template": {"heat_template_version": "2018-08-31"}}, "No stack name specified"),
    ({"stack_name": "s", "template": {"heat_template_version": "2018-08-31"},
      "environment": {"bogus": {}}},
     'Environment not in valid format: environment has wrong section "bogus"'),
    ({"stack_name": "s", "template": {"heat_template_version": "2018-08-31"},
      "timeout_mins": "ten"}, "Only integer is acceptable by 'timeout_mins'."),
    ({"stack_name": "s", "template": {"heat_template_version": "2018-08-31"},
      "timeout_mins": 1e23}, "Only integer is acceptable by 'timeout_mins'."),
    ({"stack_name": "s", "template": {"heat_template_version": "2018-08-31"},
      "timeout_mins": 2**64}, "Value '18446744073709551616' is invalid for 'timeout_mins' "
                              "which only accepts integer not greater than 2147483647."),
])
def test_create_rejects_bad_input_with_heat_messages(app, engine, body, message):
    resp = fakes.request(app, "/v1/admin/stacks", "POST", body=body)
    assert resp.status_int == 400
    assert resp.json["error"]["type"] == "HTTPBadRequest"
    assert resp.json["error"]["message"] == message
    assert "create_stack" not in [c[0] for c in engine.calls]


def test_create_bad_yaml_names_the_fault(app):
    body = {"stack_name": "s", "template": "heat_template_version: [2018\n"}
    resp = fakes.request(app, "/v1/admin/stacks", "POST", body=body)
    assert resp.status_int == 400
    assert resp.json["error"]["message"].startswith(
        "Template not in valid format: Error parsing template [root stack] ")


def test_create_malformed_json_matches_sample(app):
    resp = fakes.request(app, "/v1/admin/stacks", "POST",
                         body=b'{"stack_name": "x", "template": ')
    assert resp.status_int == 400
    assert resp.json == samples.STACK_CREATE_MALFORMED["body"]


def test_create_without_body_is_400(app):
    resp = fakes.request(app, "/v1/admin/stacks", "POST")
    assert resp.status_int == 400
    assert resp.json["error"]["type"] == "HTTPBadRequest"


def test_create_oversized_body_is_request_limit_exceeded(conf, app):
    conf.config(max_json_body_size=50)
    resp = fakes.request(app, "/v1/admin/stacks", "POST",
                         body=samples.STACK_CREATE["request"]["body"])
    assert resp.status_int == 400
    assert resp.json["error"]["type"] == "RequestLimitExceeded"
    assert "exceeds maximum allowed size (50 bytes)" in resp.json["error"]["message"]


def test_create_oversized_template_is_request_limit_exceeded(conf, app):
    conf.config(max_template_size=20)
    body = {"stack_name": "s", "template": {"heat_template_version": "2018-08-31"}}
    resp = fakes.request(app, "/v1/admin/stacks", "POST", body=body)
    assert resp.status_int == 400
    assert resp.json["error"]["type"] == "RequestLimitExceeded"


def test_create_template_url_is_501_not_silently_ignored(app, engine):
    body = {"stack_name": "s", "template_url": "http://example.com/t.yaml"}
    resp = fakes.request(app, "/v1/admin/stacks", "POST", body=body)
    assert resp.status_int == 501
    assert resp.json["error"]["type"] == "NotImplementedYet"
    assert "create_stack" not in [c[0] for c in engine.calls]


def test_create_duplicate_from_engine_keeps_heat_body(app, engine):
    engine.fail["create_stack"] = fakes.remote(
        exception.StackExists(stack_name=fakes.STACK_NAME))
    resp = fakes.request(app, "/v1/admin/stacks", "POST",
                         body=samples.STACK_CREATE["request"]["body"])
    assert resp.status_int == 409
    assert resp.json == samples.STACK_EXISTS["body"]


def test_index_matches_sample_with_project_for_admin(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks")
    assert resp.status_int == 200
    assert resp.json == samples.STACK_LIST["body"]
    assert engine.last("list_stacks") == {"filters": None}


def test_index_passes_parsed_query_parameters(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks?name=a&name=b&status=COMPLETE&limit=5"
                              "&sort_keys=created_at&sort_keys=name&sort_dir=desc"
                              "&show_deleted=True&show_nested=false&tags=x,y"
                              "&not_tags_any=z&marker=m&bogus=1")
    assert resp.status_int == 200
    assert engine.last("list_stacks") == {
        "filters": {"name": ["a", "b"], "status": "COMPLETE"}, "limit": 5, "marker": "m",
        "sort_keys": ["created_at", "name"], "sort_dir": "desc", "show_deleted": True,
        "show_nested": False, "tags": ["x", "y"], "not_tags_any": ["z"]}


def test_index_with_count(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks?with_count=true&show_hidden=true")
    assert resp.json["count"] == 7
    assert engine.last("count_stacks") == {"filters": None, "show_hidden": True}


def test_index_next_link_when_page_full(app):
    resp = fakes.request(app, "/v1/admin/stacks?limit=1")
    assert resp.json["links"] == [{
        "rel": "next",
        "href": "http://localhost/v1/admin/stacks?limit=1&marker=%s" % fakes.STACK_ID}]


@pytest.mark.parametrize("query, message", [
    ("show_deleted=maybe",
     'Unrecognized value "maybe" for "show_deleted", acceptable values are: true, false.'),
    ("limit=x", "Only integer is acceptable by 'limit'."),
    ("limit=-1", "Value '-1' is invalid for 'limit' which only accepts non-negative integer."),
    ("limit=2147483648", "Value '2147483648' is invalid for 'limit' which only accepts "
                         "integer not greater than 2147483647."),
    ("limit=%ff", "The query string is not valid UTF-8 once percent-decoded."),
    ("name=%C3%28", "The query string is not valid UTF-8 once percent-decoded."),
    ("with_count=2",
     'Unrecognized value "2" for "with_count", acceptable values are: true, false.'),
])
def test_index_bad_parameters_are_400(app, query, message):
    resp = fakes.request(app, "/v1/admin/stacks?" + query)
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == message


def test_index_global_tenant_is_denied_by_default(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks?global_tenant=true")
    assert resp.status_int == 403
    assert resp.json["error"] == {
        "type": "Forbidden", "traceback": None,
        "message": "You are not authorized to use stacks:global_index."}
    assert "list_stacks" not in [c[0] for c in engine.calls]


def test_index_without_project_for_non_admin(conf, engine):
    app = fakes.pipeline_app(engine, replace={"noauth": fakes.identity_filter("admin")})
    resp = fakes.request(app, "/v1/admin/stacks")
    assert resp.status_int == 200
    assert "project" not in resp.json["stacks"][0]


def test_detail_matches_sample(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks/detail")
    assert resp.status_int == 200
    assert resp.json == samples.STACK_DETAIL_LIST["body"]


def test_show_matches_sample(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID))
    assert resp.status_int == 200
    assert resp.content_type == "application/json"
    assert resp.json == samples.STACK_SHOW["body"]
    assert engine.last("show_stack") == {"stack_identity": fakes.IDENTITY,
                                         "resolve_outputs": True}


def test_show_deleted_stack_matches_sample(app, engine):
    engine.stack = fakes.stack_doc(samples.STACK_SHOW_DELETED["body"]["stack"])
    resp = fakes.request(app, "/v1/admin/stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID))
    assert resp.json == samples.STACK_SHOW_DELETED["body"]


def test_show_resolve_outputs_false(app, engine):
    fakes.request(app, "/v1/admin/stacks/s/i?resolve_outputs=False")
    assert engine.last("show_stack")["resolve_outputs"] is False


def test_show_missing_stack_is_remote_404(app, engine):
    engine.fail["show_stack"] = fakes.remote(
        exception.EntityNotFound(entity="Stack", name="no-such-stack"))
    resp = fakes.request(app, "/v1/admin/stacks/no-such-stack/0000")
    assert resp.status_int == 404
    assert resp.json == samples.STACK_MISSING["body"]


def test_lookup_redirects_with_heat_body(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks/%s" % fakes.STACK_NAME)
    assert resp.status_int == 302
    assert resp.headers["Location"] == samples.STACK_LOOKUP["location"]
    assert resp.json == samples.STACK_LOOKUP["body"]
    assert engine.last("identify_stack") == {"stack_name": fakes.STACK_NAME}


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_lookup_redirects_every_method(app, method):
    resp = fakes.request(app, "/v1/admin/stacks/%s" % fakes.STACK_NAME, method)
    assert resp.status_int == 302
    assert resp.headers["Location"] == fakes.STACK_URL


@pytest.mark.parametrize("sub", ["resources", "events", "template", "environment", "files"])
def test_lookup_sub_path_keeps_path_and_query(app, sub):
    resp = fakes.request(app, "/v1/admin/stacks/%s/%s?limit=2&a=b" % (fakes.STACK_NAME, sub))
    assert resp.status_int == 302
    assert resp.headers["Location"] == "%s/%s?limit=2&a=b" % (fakes.STACK_URL, sub)


def test_lookup_by_arn_needs_no_engine(app, engine):
    arn = "arn:openstack:heat::admin:stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID)
    resp = fakes.request(app, "/v1/admin/stacks/" + arn)
    assert resp.status_int == 302
    assert resp.headers["Location"] == fakes.STACK_URL
    assert engine.calls == []


def test_lookup_missing_is_404(app, engine):
    engine.fail["identify_stack"] = fakes.remote(
        exception.EntityNotFound(entity="Stack", name="no-such-stack"))
    resp = fakes.request(app, "/v1/admin/stacks/no-such-stack")
    assert resp.status_int == 404
    assert resp.json == samples.STACK_MISSING["body"]


def test_template_matches_sample(app, engine):
    resp = fakes.request(app, "%s/template" % fakes.STACK_URL.replace("http://localhost", ""))
    assert resp.status_int == 200
    assert resp.json == samples.TEMPLATE_SHOW["body"]


def test_delete_answers_204(app, engine):
    resp = fakes.request(app, "/v1/admin/stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID),
                         "DELETE")
    assert resp.status_int == 204
    assert resp.body == b""
    assert engine.last("delete_stack") == {"stack_identity": fakes.IDENTITY, "cast": False}


def test_wrong_tenant_is_403_for_non_admin(conf, engine):
    app = fakes.pipeline_app(engine, replace={"noauth": fakes.identity_filter("p1")})
    resp = fakes.request(app, "/v1/p2/stacks")
    assert resp.status_int == 403
    assert resp.json["error"]["type"] == "HTTPForbidden"
    assert engine.calls == []


def test_admin_acts_in_own_project_whatever_the_url(app, engine):
    resp = fakes.request(app, "/v1/other/stacks/s/i")
    assert resp.status_int == 200
    assert engine.last("show_stack")["stack_identity"]["tenant"] == "admin"


def test_reader_may_list_but_not_create(conf, engine):
    app = fakes.pipeline_app(engine, replace={
        "noauth": fakes.identity_filter("p1", roles="reader")})
    assert fakes.request(app, "/v1/p1/stacks").status_int == 200
    resp = fakes.request(app, "/v1/p1/stacks", "POST",
                         body=samples.STACK_CREATE["request"]["body"])
    assert resp.status_int == 403
    assert resp.json["error"]["message"] == "You are not authorized to use stacks:create."
    assert json.loads(resp.body)["code"] == 403


# -- update, preview, outputs, environment, files, abandon, export ------------

STACK_URL = "/v1/admin/stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID)


class UpdateEngine(fakes.FakeEngine):
    def update_stack(self, ctxt, stack_identity, template, params, files, args,
                     environment_files=None):
        self._record("update_stack", template=template, params=params, args=args)
        return stack_identity

    def preview_update_stack(self, ctxt, stack_identity, template, params, files, args,
                             environment_files=None):
        self._record("preview_update_stack", template=template, args=args)
        return {"unchanged": [], "updated": [{"resource_name": "test"}], "replaced": [],
                "added": [], "deleted": []}

    def list_outputs(self, ctxt, stack_identity):
        return [{"output_key": "random", "description": "the random string"}]

    def show_output(self, ctxt, stack_identity, output_key):
        self._record("show_output", output_key=output_key)
        return {"output_key": output_key, "description": "d", "output_value": "v"}

    def get_environment(self, ctxt, stack_identity):
        return {"parameters": {"length": 8}}

    def get_files(self, ctxt, stack_identity):
        return {}

    def export_stack(self, ctxt, stack_identity):
        return {"name": stack_identity["stack_name"]}

    def abandon_stack(self, ctxt, stack_identity):
        self._record("abandon_stack")
        return {"name": stack_identity["stack_name"]}


@pytest.fixture
def update_app(conf):
    engine = UpdateEngine()
    return fakes.pipeline_app(engine), engine


def test_update_is_202_with_heats_body(update_app):
    app, engine = update_app
    path = pathlib.Path("/work/shared/reference/heat/samples/42-stack-update.json")
    if not path.exists():
        pytest.skip("reference samples not available")
    sample = json.loads(path.read_text())
    body = sample["request"]["body"]
    resp = fakes.request(app, STACK_URL, "PUT", body=body)
    assert resp.status_int == 202
    assert resp.json == sample["response"]["body"]
    assert engine.last("update_stack")["params"]["parameters"] == body["parameters"]


def test_patch_marks_existing_and_may_omit_the_template(update_app):
    app, engine = update_app
    resp = fakes.request(app, STACK_URL, "PATCH",
                         body={"parameters": {"suffix": "three"},
                               "clear_parameters": ["length"]})
    assert resp.status_int == 202
    call = engine.last("update_stack")
    assert call["template"] is None
    assert call["args"] == {"existing": True, "clear_parameters": ["length"]}


def test_put_without_template_is_400(update_app):
    app, _ = update_app
    resp = fakes.request(app, STACK_URL, "PUT", body={"parameters": {}})
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == "No template specified"


def test_preview_update_shows_engine_documents(update_app):
    app, _ = update_app
    resp = fakes.request(app, STACK_URL + "/preview", "PUT",
                         body={"template": {"heat_template_version": "2018-08-31"}})
    assert resp.status_int == 200
    assert resp.json["resource_changes"]["updated"] == [{"resource_name": "test"}]


def test_preview_update_passes_show_nested_from_the_query(update_app):
    app, engine = update_app
    body = {"template": {"heat_template_version": "2018-08-31"}}
    fakes.request(app, STACK_URL + "/preview?show_nested=True", "PUT", body=body)
    assert engine.last("preview_update_stack")["args"]["show_nested"] is True
    fakes.request(app, STACK_URL + "/preview", "PUT", body=body)
    assert "show_nested" not in engine.last("preview_update_stack")["args"]
    resp = fakes.request(app, STACK_URL + "/preview?show_nested=maybe", "PUT", body=body)
    assert resp.status_int == 400


def test_outputs_environment_files_export_abandon(update_app):
    app, engine = update_app
    assert fakes.request(app, STACK_URL + "/outputs").json == {
        "outputs": [{"output_key": "random", "description": "the random string"}]}
    assert fakes.request(app, STACK_URL + "/outputs/random").json["output"][
        "output_value"] == "v"
    assert fakes.request(app, STACK_URL + "/environment").json == {
        "parameters": {"length": 8}}
    assert fakes.request(app, STACK_URL + "/files").json == {}
    assert fakes.request(app, STACK_URL + "/export").json == {"name": fakes.STACK_NAME}
    resp = fakes.request(app, STACK_URL + "/abandon", "DELETE")
    assert resp.status_int == 200 and resp.json == {"name": fakes.STACK_NAME}


# -- snapshots and adopt ---------------------------------------------------------

class SnapshotEngine(UpdateEngine):
    SNAP = {"id": "snap-1", "name": "s1", "action": "CREATE", "status": "IN_PROGRESS",
            "status_reason": None, "data": {}, "creation_time": "2026-01-01T00:00:00Z"}

    def stack_snapshot(self, ctxt, stack_identity, name):
        self._record("stack_snapshot", name=name)
        return dict(self.SNAP, name=name)

    def stack_list_snapshots(self, ctxt, stack_identity):
        return [dict(self.SNAP)]

    def show_snapshot(self, ctxt, stack_identity, snapshot_id):
        self._record("show_snapshot", snapshot_id=snapshot_id)
        return dict(self.SNAP, id=snapshot_id)

    def delete_snapshot(self, ctxt, stack_identity, snapshot_id):
        self._record("delete_snapshot", snapshot_id=snapshot_id)

    def stack_restore(self, ctxt, stack_identity, snapshot_id):
        self._record("stack_restore", snapshot_id=snapshot_id)

    def create_stack(self, ctxt, stack_name, template, params, files, args,
                     environment_files=None):
        self._record("create_stack", template=template, params=params, args=args)
        return fakes.identifier.stack_identity("admin", stack_name, fakes.STACK_ID)


@pytest.fixture
def snap_app(conf):
    engine = SnapshotEngine()
    return fakes.pipeline_app(engine), engine


def test_snapshot_routes_answer_as_heat(snap_app):
    app, engine = snap_app
    resp = fakes.request(app, STACK_URL + "/snapshots", "POST", body={"name": "mine"})
    assert resp.status_int == 200 and resp.json["name"] == "mine"
    assert "snapshot" not in resp.json  # Heat answers the bare document here
    assert fakes.request(app, STACK_URL + "/snapshots").json == {
        "snapshots": [SnapshotEngine.SNAP]}
    resp = fakes.request(app, STACK_URL + "/snapshots/abc")
    assert resp.json == {"snapshot": dict(SnapshotEngine.SNAP, id="abc")}
    resp = fakes.request(app, STACK_URL + "/snapshots/abc", "DELETE")
    assert resp.status_int == 204 and engine.last("delete_snapshot") == {"snapshot_id": "abc"}
    resp = fakes.request(app, STACK_URL + "/snapshots/abc/restore", "POST", body={})
    assert resp.status_int == 202 and engine.last("stack_restore") == {"snapshot_id": "abc"}


@pytest.mark.parametrize("name", ["n" * 256, 5, ["a"]])
def test_snapshot_name_must_fit_its_column(snap_app, name):
    app, engine = snap_app
    resp = fakes.request(app, STACK_URL + "/snapshots", "POST", body={"name": name})
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == (
        'The snapshot "name" must be a string of at most 255 characters.')
    assert "stack_snapshot" not in [c[0] for c in engine.calls]


def test_snapshot_errors_keep_heats_body(snap_app):
    app, engine = snap_app
    engine.fail["show_snapshot"] = fakes.remote(
        exception.SnapshotNotFound(snapshot="abc", stack=fakes.STACK_NAME))
    resp = fakes.request(app, STACK_URL + "/snapshots/abc")
    assert resp.status_int == 404
    assert resp.json["error"]["type"] == "SnapshotNotFound"
    assert resp.json["error"]["message"] == (
        "The Snapshot (abc) for Stack (%s) could not be found." % fakes.STACK_NAME)


def test_adopt_data_text_gives_the_template_and_args(snap_app):
    app, engine = snap_app
    tmpl = {"heat_template_version": "2018-08-31", "resources": {}}
    adopt = json.dumps({"template": tmpl, "resources": {}})
    resp = fakes.request(app, "/v1/admin/stacks", "POST",
                         body={"stack_name": "adopted", "adopt_stack_data": adopt})
    assert resp.status_int == 201
    call = engine.last("create_stack")
    assert call["template"] == tmpl
    assert call["args"]["adopt_stack_data"] == {"template": tmpl, "resources": {}}
    resp = fakes.request(app, "/v1/admin/stacks", "POST",
                         body={"stack_name": "adopted", "adopt_stack_data": "{}"})
    assert resp.status_int == 400
    assert resp.json["error"]["message"].startswith("Invalid adopt data")


def test_global_tenant_allowed_for_admin_only(conf, engine, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('"stacks:global_index": "role:admin"\n')
    conf.config(policy_file=str(policy), group="oslo_policy")
    member = fakes.pipeline_app(engine, replace={"noauth": fakes.identity_filter("demo")})
    resp = fakes.request(member, "/v1/demo/stacks?global_tenant=true")
    assert resp.status_int == 403
    assert resp.json["error"]["message"] == (
        "You are not authorized to use stacks:global_index.")
    assert "list_stacks" not in [c[0] for c in engine.calls]
    resp = fakes.request(fakes.pipeline_app(engine), "/v1/admin/stacks?global_tenant=true")
    assert resp.status_int == 200
    assert "list_stacks" in [c[0] for c in engine.calls]


@pytest.mark.parametrize("accept", ["application/json", "text/html", "text/plain", "*/*", None,
                                    "application/json, text/html"])
@pytest.mark.parametrize("location", [fakes.STACK_URL, fakes.STACK_URL + "/events?a=<b>&c=\"d\""])
def test_lookup_redirect_is_byte_for_byte_webobs(accept, location):
    # util.found builds the JSON redirect itself: it must be what webob's
    # HTTPFound answers, status, headers and body, whatever the Accept.
    headers = {"Accept": accept} if accept else {}
    req = wsgi.Request.blank("/v1/admin/stacks/%s" % fakes.STACK_NAME, headers=headers)
    ours = util.found(req, location)
    theirs = req.get_response(webob.exc.HTTPFound(location=location))
    assert (ours.status, ours.headerlist, ours.body) == \
        (theirs.status, theirs.headerlist, theirs.body)
