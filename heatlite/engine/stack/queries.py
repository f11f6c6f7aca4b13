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
from heatlite.common.bounded_cache import BoundedCache
from heatlite.common.context import RequestContext
from heatlite.db import events
from heatlite.db import raw_templates
from heatlite.db import resources
from heatlite.db import session
from heatlite.db import stack_listing
from heatlite.db import stack_rows
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine import views
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import hooks
from heatlite.engine.stack import lookup
from heatlite.engine.stack import outputs as outputs_mod
from heatlite.engine.stack import stored
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.template import Template

# API filter names of a stack listing -> db filter names (Heat's mapping).
_STACK_FILTER_NAMES = {"stack_owner": "username", "parent": "owner_id"}


def _stack_filters(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not filters:
        return None
    return {_STACK_FILTER_NAMES.get(k, k): v for k, v in filters.items()}


@session.shared_reads()
def show_stack(ctxt: RequestContext, registry: Registry, identity: Mapping[str, Any],
               resolve_outputs: bool) -> list[dict[str, Any]]:
    row = lookup.get_stack(ctxt, identity, show_deleted=True)
    out = None
    deleted = (row.action, row.status) == (status.DELETE, status.COMPLETE)
    resolve = resolve_outputs and not deleted
    if resolve and row.outputs is not None and row.status != status.IN_PROGRESS:
        out, resolve = list(row.outputs), False
    if resolve:
        defn = stored.load_definition(row, registry)
        stored.fill_scope(defn, resources.get_all_by_stack(row.id),
                          stack_deleting=row.action == status.DELETE)
        out = outputs_mod.resolve(defn.outputs)
        return [views.stack(row, defn.parameters.as_text(), defn.template.description, out)]
    parameters, description = _shown_parameters(row, registry)
    return [views.stack(row, dict(parameters), description, out)]


SHOWN_PARAMETERS_CACHE_SIZE = 512
"""Stacks whose shown parameters and description are kept (a memory bound)."""
_SHOWN_PARAMETERS: BoundedCache[tuple[dict[str, str], str]] = BoundedCache(
    SHOWN_PARAMETERS_CACHE_SIZE)


def _shown_parameters(row: Any, registry: Registry) -> tuple[dict[str, str], str]:
    """A stack's parameters as shown, and its description, without outputs.

    Parsing every resource of the template (load()) would cost more than
    the rest of the request, so only the parameters are built; and since a
    raw template is written once (an update stores a new one), the answer
    for one template of one stack never changes and is kept: clients poll
    this call while their stacks are in progress.
    """
    def make() -> tuple[dict[str, str], str]:
        raw = raw_templates.get(row.raw_template_id)
        env, _ = hooks.split_environment(raw.environment)
        defn = StackDefinition(Template(raw.template or {}, raw.files), Environment(env),
                               registry, row.name, row.id, row.tenant)
        return defn.parameters.as_text(), defn.template.description

    return _SHOWN_PARAMETERS.get_or_make((row.raw_template_id, row.id, row.name, row.tenant),
                                         make)


def list_stacks(ctxt: RequestContext, **kwargs: Any) -> list[dict[str, Any]]:
    kwargs["filters"] = _stack_filters(kwargs.get("filters"))
    rows = stack_listing.list_summaries(ctxt.project_id, **kwargs)
    return [views.stack_summary(r) for r in rows]


def count_stacks(ctxt: RequestContext, **kwargs: Any) -> int:
    kwargs["filters"] = _stack_filters(kwargs.get("filters"))
    return stack_listing.count(ctxt.project_id, **kwargs)


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


@session.shared_reads()
def list_resources(ctxt: RequestContext, registry: Registry, identity: Mapping[str, Any],
                   with_detail: bool, filters: Mapping[str, Any] | None,
                   nested_depth: int = 0, max_depth: int = 5) -> list[dict[str, Any]]:
    """A stack's resources, then those of its nested stacks down to
    ``nested_depth`` levels (at most max_nested_stack_depth), as Heat."""
    row = lookup.get_stack(ctxt, identity, show_deleted=True)
    depth = max(0, min(int(nested_depth or 0), max_depth))
    return _stack_resources(row, registry, with_detail, filters, depth)


def _stack_resources(row: Any, registry: Registry, with_detail: bool,
                     filters: Mapping[str, Any] | None, depth: int) -> list[dict[str, Any]]:
    rows = resources.get_all_by_stack(row.id)
    needed_by = views.required_by(rows)
    defn = stored.load_definition(row, registry) if with_detail else None
    children = {c.parent_resource_name: c for c in stack_rows.children(row.id)}
    docs = []
    for rsrc in _ordered(rows):
        if filters and not _matches(rsrc, filters):
            continue
        child = children.get(rsrc.name)
        if child is not None and child.id != rsrc.physical_resource_id:
            child = None
        docs.append(_resource_doc(row, rsrc, needed_by[rsrc.name], with_detail, defn, (),
                                  child))
    if depth > 0:
        for rsrc in _ordered(rows):
            child = children.get(rsrc.name)
            if child is not None and child.id == rsrc.physical_resource_id:
                docs.extend(_stack_resources(child, registry, with_detail, filters,
                                             depth - 1))
    return docs


def _resource_doc(stack_row: Any, rsrc: Any, required: list[str], detail: bool,
                  defn: Any, with_attr: Sequence[str], child: Any = None) -> dict[str, Any]:
    description, names = "", []
    if detail and defn is not None and rsrc.name in defn.resources:
        rd = defn.resources[rsrc.name]
        description = rd.description
        names = list(rd.plugin.ATTRIBUTES)
    doc = views.resource(stack_row, rsrc, required, detail, description, names, with_attr)
    views.add_nesting(doc, stack_row, child)
    return doc


def describe_resource(ctxt: RequestContext, registry: Registry, identity: Mapping[str, Any],
                      resource_name: str, with_attr: Sequence[str] | None) -> dict[str, Any]:
    row = lookup.get_stack(ctxt, identity)
    rows = resources.get_all_by_stack(row.id)
    match = [r for r in rows if r.name == resource_name]
    if not match:
        raise exception.ResourceNotFound(resource_name=resource_name, stack_name=row.name)
    defn = stored.load_definition(row, registry)
    rsrc = match[-1]
    child = stacks.get(rsrc.physical_resource_id) if rsrc.physical_resource_id else None
    if child is not None and child.owner_id != row.id:
        child = None
    return _resource_doc(row, rsrc, views.required_by(rows)[resource_name], True, defn,
                         list(with_attr or []), child)


def list_events(ctxt: RequestContext, identity: Mapping[str, Any],
                filters: Mapping[str, Any] | None, limit: Any, marker: str | None,
                sort_keys: Any, sort_dir: str | None,
                nested_depth: int | None = None, max_depth: int = 5) -> list[dict[str, Any]]:
    """A stack's events; with ``nested_depth``, those of its nested stacks
    down to that depth too, each naming the root stack (Heat's root_stack_id)."""
    row = lookup.get_stack(ctxt, identity, show_deleted=True)
    depth = max(0, min(int(nested_depth or 0), max_depth))
    by_id = {row.id: row}
    level = [row]
    for _ in range(depth):
        level = [c for parent in level for c in stack_rows.children(parent.id)]
        by_id.update((c.id, c) for c in level)
    rows = events.list(list(by_id) if depth else row.id, filters=filters, limit=limit,
                       marker=marker, sort_keys=sort_keys, sort_dir=sort_dir)
    with_props = bool(filters and ("uuid" in filters or "id" in filters))
    docs = []
    for e in rows:
        doc = views.event(by_id.get(e.stack_id, row), e, with_props)
        if depth:
            doc[views.EVENT_ROOT_STACK_ID] = dict(views.stack_identity(row))
        docs.append(doc)
    return docs
