"""The ``external_id`` resource key: adopt by id, check, never update or delete.

Spans definition.py (parsing, dependencies, validation), resource_action.py
(ADOPT then CHECK), create.py (the stack's reason), resource_update.py (the
refusal) and delete.py (always retained), driven through the engine service.
"""

import pytest

from heatlite.common import exception
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.rpc.template_service import TemplateService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.environment import Environment
from heatlite.engine.walk import delete as delete_mod
from tests.unit.engine.conftest import hot, wait_idle

EXT = "0f3a5c2e-6b7d-4e1f-9a8b-123456789abc"


def create(svc, ctxt, template, params=None, name="st", args=None):
    ident = svc.create_stack(ctxt, name, template, {"parameters": params or {}}, {},
                             args or {})
    wait_idle(svc, ident["stack_id"])
    return ident


def events(svc, ctxt, ident, name):
    return [(e["resource_action"], e["resource_status"], e["resource_status_reason"])
            for e in svc.list_events(ctxt, ident, sort_dir="asc")
            if e["resource_name"] == name]


def update(svc, ctxt, ident, template, params=None):
    StackUpdateService(svc).update_stack(ctxt, ident, template,
                                         {"parameters": params or {}}, {}, {})
    wait_idle(svc, ident["stack_id"])
    return svc.show_stack(ctxt, ident)[0]


def definition(service, template):
    defn = StackDefinition(tmpl.Template(template), Environment({}), service.registry,
                           "s", "00000000-0000-4000-8000-000000000001", "tenant-a")
    defn.parameters.validate()
    defn.load()
    return defn


# -- create ----------------------------------------------------------------------


def test_none_is_adopted_then_check_not_supported(service, ctxt):
    ident = create(service, ctxt, hot(
        {"ext": {"type": "OS::Heat::None", "external_id": EXT,
                 "metadata": {"k": "v"}}},
        outputs={"ref": {"value": {"get_resource": "ext"}}}))
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("CREATE", "COMPLETE")
    assert stack["outputs"][0]["output_value"] == EXT
    rsrc = service.describe_stack_resource(ctxt, ident, "ext")
    assert rsrc["physical_resource_id"] == EXT
    assert (rsrc["resource_action"], rsrc["resource_status"]) == ("CHECK", "COMPLETE")
    assert rsrc["resource_status_reason"] == "CHECK not supported for OS::Heat::None"
    assert rsrc["metadata"] == {}  # Heat's adopt sets no metadata
    assert events(service, ctxt, ident, "ext") == [
        ("ADOPT", "IN_PROGRESS", "state changed"),
        ("ADOPT", "COMPLETE", "state changed"),
        ("CHECK", "COMPLETE", "CHECK not supported for OS::Heat::None")]


def test_test_resource_runs_its_check(service, ctxt):
    ident = create(service, ctxt, hot({"ext": {
        "type": "OS::Heat::TestResource", "external_id": {"get_param": "id"},
        "properties": {"value": "v", "fail": True}}},
        parameters={"id": {"type": "string"}},
        outputs={"out": {"value": {"get_attr": ["ext", "output"]}}}), params={"id": EXT})
    stack = service.show_stack(ctxt, ident)[0]
    # Nothing is created, so neither ``fail`` nor ``value`` has any effect.
    assert (stack["stack_action"], stack["stack_status"]) == ("CREATE", "COMPLETE")
    assert stack["outputs"][0]["output_value"] is None
    assert events(service, ctxt, ident, "ext") == [
        ("ADOPT", "IN_PROGRESS", "state changed"), ("ADOPT", "COMPLETE", "state changed"),
        ("CHECK", "IN_PROGRESS", "state changed"), ("CHECK", "COMPLETE", "state changed")]
    rsrc = service.describe_stack_resource(ctxt, ident, "ext")
    assert rsrc["physical_resource_id"] == EXT


def test_random_string_is_not_generated(service, ctxt):
    ident = create(service, ctxt, hot({"ext": {
        "type": "OS::Heat::RandomString", "external_id": EXT,
        "properties": {"length": "not a number"}}},
        outputs={"value": {"value": {"get_attr": ["ext", "value"]}}}))
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("CREATE", "COMPLETE")
    assert stack["outputs"][0]["output_value"] is None


def test_empty_external_id_fails_as_heat_adopt(service, ctxt):
    ident = create(service, ctxt, hot({"ext": {"type": "OS::Heat::None", "external_id": ""}}))
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("CREATE", "FAILED")
    assert stack["stack_status_reason"] == (
        "Resource ADOPT failed: Exception: resources.ext: Resource ID was not provided.")
    rsrc = service.describe_stack_resource(ctxt, ident, "ext")
    assert (rsrc["resource_action"], rsrc["resource_status"]) == ("ADOPT", "FAILED")


def test_no_hooks_for_external_resources(service, ctxt):
    ident = service.create_stack(
        ctxt, "ext", hot({"ext": {"type": "OS::Heat::None", "external_id": EXT}}),
        {"parameters": {}, "resource_registry": {"resources": {"ext": {
            "hooks": ["pre-create", "post-create"]}}}}, {}, {})
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("CREATE", "COMPLETE")


# -- template rules ----------------------------------------------------------------


def test_external_resource_waits_for_nothing(service):
    defn = definition(service, hot({
        "a": {"type": "OS::Heat::None"},
        "ext": {"type": "OS::Heat::None", "external_id": EXT,
                "properties": {"x": {"get_resource": "a"}}}}))
    assert defn.resources["ext"].requires == frozenset()
    assert defn.resources["ext"].deletion_policy == "Retain"


