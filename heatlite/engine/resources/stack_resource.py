"""The base of resources implemented by a nested stack.

``StackResource`` turns handle_create/update/delete into the create, update
or delete of its nested stack through the engine's in-process runner
(``ResourceContext.nested``, a heatlite.engine.nested.nested.NestedStacks), and
blocks in check_*_complete on that operation's end. A subclass says what
the nested stack is (``child_spec``). The nested stack's outputs are stored
with the resource's attributes when it completes (key ``_outputs``), so
``get_attr`` reads them without touching the nested stack again.

Suspend, resume and check do the same to the nested stack (Heat's
stack_suspend/resume/check on the child); adopt adopts it from the
resource's entry of the abandon document, which is the nested stack's
own. ``nested_specs`` says which nested templates the parent stack's
validation looks into (and ``template_url`` how its errors name them,
Heat's ``<name><<url>>``).

``ChildSpec`` is what a subclass hands over: template, parameters, files,
timeout. ``arn`` is Heat's reference id of a nested stack.

After an engine went down during one of these actions, the engine taking
the stack over resumes the nested stack's own operation and waits on it
(``takeover_cookie``).

``member_entry`` and ``member_attribute`` are how a nested stack's own
resources are stored with the resource and read back as
``resource.<name>`` (reference id) and ``resource.<name>.<attr>``, the
attributes Heat gives groups and template resources.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import resource

# Heat's template_url of a nested stack built by the resource itself.
NESTED_STACK = "nested_stack"


@dataclasses.dataclass
class ChildSpec:
    """What a stack resource wants its nested stack to be."""

    template: Mapping[str, Any]
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    # None: the parent stack's files map.
    files: Mapping[str, str] | None = None
    timeout_mins: int | None = None
    # The resource_registry entry that made this resource a template
    # resource: left out of the child's environment so it cannot recurse.
    remove_type: str | None = None


def arn(tenant: str, stack_name: str, stack_id: str) -> str:
    """Heat's ARN of a stack (the reference id of a nested stack resource)."""
    return "arn:openstack:heat::%s:stacks/%s/%s" % (tenant, stack_name, stack_id)


def outputs_by_key(stored: Any) -> dict[str, Any]:
    """A stack's stored outputs (a list of output documents) by key."""
    if not stored:
        return {}
    return {o.get("output_key"): o.get("output_value") for o in stored
            if isinstance(o, Mapping)}


MEMBER_PREFIX = attributes.MEMBER_PREFIX


def member_entry(rec: Any) -> dict[str, Any]:
    """A nested resource's record as stored with its parent: name, refid, attrs."""
    stored = rec.attr_data or {}
    return {"name": rec.name, "refid": stored.get("refid", rec.physical_resource_id),
            "attrs": stored.get("attrs") or {}}


def member_attrs(member: Mapping[str, Any]) -> dict[str, Any]:
    """A member's attributes, with a nested member's outputs among them."""
    stored = member.get("attrs") or {}
    # Keys starting with "_" are the member's own bookkeeping, not attributes.
    attrs = {k: v for k, v in stored.items() if not k.startswith("_")}
    for key, value in (stored.get("_outputs") or {}).items():
        attrs.setdefault(key, value)
    return attrs


def member_named(members: Sequence[Mapping[str, Any]], key: str) -> Any:
    """The member called ``key`` (None if there is none)."""
    return next((m for m in members if m["name"] == key), None)


def member_attribute(members: Sequence[Mapping[str, Any]], name: str, group: str = "",
                     pick: Callable[[Sequence[Mapping[str, Any]], str], Any] = member_named
                     ) -> Any:
    """``resource.<member>`` (its reference id) or ``resource.<member>.<attr>``;
    ``pick`` finds the member (by name here, by index in an autoscaling group)."""
    parts = name.split(".", 2)
    found = pick(members, parts[1])
    if found is None:
        raise exception.NotFound(message="Member '%s' not found in group resource '%s'."
                                 % (parts[1], group))
    if len(parts) == 2:
        return found["refid"]
    return member_attrs(found).get(parts[2])


