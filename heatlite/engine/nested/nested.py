"""Nested stacks driven in-process: the runner stack-resource plugins call.

A nested stack (OS::Heat::Stack, a template resource, a group's members)
is a real stack row: ``owner_id`` names the parent, ``nested_depth`` counts
the levels, ``parent_resource_name`` the resource it implements. Heat
creates one with an RPC call and then polls its status; here the engine
that runs the parent's resource creates, updates, deletes, suspends,
resumes and checks it directly with the operation modules a top-level
stack uses, and the parent's ``check_*_complete`` blocks on that
operation's completion event.

The jobs live apart: nested_build.py builds a child's definition (and
enforces ``max_nested_stack_depth`` and ``max_resources_per_stack`` over
the tree), nested_ops.py starts and awaits its operations, nested_reads.py
reads it, nested_scaling.py handles scaling signals; ``NestedStacks`` puts
them together as the one object plugins see (``ResourceContext.nested``).
"""

from __future__ import annotations

from typing import Any

from heatlite.common import exception
from heatlite.db import stacks
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.nested import nested_reads
from heatlite.engine.nested import nested_scaling
from heatlite.engine.nested.nested_ops import CANCEL_GRACE_SECS, NestedOperations, NestedRun
from heatlite.engine.software import signal_urls

__all__ = ["CANCEL_GRACE_SECS", "NestedRun", "NestedStacks"]


class NestedStacks(NestedOperations):
    """The engine's nested stack runner (one per EngineService)."""

    # -- reads (nested_reads.py) ----------------------------------------------

    owns = staticmethod(nested_reads.owns)
    outputs = staticmethod(nested_reads.outputs)
    members = staticmethod(nested_reads.members)
    stack_name = staticmethod(nested_reads.stack_name)
    files_of = staticmethod(nested_reads.files_of)
    arn_of = staticmethod(nested_reads.arn_of)
    template_of = staticmethod(nested_reads.template_of)

    def stack_timeout_secs(self, stack_id: str) -> float:
        """The timeout of the stack a resource is in, in seconds."""
        return nested_reads.timeout_secs(stack_id, self.engine.conf.stack_action_timeout)

    # -- scaling and signals (nested_scaling.py) --------------------------------

    def scale_group(self, ctx: resource_mod.ResourceContext, group_ref: str,
                    adjustment_type: str, adjustment: float, min_step: int | None,
                    cooldown: int | None = None) -> None:
        """Resize the group a scaling policy names, under its stack's lock.

        The group is found by reference id or name in the policy's stack;
        afterwards its stored attributes and the outputs of its stack and
        of every stack above are stored again.
        """
        parent = self._parent(ctx)
        group = nested_scaling.find_group(parent, group_ref)
        if status.IN_PROGRESS in (group.status, parent.status):
            raise exception.ActionInProgress(stack_name=parent.name, action=parent.action)
        plugin_cls = self.plugins_of(parent, {group.name: group})[group.name]
        if not hasattr(plugin_cls, "adjust"):
            raise exception.StackValidationFailed(
                message="Resource %s is not an autoscaling group" % group.name)
        with self.engine.lock(parent, "scale"):
            plugin = plugin_cls(nested_scaling.plugin_context(parent, group, plugin_cls, self,
                                                              ctx.sleep))
            plugin.adjust(adjustment_type, adjustment, min_step, cooldown)
            nested_scaling.store_attributes(group, plugin)
            nested_scaling.refresh_up(parent, self.engine.registry, self, self.stored_plugins,
                                      ctx.sleep)

    def refresh_outputs(self, row: Any) -> None:
        """Store a stack's outputs again from its resources' stored values."""
        nested_scaling.refresh_outputs(row, self.engine.registry)

    def signal_urls(self, ctx: resource_mod.ResourceContext) -> tuple[str, str]:
        """(signed signal URL, native signal URL) of a resource."""
        row = stacks.get(ctx.stack_id)
        tenant = row.tenant if row is not None else ""
        return (signal_urls.signed_url(self.engine.conf, tenant, ctx.stack_name, ctx.stack_id,
                                       ctx.name, ctx.uuid),
                signal_urls.native_signal_url(self.engine.conf, tenant, ctx.stack_name,
                                              ctx.stack_id, ctx.name))