def test_depends_on_is_refused(service, ctxt):
    template = hot({"a": {"type": "OS::Heat::None"},
                    "ext": {"type": "OS::Heat::None", "external_id": EXT, "depends_on": "a"}})
    with pytest.raises(exception.StackValidationFailed) as err:
        service.create_stack(ctxt, "ext", template, {"parameters": {}}, {}, {})
    assert str(err.value) == (
        "Invalid dependency with external OS::Heat::None resource: %s" % EXT)


def test_external_id_must_be_a_string(service):
    with pytest.raises(exception.StackValidationFailed,
                       match="Resource ext external_id type must be string"):
        definition(service, hot({"ext": {"type": "OS::Heat::None", "external_id": [1]}}))


def test_older_versions_refuse_the_key(service, ctxt):
    template = {"heat_template_version": "2016-04-08",
                "resources": {"ext": {"type": "OS::Heat::None", "external_id": EXT}}}
    with pytest.raises(exception.StackValidationFailed) as err:
        service.create_stack(ctxt, "ext", template, {"parameters": {}}, {}, {})
    assert str(err.value) == (
        "\"external_id\" is not a valid keyword inside a resource definition")


def test_properties_are_not_validated(service, ctxt):
    template = hot({"ext": {"type": "OS::Heat::RandomString", "external_id": EXT,
                            "properties": {"length": 0, "nope": 1}}})
    result = TemplateService(service).validate_template(ctxt, template, {})
    assert "Parameters" in result


def test_nested_stack_types_answer_not_implemented(service):
    with pytest.raises(exception.NotImplementedYet, match="nested stack resource"):
        definition(service, hot({"ext": {
            "type": "OS::Heat::ResourceGroup", "external_id": EXT,
            "properties": {"resource_def": {"type": "OS::Heat::None"}}}}))


def test_deletion_policies_retain_external_resources():
    raw = type("Raw", (), {"template": hot({
        "ext": {"type": "OS::Heat::None", "external_id": EXT, "deletion_policy": "Delete"},
        "own": {"type": "OS::Heat::None"}}), "files": {}})()
    assert delete_mod.deletion_policies(raw) == {"ext": "Retain", "own": "Delete"}


# -- delete, check, update ------------------------------------------------------------


def test_delete_leaves_the_resource(service, ctxt):
    ident = create(service, ctxt, hot({"ext": {"type": "OS::Heat::TestResource",
                                               "external_id": EXT}}))
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    assert events(service, ctxt, ident, "ext")[-2:] == [
        ("DELETE", "IN_PROGRESS", "state changed"), ("DELETE", "COMPLETE", "state changed")]


def test_stack_check(service, ctxt):
    ident = create(service, ctxt, hot({"ext": {"type": "OS::Heat::None",
                                               "external_id": EXT}}))
    StackOpsService(service).stack_check(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("CHECK", "COMPLETE")


def test_update_keeps_external_resource_unchanged(service, ctxt):
    ident = create(service, ctxt, hot({"ext": {"type": "OS::Heat::TestResource",
                                               "external_id": EXT}}))
    before = events(service, ctxt, ident, "ext")
    doc = update(service, ctxt, ident, hot({"ext": {
        "type": "OS::Heat::TestResource", "external_id": EXT,
        "properties": {"value": "changed"}}}))
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "COMPLETE")
    assert events(service, ctxt, ident, "ext") == before
    rsrc = service.describe_stack_resource(ctxt, ident, "ext")
    assert (rsrc["resource_action"], rsrc["resource_status"]) == ("CHECK", "COMPLETE")


@pytest.mark.parametrize("old,new", [(EXT, "another-id"), (None, EXT), (EXT, None)])
def test_changing_external_id_is_refused(service, ctxt, old, new):
    def template(ext):
        snippet = {"type": "OS::Heat::None"}
        if ext is not None:
            snippet["external_id"] = ext
        return hot({"ext": snippet})

    ident = create(service, ctxt, template(old))
    before = events(service, ctxt, ident, "ext")
    doc = update(service, ctxt, ident, template(new))
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "FAILED")
    assert doc["stack_status_reason"] == (
        "NotSupported: resources.ext: Update to property external_id of ext "
        "(OS::Heat::None) is not supported.")
    assert events(service, ctxt, ident, "ext") == before
    rsrc = service.describe_stack_resource(ctxt, ident, "ext")
    assert rsrc["physical_resource_id"] == (old if old else rsrc["physical_resource_id"])


def test_update_adds_and_removes_external_resources(service, ctxt):
    ident = create(service, ctxt, hot({"own": {"type": "OS::Heat::None"}}))
    doc = update(service, ctxt, ident, hot({
        "own": {"type": "OS::Heat::None"},
        "ext": {"type": "OS::Heat::None", "external_id": EXT}}))
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "COMPLETE")
    assert service.describe_stack_resource(ctxt, ident, "ext")["physical_resource_id"] == EXT
    doc = update(service, ctxt, ident, hot({"own": {"type": "OS::Heat::None"}}))
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "COMPLETE")
    assert events(service, ctxt, ident, "ext")[-2:] == [
        ("DELETE", "IN_PROGRESS", "state changed"), ("DELETE", "COMPLETE", "state changed")]
