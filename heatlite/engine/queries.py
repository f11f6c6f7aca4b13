"""The read side of the engine: stack, resource and event documents.

Each function is one read endpoint's work: look the stack up for the
caller, read rows (one or two queries), shape them with views.py. Outputs
and parameters come from the stored template and stored resource data; no
plugin is called.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import events
from heatlite.db import resources
from heatlite.db import stacks
from heatlite.engine import lookup
from heatlite.engine import outputs as outputs_mod
from heatlite.engine import status
from heatlite.engine import stored
from heatlite.engine import views
from heatlite.engine.resources.registry import Registry

# API filter names of a stack listing -> db filter names (Heat's mapping).
_STACK_FILTER_NAMES = {"stack_owner": "username", "parent": "owner_id"}


def _stack_filters(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not filters:
        return None
    return {_STACK_FILTER_NAMES.get(k, k): v for k, v in filters.items()}


def show_stack(ctxt: RequestContext, registry: Registry, identity: Mapping[str, Any],
               resolve_outputs: bool) -> list[dict[str, Any]]:
    row = lookup.get_stack(ctxt, identity, show_deleted=True)
    defn = stored.load_definition(row, registry)
    out = None
    deleted = (row.action, row.status) == (status.DELETE, status.COMPLETE)
    if resolve_outputs and not deleted:
        if row.outputs is not None and row.status != status.IN_PROGRESS:
            out = list(row.outputs)
        else:
            stored.fill_scope(defn, resources.get_all_by_stack(row.id),
                              stack_deleting=row.action == status.DELETE)
            out = outputs_mod.resolve(defn.outputs)
    return [views.stack(row, defn.parameters.as_text(), defn.template.description, out)]


def list_stacks(ctxt: RequestContext, **kwargs: Any) -> list[dict[str, Any]]:
    kwargs["filters"] = _stack_filters(kwargs.get("filters"))
    rows = stacks.list(ctxt.project_id, **kwargs)
    return [views.stack_summary(r) for r in rows]


def count_stacks(ctxt: RequestContext, **kwargs: Any) -> int:
    kwargs["filters"] = _stack_filters(kwargs.get("filters"))
    return stacks.count(ctxt.project_id, **kwargs)


def _matches(row: Any, filters: Mapping[str, Any]) -> bool:
    for key, wanted in filters.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if key == "name" and row.name not in values:
            return False
        if key == "action" and row.action not in values:
            return False
        if key == "status" and not any(
                v in (row.status, status.state_name(row.action, row.status)) for v in values):
            return False
        if key == "type" and not any(v in (row.type or "") for v in values):
            return False
        if key in ("physical_resource_id", "id") and row.physical_resource_id not in values:
            return False
    return True


def _ordered(rows: Sequence[Any]) -> list[Any]:
    # Dependants before what they need, as Heat lists them.
    return list(reversed(list(rows)))


def list_resources(ctxt: RequestContext, registry: Registry, identity: Mapping[str, Any],
                   with_detail: bool, filters: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    row = lookup.get_stack(ctxt, identity, show_deleted=True)
    rows = resources.get_all_by_stack(row.id)
    needed_by = views.required_by(rows)
    defn = stored.load_definition(row, registry) if with_detail else None
    docs = []
    for rsrc in _ordered(rows):
        if filters and not _matches(rsrc, filters):
            continue
        docs.append(_resource_doc(row, rsrc, needed_by[rsrc.name], with_detail, defn, ()))
    return docs


def _resource_doc(stack_row: Any, rsrc: Any, required: list[str], detail: bool,
                  defn: Any, with_attr: Sequence[str]) -> dict[str, Any]:
    description, names = "", []
    if detail and defn is not None and rsrc.name in defn.resources:
        rd = defn.resources[rsrc.name]
        description = rd.description
        names = list(rd.plugin.ATTRIBUTES)
    return views.resource(stack_row, rsrc, required, detail, description, names, with_attr)


def describe_resource(ctxt: RequestContext, registry: Registry, identity: Mapping[str, Any],
                      resource_name: str, with_attr: Sequence[str] | None) -> dict[str, Any]:
    row = lookup.get_stack(ctxt, identity)
    rows = resources.get_all_by_stack(row.id)
    match = [r for r in rows if r.name == resource_name]
    if not match:
        raise exception.ResourceNotFound(resource_name=resource_name, stack_name=row.name)
    defn = stored.load_definition(row, registry)
    return _resource_doc(row, match[-1], views.required_by(rows)[resource_name], True, defn,
                         list(with_attr or []))


def list_events(ctxt: RequestContext, identity: Mapping[str, Any],
                filters: Mapping[str, Any] | None, limit: Any, marker: str | None,
                sort_keys: Any, sort_dir: str | None) -> list[dict[str, Any]]:
    row = lookup.get_stack(ctxt, identity, show_deleted=True)
    rows = events.list(row.id, filters=filters, limit=limit, marker=marker,
                       sort_keys=sort_keys, sort_dir=sort_dir)
    with_props = bool(filters and ("uuid" in filters or "id" in filters))
    return [views.event(row, e, with_props) for e in rows]
