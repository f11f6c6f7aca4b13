"""Updating one existing resource to a new definition: unchanged, in place,
or "needs replacement" (the caller then creates a new row and deletes this
one later, as Heat's update does).

The comparison is between the properties stored when the resource last
completed (``properties_data``) and the new definition's properties resolved
now, when everything the resource needs is done; only properties of the
new schema count (a provider template may drop one). As in Heat: a type
change, a FAILED resource, or a change to a property its schema does not mark
``update_allowed`` means replacement; a change to an ``immutable`` property
fails the update; ``restricted_actions`` in the environment refuse the
update or the replacement. Metadata comes from the template, except the
keys a plugin writes itself (``merged_metadata``). A resource with an
``external_id`` is never updated, and that id may not change (``_external``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

from heatlite.common import exception
from heatlite.db import resource_metadata
from heatlite.engine import function
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.stack import hooks
from heatlite.engine.stack import plugin_lookup
from heatlite.engine.stack.definition import ResourceDefinition, ResourceState, StackScope
from heatlite.engine.template import template as tmpl
from heatlite.engine.walk import resource_action
from heatlite.engine.walk.recorder import STATE_CHANGED, Recorder
from heatlite.engine.walk.resource_action import (Driver, Gate, ResourceRecord,
                                             resolved_attributes, user_properties)


class Outcome(enum.Enum):
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    REPLACE = "replace"
    FAILED = "failed"


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> frozenset[str]:
    """Property names whose value differs (added and removed ones included)."""
    return frozenset(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def same_implementation(defn: ResourceDefinition, rec: ResourceRecord,
                        old_plugin: type[resource_mod.Resource] | None) -> bool:
    """Whether the row's type and the new one are implemented alike.

    As Heat, the classes are compared, not the type names: a type renamed
    to another alias of one plugin, or moved between provider templates,
    is updated in place; an alias now mapped to another plugin is replaced.
    """
    if old_plugin is None:
        return rec.type == defn.type_name
    return (plugin_lookup.implementation(old_plugin)
            is plugin_lookup.implementation(defn.plugin))


def decide(defn: ResourceDefinition, rec: ResourceRecord,
           new_props: Mapping[str, Any], new_metadata: Any,
           old_plugin: type[resource_mod.Resource] | None = None
           ) -> tuple[Outcome, frozenset[str]]:
    """What an update of ``rec`` (of class ``old_plugin``) to ``defn`` needs,
    without side effects.

    Raises NotSupported for a change to an immutable property.
    """
    plugin = defn.plugin
    same = same_implementation(defn, rec, old_plugin)
    if plugin.NEVER_UPDATE and same:
        return Outcome.UNCHANGED, frozenset()
    existing = plugin.ALWAYS_UPDATE and rec.physical_resource_id is not None
    if not same or (rec.status == status.FAILED and not existing):
        return Outcome.REPLACE, frozenset()
    if plugin.REPLACE_ON_UPDATE:
        return Outcome.REPLACE, frozenset()
    if rec.action == status.INIT or rec.state == (status.DELETE, status.COMPLETE):
        return Outcome.REPLACE, frozenset()
    before = rec.properties_data if isinstance(rec.properties_data, dict) else {}
    changed = changed_keys(before, new_props)
    if not plugin.ANY_PROPERTIES:
        changed = changed & frozenset(plugin.PROPERTIES)
    stored_metadata = rec.stored_metadata or {}
    metadata_changed = merged_metadata(plugin, stored_metadata, new_metadata) \
        != stored_metadata
    if not changed:
        updates = metadata_changed or existing
        return (Outcome.UPDATED if updates else Outcome.UNCHANGED), changed
    if plugin.ANY_PROPERTIES:
        return Outcome.UPDATED, changed
    immutable = sorted(changed & plugin.immutable_properties())
    if immutable:
        raise exception.NotSupported(
            feature="Update to properties %s of %s (%s)"
            % (", ".join(immutable), defn.name, defn.type_name))
    if not changed <= plugin.update_allowed_properties():
        return Outcome.REPLACE, changed
    return Outcome.UPDATED, changed


def merged_metadata(plugin: type[resource_mod.Resource], stored: Any,
                    template: Any) -> dict[str, Any]:
    """The metadata a resource has after an update from ``template``'s.

    The template's, except for the keys the plugin writes itself
    (``OWN_METADATA_KEYS``): those keep their stored value, a map updated
    with the template's entries, as Heat merges a server's
    ``os-collect-config`` and keeps its ``deployments``.
    """
    new = dict(template) if isinstance(template, Mapping) else {}
    stored = stored if isinstance(stored, Mapping) else {}
    for key in plugin.OWN_METADATA_KEYS:
        if key not in stored:
            continue
        kept, given = stored[key], new.get(key)
        if isinstance(kept, Mapping) and isinstance(given, Mapping):
            new[key] = dict(kept, **given)
        else:
            new[key] = kept
    return new


def preview(defn: ResourceDefinition, rec: ResourceRecord,
            old_plugin: type[resource_mod.Resource] | None = None) -> Outcome:
    """The outcome an update would have, judged now (for preview)."""
    try:
        outcome, changed = decide(defn, rec, user_properties(defn),
                                  _metadata(defn), old_plugin)
    except exception.HeatException:
        return Outcome.UPDATED
    if outcome is Outcome.UPDATED and changed:
        return _preview_replace(defn, rec, changed)
    return outcome


def _preview_replace(defn: ResourceDefinition, rec: ResourceRecord,
                     changed: frozenset[str]) -> Outcome:
    """REPLACE when the plugin says these changes need a replacement."""
    try:
        props = defn.property_set().resolve_all()
        plugin = defn.plugin(_context(defn, rec, props))
        before = rec.properties_data if isinstance(rec.properties_data, dict) else {}
        if plugin.needs_replace_with_prop_diff(changed, before):
            return Outcome.REPLACE
    except Exception:
        return Outcome.UPDATED  # the update itself reports what is wrong
    return Outcome.UPDATED


def _metadata(defn: ResourceDefinition) -> Any:
    try:
        return function.resolve(defn.metadata)
    except Exception:
        return {}


def _context(defn: ResourceDefinition, rec: ResourceRecord,
             props: dict[str, Any]) -> resource_mod.ResourceContext:
    return resource_mod.ResourceContext(
        name=defn.name, stack_name="", stack_id="", uuid=rec.uuid, action=status.UPDATE,
        properties=props, resource_id=rec.physical_resource_id, data=dict(rec.data))


def update(defn: ResourceDefinition, rec: ResourceRecord, scope: StackScope,
           recorder: Recorder, stack_name: str, stack_id: str,
           sleep: Callable[[float], None], gate: Gate,
           old_plugin: type[resource_mod.Resource] | None = None,
           handed_off: Callable[[], bool] = lambda: False,
           resume: str | None = None) -> Outcome:
    """Update ``rec`` in place, or report that it needs replacing.

    On REPLACE the old row has been moved UPDATE IN_PROGRESS -> COMPLETE with
    Heat's "requires replacement" reason; the caller creates the new one.
    A failure once the operation was ``handed_off`` (a graceful stop cut
    the plugin's wait short) leaves the row IN_PROGRESS for whoever resumes.
    ``resume`` (REDRIVE or CHECK) goes on with an update a dead engine left
    IN_PROGRESS: no hook, no new IN_PROGRESS step, and the plugin is called
    even when nothing changed, so the row ends COMPLETE.
    """
    drv = Driver(rec, recorder, stack_name, stack_id, sleep)
    if rec.action != status.INIT and rec.state != (status.DELETE, status.COMPLETE):
        outcome = _external(defn, drv, scope)
        if outcome is not None:
            return outcome
    if resume is None and not gate.pause(drv, status.UPDATE, hooks.PRE_UPDATE):
        return Outcome.FAILED
    new_props = user_properties(defn)
    new_metadata = _metadata(defn)
    restricted = gate.restricted(rec.name)
    try:
        outcome, changed = decide(defn, rec, new_props, new_metadata, old_plugin)
    except exception.NotSupported as exc:
        if resume is None:
            drv.move(status.UPDATE, status.IN_PROGRESS, STATE_CHANGED, new_props)
        drv.fail(status.UPDATE, exc, None, new_props)
        return Outcome.FAILED
    if restricted and outcome is Outcome.UPDATED and changed:
        # With restrictions Heat previews the update first, so a plugin's
        # own replacement rule counts before the in-place update is refused.
        outcome = _preview_replace(defn, rec, changed)
    refused = {Outcome.REPLACE: hooks.REPLACE, Outcome.UPDATED: hooks.UPDATE}.get(outcome)
    if refused in restricted:
        _restricted(drv, refused)
        return Outcome.FAILED
    if outcome is Outcome.UNCHANGED and resume is not None:
        outcome = Outcome.UPDATED  # the row is IN_PROGRESS: the plugin finishes it
    if outcome is Outcome.UNCHANGED:
        _keep_state(rec, scope, defn.name)
        return Outcome.UNCHANGED
    if outcome is Outcome.REPLACE and rec.action == status.INIT:
        return Outcome.REPLACE  # never created: nothing to record on the old row
    if resume is None:
        drv.move(status.UPDATE, status.IN_PROGRESS, STATE_CHANGED, new_props)
    if outcome is Outcome.REPLACE:
        drv.move(status.UPDATE, status.COMPLETE, str(resource_mod.UpdateReplace(rec.name)),
                 new_props)
        return Outcome.REPLACE
    ctx = None
    try:
        props = defn.property_set().checked()
        ctx = drv.context(status.UPDATE, props, gate.nested)
        ctx.update_policy = dict(function.resolve(defn.update_policy) or {})
        plugin = defn.plugin(ctx)
        plugin.validate()
        before = rec.properties_data if isinstance(rec.properties_data, dict) else {}
        if changed and plugin.needs_replace_with_prop_diff(changed, before):
            raise resource_mod.UpdateReplace(rec.name)
        diff = {k: props.get(k) for k in changed}
        drv.wait_complete(plugin.check_update_complete, resource_action.first_cookie(
            plugin, status.UPDATE, resume, lambda: plugin.handle_update(diff)))
        new_metadata = _store_metadata(defn.plugin, rec, new_metadata)
        attrs = resolved_attributes(plugin)
        ref_id = plugin.get_reference_id()
    except resource_mod.UpdateReplace as exc:
        if hooks.REPLACE in restricted:
            drv.fail(status.UPDATE, exception.ResourceActionRestricted(action="replace"),
                     ctx, new_props)
            return Outcome.FAILED
        drv.move(status.UPDATE, status.COMPLETE, str(exc), new_props)
        return Outcome.REPLACE
    except Exception as exc:
        if handed_off():
            return Outcome.FAILED
        drv.fail(status.UPDATE, exc, ctx, new_props)
        return Outcome.FAILED
    rec.physical_resource_id = ctx.resource_id
    rec.data = dict(ctx.data)
    rec.properties_data = new_props
    rec.stored_metadata = new_metadata
    rec.attr_data = {"refid": ref_id, "attrs": attrs}
    values = {"physical_resource_id": ctx.resource_id, "data": rec.data,
              "attr_data": rec.attr_data, "properties_data": new_props}
    if not defn.plugin.OWN_METADATA_KEYS:
        values["rsrc_metadata"] = new_metadata
    drv.move(status.UPDATE, status.COMPLETE, STATE_CHANGED, new_props, values)
    scope.states[defn.name] = ResourceState(ref_id=ref_id, attrs=attrs)
    if not gate.pause(drv, status.UPDATE, hooks.POST_UPDATE):
        return Outcome.FAILED
    return Outcome.UPDATED


FAILED_KEPT = "Update status to COMPLETE for FAILED resource neither update nor replace."


def _external(defn: ResourceDefinition, drv: Driver, scope: StackScope) -> Outcome | None:
    """Heat's rule for ``external_id``, before anything else: it may not
    change (nor be added or removed), and an external resource is never
    updated. None when the resource is the stack's own on both sides."""
    rec = drv.rec
    try:
        new = defn.external_ref()
    except Exception as exc:
        rec.status_reason = drv.failure_reason(status.UPDATE, exc)
        return Outcome.FAILED
    old = resource_action.external_id_of(rec)
    if old != new:
        exc = exception.NotSupported(feature="Update to property %s of %s (%s)" % (
            tmpl.RES_EXTERNAL_ID, rec.name, rec.type))
        # Refused before any state change: no event, the row as it was.
        rec.status_reason = drv.failure_reason(status.UPDATE, exc)
        return Outcome.FAILED
    if new is None:
        return None
    if rec.status == status.FAILED:
        drv.move(rec.action, status.COMPLETE, FAILED_KEPT, rec.properties_data)
    _keep_state(rec, scope, defn.name)
    return Outcome.UNCHANGED


def _store_metadata(plugin: type[resource_mod.Resource], rec: ResourceRecord,
                    template: Any) -> Any:
    """For a plugin that writes its own metadata keys, merge the template's in
    under the row lock (what it wrote meanwhile, such as a deployment's
    change, is kept); other plugins' metadata is stored with the update."""
    if not plugin.OWN_METADATA_KEYS:
        return template
    return resource_metadata.merge(rec.uuid,
                                   lambda current: merged_metadata(plugin, current, template))


def _restricted(drv: Driver, action: str) -> None:
    """Heat's answer to a restricted action: an event, the resource unchanged."""
    exc = exception.ResourceActionRestricted(action=action)
    drv.recorder.resource_event(drv.rec.name, drv.rec.type, (status.UPDATE, status.FAILED),
                                str(exc), drv.event_id(), drv.rec.properties_data)
    drv.rec.status_reason = drv.failure_reason(status.UPDATE, exc)


def _keep_state(rec: ResourceRecord, scope: StackScope, name: str) -> None:
    attr_data = rec.attr_data or {}
    if attr_data:
        scope.states[name] = ResourceState(ref_id=attr_data.get("refid"),
                                           attrs=dict(attr_data.get("attrs") or {}))