class StackResource(resource.Resource):
    """A resource whose work is a nested stack (see the module docstring)."""

    # Heat does not check get_attr names of these types (they override
    # get_attribute): outputs and member attributes are open-ended.
    ANY_ATTRIBUTES = True
    # As Heat: the nested stack is always updated; its resources decide.
    ALWAYS_UPDATE = True
    # After a takeover the nested stack's own operation is resumed and
    # waited on (takeover_cookie), never a second nested stack made.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.CHECK, "CREATE", "UPDATE", "DELETE",
                                               "SUSPEND", "RESUME", "CHECK")

    def child_spec(self) -> ChildSpec:
        """The nested stack this resource should have now."""
        raise NotImplementedError

    def runner(self) -> Any:
        """The engine's nested stack runner (NotImplementedYet without one)."""
        if self.ctx.nested is None:
            raise exception.NotImplementedYet(
                feature="Nested stacks outside an engine operation (resource %s)"
                % self.name)
        return self.ctx.nested

    # -- create, update, delete ---------------------------------------------

    def handle_create(self) -> Any:
        run = self.runner().create(self.ctx, self.child_spec())
        self.resource_id_set(run.stack_id)
        return run

    def check_create_complete(self, cookie: Any) -> bool:
        self.remember(self.runner().wait(cookie))
        return True

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        if self.resource_id is None:
            raise resource.UpdateReplace(self.name)
        return self.runner().update(self.ctx, self.resource_id, self.child_spec())

    def check_update_complete(self, cookie: Any) -> bool:
        self.remember(self.runner().wait(cookie))
        return True

    def handle_adopt(self, resource_data: Mapping[str, Any] | None) -> None:
        """Adopt the nested stack: ``resource_data`` is its abandon document,
        whose ``resources`` its own resources are adopted from."""
        resources = (resource_data or {}).get("resources") or {}
        run = self.runner().create(self.ctx, self.child_spec(), adopt=dict(resources))
        self.resource_id_set(run.stack_id)
        self.remember(self.runner().wait(run))

    def handle_delete(self) -> Any:
        if self.resource_id is None:
            return None
        return self.runner().delete(self.resource_id, self.ctx.stack_id)

    def check_delete_complete(self, cookie: Any) -> bool:
        self.runner().wait(cookie)
        self.forget()
        return True

    # -- takeover: another engine went down during the action ------------------

    def takeover_cookie(self, action: str) -> Any:
        """The nested stack's ``action``, taken over from the dead engine
        (its stored physical id names it); NOT_STARTED when the nested stack
        is not in it, so handle_<action> starts it (an update again: one
        whose nested stack is at its target already changes nothing)."""
        run = None
        if self.resource_id is not None:
            run = self.runner().resume(self.ctx, self.resource_id, action)
        if run is None:
            return resource.NOT_STARTED
        if action == "UPDATE" and self.updates_in_steps():
            # The step the dead engine was in is finished first; the steps
            # left are planned again from the members there are now.
            self.runner().wait(run)
            return resource.NOT_STARTED
        return run

    def updates_in_steps(self) -> bool:
        """Whether handle_update plans several nested updates in a row (a
        rolling update), which a takeover plans again instead of resuming."""
        return False

    # -- suspend, resume, check: the nested stack does the same ----------------

    def _nested_action(self, action: str) -> Any:
        if self.resource_id is None:
            raise exception.Error(message="Cannot %s %s, stack not created"
                                  % (action.lower(), self.name))
        return self.runner().action(self.ctx, self.resource_id, action)

    def handle_suspend(self) -> Any:
        return self._nested_action("SUSPEND")

    def check_suspend_complete(self, cookie: Any) -> bool:
        self.runner().wait(cookie)
        return True

    def handle_resume(self) -> Any:
        return self._nested_action("RESUME")

    def check_resume_complete(self, cookie: Any) -> bool:
        self.runner().wait(cookie)
        return True

    def handle_check(self) -> Any:
        return self._nested_action("CHECK")

    def check_check_complete(self, cookie: Any) -> bool:
        self.runner().wait(cookie)
        return True

    # -- validation with the parent stack ----------------------------------------

    def template_url(self) -> str:
        """How a validation error names the nested template (Heat's path part)."""
        return NESTED_STACK

    def nested_specs(self, files: Mapping[str, str]) -> list[ChildSpec]:
        """The nested templates to validate with the parent stack (none: skip).

        ``files`` is the parent's files map. Called on a plugin built from
        the definition alone (no runner, no resource id), before anything
        exists.
        """
        return [self.child_spec()]

    # -- attributes ------------------------------------------------------------

    def forget(self) -> None:
        """Drop what was read of the nested stack (it just changed)."""
        self.__dict__.pop("_outputs_cache", None)
        self.__dict__.pop("_members_cache", None)
        self.__dict__.pop("_arn_cache", None)

    def remember(self, row: Any) -> None:
        """Forget, then keep the outputs and ARN of the nested stack's row as
        its operation left it (what the runner's ``wait`` returns), so the
        attributes stored next need no query."""
        self.forget()
        if row is not None and self.resource_id is not None and row.id == self.resource_id:
            self._outputs_cache = outputs_by_key(row.outputs)
            self._arn_cache = arn(row.tenant, row.name, row.id)

    def outputs(self) -> dict[str, Any]:
        """The nested stack's outputs by key (read once per plugin instance)."""
        cached = getattr(self, "_outputs_cache", None)
        if cached is None:
            cached = self.runner().outputs(self.resource_id) if self.resource_id else {}
            self._outputs_cache = cached
        return cached

    def nested_arn(self) -> str | None:
        """The nested stack's ARN (read once per plugin instance)."""
        cached = getattr(self, "_arn_cache", None)
        if cached is None and self.resource_id is not None:
            cached = self.runner().arn_of(self.resource_id)
            self._arn_cache = cached
        return cached

    def extra_attribute_data(self) -> dict[str, Any]:
        return {"_outputs": self.outputs()}

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        if name in attrs and not name.startswith("_"):
            return attrs[name]
        return (attrs.get("_outputs") or {}).get(name)
