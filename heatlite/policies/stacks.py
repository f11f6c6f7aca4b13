"""Policies of the stacks collection (and of the template helpers Heat
serves from the same controller: validate, resource_types, template_versions)."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "stacks:%s"
_STACK = "/v1/{tenant_id}/stacks/{stack_name}/{stack_id}"

# (action, check string, description, method, path)
_RULES = [
    ("abandon", base.PROJECT_MEMBER, "Abandon stack.", "DELETE", _STACK + "/abandon"),
    ("create", base.PROJECT_MEMBER, "Create stack.", "POST", "/v1/{tenant_id}/stacks"),
    ("delete", base.PROJECT_MEMBER, "Delete stack.", "DELETE", _STACK),
    ("detail", base.PROJECT_READER, "List stacks in detail.", "GET",
     "/v1/{tenant_id}/stacks"),
    ("export", base.PROJECT_MEMBER, "Export stack.", "GET", _STACK + "/export"),
    ("generate_template", base.PROJECT_MEMBER, "Generate stack template.", "GET",
     _STACK + "/template"),
    ("index", base.PROJECT_READER, "List stacks.", "GET", "/v1/{tenant_id}/stacks"),
    ("list_resource_types", base.PROJECT_READER, "List resource types.", "GET",
     "/v1/{tenant_id}/resource_types"),
    ("list_template_versions", base.PROJECT_READER, "List template versions.", "GET",
     "/v1/{tenant_id}/template_versions"),
    ("list_template_functions", base.PROJECT_READER, "List template functions.", "GET",
     "/v1/{tenant_id}/template_versions/{template_version}/functions"),
    ("lookup", base.PROJECT_READER_OR_STACK_USER, "Find stack.", "GET",
     "/v1/{tenant_id}/stacks/{stack_identity}"),
    ("preview", base.PROJECT_READER, "Preview stack.", "POST",
     "/v1/{tenant_id}/stacks/preview"),
    ("resource_schema", base.PROJECT_READER, "Show resource type schema.", "GET",
     "/v1/{tenant_id}/resource_types/{type_name}"),
    ("show", base.PROJECT_READER, "Show stack.", "GET",
     "/v1/{tenant_id}/stacks/{stack_identity}"),
    ("template", base.PROJECT_READER, "Get stack template.", "GET", _STACK + "/template"),
    ("environment", base.PROJECT_READER, "Get stack environment.", "GET",
     _STACK + "/environment"),
    ("files", base.PROJECT_READER, "Get stack files.", "GET", _STACK + "/files"),
    ("update", base.PROJECT_MEMBER, "Update stack.", "PUT", _STACK),
    ("update_patch", base.PROJECT_MEMBER, "Update stack (PATCH).", "PATCH", _STACK),
    ("update_no_change", "rule:" + POLICY_ROOT % "update_patch",
     "Update stack (PATCH) with no changes.", "PATCH", _STACK),
    ("preview_update", base.PROJECT_MEMBER, "Preview update stack.", "PUT",
     _STACK + "/preview"),
    ("preview_update_patch", base.PROJECT_MEMBER, "Preview update stack (PATCH).",
     "PATCH", _STACK + "/preview"),
    ("validate_template", base.PROJECT_MEMBER, "Validate template.", "POST",
     "/v1/{tenant_id}/validate"),
    ("snapshot", base.PROJECT_MEMBER, "Snapshot Stack.", "POST", _STACK + "/snapshots"),
    ("show_snapshot", base.PROJECT_READER, "Show snapshot.", "GET",
     _STACK + "/snapshots/{snapshot_id}"),
    ("delete_snapshot", base.PROJECT_MEMBER, "Delete snapshot.", "DELETE",
     _STACK + "/snapshots/{snapshot_id}"),
    ("list_snapshots", base.PROJECT_READER, "List snapshots.", "GET",
     _STACK + "/snapshots"),
    ("restore_snapshot", base.PROJECT_MEMBER, "Restore snapshot.", "POST",
     _STACK + "/snapshots/{snapshot_id}/restore"),
    ("list_outputs", base.PROJECT_READER, "List outputs.", "GET", _STACK + "/outputs"),
    ("show_output", base.PROJECT_READER, "Show outputs.", "GET",
     _STACK + "/outputs/{output_key}"),
]


# Heat's pre-Wallaby checks: anyone but a stack user, except the lookup
# (open to all, stack users included) and update_no_change (which has
# always followed update_patch).
_LEGACY_EXCEPTIONS = {"lookup": base.RULE_ALLOW_EVERYBODY, "update_no_change": None}


def list_rules() -> list[policy.RuleDefault]:
    rules = [base.api_rule(POLICY_ROOT % action, check, description, method, path,
                           legacy=_LEGACY_EXCEPTIONS.get(action,
                                                         base.RULE_DENY_STACK_USER))
             for action, check, description, method, path in _RULES]
    # Listing every project's stacks is off unless an operator allows it.
    rules.append(base.api_rule(POLICY_ROOT % "global_index", base.RULE_DENY_EVERYBODY,
                               "List stacks globally.", "GET",
                               "/v1/{tenant_id}/stacks", scoped=False))
    return rules
