"""OS::Heat::AutoScalingGroup: between min_size and max_size copies of ``resource``.

Members get random 12-character names in one nested stack. The size starts
at ``desired_capacity`` (else ``min_size``); a stack update sets it to the
new desired_capacity, or keeps the current size within the new bounds.
OS::Heat::ScalingPolicy resizes the group when signalled (``adjust``):
scaling down removes failed members first, then the oldest. A change of
``resource`` with ``rolling_updates`` replaces members in batches.
``new_capacity`` is Heat's capacity arithmetic.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.db import resource_metadata
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import cooldown as cooldown_mod
from heatlite.engine.resources import member_group
from heatlite.engine.resources.member_group import MemberDefs, MemberGroup
from heatlite.engine.resources.resource_group import ROLLING_SCHEMA, policy_values
from heatlite.engine.resources.stack_resource import ChildSpec

ADJUSTMENT_TYPES = (CHANGE_IN_CAPACITY, EXACT_CAPACITY, PERCENT_CHANGE_IN_CAPACITY) = (
    "change_in_capacity", "exact_capacity", "percent_change_in_capacity")


def new_capacity(current: int, adjustment: float, adjustment_type: str,
                 min_step: int | None, minimum: int, maximum: int) -> int:
    """The group size a scaling adjustment leads to, within [minimum, maximum]."""
    if adjustment_type == CHANGE_IN_CAPACITY:
        size = current + int(adjustment)
    elif adjustment_type == EXACT_CAPACITY:
        size = int(adjustment)
    else:
        delta = current * adjustment / 100.0
        # Less than one member rounds away from zero, more rounds towards it.
        if abs(delta) < 1.0:
            step = int(math.ceil(delta) if delta > 0 else math.floor(delta))
        else:
            step = int(math.floor(delta) if delta > 0 else math.ceil(delta))
        if min_step and min_step > abs(step):
            step = min_step if step > 0 else -min_step
        size = current + step
    return max(minimum, min(maximum, size))


class AutoScalingGroup(MemberGroup):
    """OS::Heat::AutoScalingGroup (see the module docstring)."""

    # The cooldown state (cooldown.py) survives updates from the template.
    OWN_METADATA_KEYS = cooldown_mod.KEYS

    PROPERTIES = {
        "resource": properties.Schema(
            properties.MAP, "Resource definition for the resources in the group, in HOT "
            "format. The value of this property is the definition of a resource just as "
            "if it had been declared in the template itself.", required=True,
            update_allowed=True),
        "max_size": properties.Schema(
            properties.INTEGER, "Maximum number of resources in the group.", required=True,
            update_allowed=True, constraints=[constraints.Range(min=0)]),
        "min_size": properties.Schema(
            properties.INTEGER, "Minimum number of resources in the group.", required=True,
            update_allowed=True, constraints=[constraints.Range(min=0)]),
        "cooldown": properties.Schema(
            properties.INTEGER, "Cooldown period, in seconds.", update_allowed=True),
        "desired_capacity": properties.Schema(
            properties.INTEGER, "Desired initial number of resources.",
            update_allowed=True),
        "rolling_updates": properties.Schema(
            properties.MAP, "Policy for rolling updates for this scaling group.",
            update_allowed=True, schema=ROLLING_SCHEMA, default={}),
    }
    ATTRIBUTES = {
        "outputs": attributes.Schema(
            "A map of resource names to the specified attribute of each individual "
            "resource that is part of the AutoScalingGroup.", type=attributes.MAP),
        "outputs_list": attributes.Schema(
            "A list of the specified attribute of each individual resource that is part "
            "of the AutoScalingGroup.", type=attributes.LIST),
        "current_size": attributes.Schema(
            "The current size of AutoscalingResourceGroup.", type=attributes.INTEGER),
        member_group.REFS: attributes.Schema(
            "A list of resource IDs for the resources in the group.", type=attributes.LIST),
        member_group.REFS_MAP: attributes.Schema(
            "A map of resource names to IDs for the resources in the group.",
            type=attributes.MAP),
    }

    def validate(self) -> None:
        low, high = self.properties["min_size"], self.properties["max_size"]
        if low > high:
            raise exception.StackValidationFailed(
                message="min_size can not be greater than max_size")
        desired = self.properties.get("desired_capacity")
        if desired is not None and not low <= desired <= high:
            raise exception.StackValidationFailed(
                message="desired_capacity must be between min_size and max_size")
        if not isinstance(self.properties["resource"].get("type"), str):
            raise exception.StackValidationFailed(
                message="The resource of an autoscaling group needs a type")

    # -- members ---------------------------------------------------------------

    def member_def(self, name: str = "") -> dict[str, Any]:
        spec = self.properties["resource"]
        return {k: v for k, v in spec.items() if v is not None}

    def target_size(self) -> int:
        desired = self.properties.get("desired_capacity")
        if desired is not None:
            return int(desired)
        low, high = self.properties["min_size"], self.properties["max_size"]
        if self.resource_id is None:
            return low
        return max(low, min(high, len(self.current_definitions())))

    def _old_first(self) -> MemberDefs:
        """Existing members, the first to remove or replace first."""
        rows = {r.name: r for r in self.member_rows()}
        defs = self.current_definitions()

        def key(item: tuple[str, Any]) -> tuple[int, int]:
            row = rows.get(item[0])
            return (0 if row is not None and row.status == "FAILED" else 1,
                    row.id if row is not None else 0)

        return sorted(defs, key=key)

    def members_for(self, size: int, renew: int | None = None) -> MemberDefs:
        return member_group.rolling_members(self._old_first(), self.member_def, size,
                                            size if renew is None else renew,
                                            lambda: uuid.uuid4().hex[:12])

    def member_definitions(self) -> MemberDefs:
        return self.members_for(self.target_size(), 0)

    def nested_specs(self, files: Mapping[str, str]) -> list[ChildSpec]:
        """One member is enough to validate (none when the group starts empty)."""
        if not self.target_size():
            return []
        return [self.spec_for([(uuid.uuid4().hex[:12], self.member_def())])]

    def adjust(self, adjustment_type: str, adjustment: float, min_step: int | None,
               cooldown: int | None = None) -> None:
        """Resize by a scaling policy's adjustment, within min_size and max_size.

        NoActionRequired when the size would not change, while another
        scaling runs or within the cooldown (the policy's, else the group's).
        """
        current = len(self.current_definitions())
        size = new_capacity(current, adjustment, adjustment_type, min_step,
                            self.properties["min_size"], self.properties["max_size"])
        if size == current:
            raise resource.NoActionRequired(self.name, "no change in capacity")
        if cooldown is None:
            cooldown = self.properties.get("cooldown")
        self._start_scaling(cooldown)
        changed = False
        try:
            self.resize(size)
            changed = True
        finally:
            self._finish_scaling(cooldown, "%s : %s" % (adjustment_type, adjustment), changed)

    def _start_scaling(self, cooldown: int | None) -> None:
        """Mark a scaling as started, unless one runs or the cooldown lasts."""
        def start(current: dict[str, Any]) -> dict[str, Any]:
            reason = cooldown_mod.refusal(current, cooldown, cooldown_mod.now_iso())
            if reason is not None:
                raise resource.NoActionRequired(self.name, reason)
            return cooldown_mod.started(current)

        resource_metadata.merge(self.ctx.uuid, start)

    def _finish_scaling(self, cooldown: int | None, reason: str,
                        size_changed: bool = True) -> None:
        def finish(current: dict[str, Any]) -> dict[str, Any]:
            return cooldown_mod.finished(current, cooldown, reason, cooldown_mod.now_iso(),
                                         size_changed)

        try:
            resource_metadata.merge(self.ctx.uuid, finish)
        except exception.NotFound:
            pass  # the group was deleted meanwhile

    def _created_or_updated(self) -> None:
        """Creating or updating the group starts a cooldown, as scaling does."""
        self._finish_scaling(self.properties.get("cooldown"),
                             cooldown_mod.EXACT_CAPACITY_REASON % len(self.members_data()))

    def resize(self, size: int) -> None:
        """Grow or shrink the nested stack to ``size`` members (members kept as they are)."""
        self.run_batches([self.members_for(size, 0)], 0)

    # -- actions -----------------------------------------------------------------

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        if self.resource_id is None:
            raise resource.UpdateReplace(self.name)
        rolling = self.properties.get("rolling_updates")
        if "resource" in prop_diff and rolling:
            values = policy_values(rolling, ROLLING_SCHEMA, ["rolling_updates"])
            current = len(self.current_definitions())
            steps = list(member_group.batches(self.target_size(), current,
                                              values["max_batch_size"],
                                              values["min_in_service"]))
            self.check_pauses_fit(len(steps), values["pause_time"])
            return ("batches", steps, values["pause_time"])
        return ("batches", [(self.target_size(), self.target_size())], 0)

    def updates_in_steps(self) -> bool:
        return True  # handle_update always hands check_update_complete a plan

    def check_create_complete(self, cookie: Any) -> bool:
        done = super().check_create_complete(cookie)
        if done:
            self._created_or_updated()
        return done

    def check_update_complete(self, cookie: Any) -> bool:
        _kind, steps, pause = cookie
        for i, (size, renew) in enumerate(steps):
            if i and pause:
                self.sleep(pause)
            self.run_batches([self.members_for(size, renew)], 0)
        self._created_or_updated()
        return True

    # -- attributes ------------------------------------------------------------------

    def get_attribute(self, name: str) -> Any:
        if name in ("outputs", "outputs_list"):
            return None  # only meaningful with a path
        return super().get_attribute(name)

    def ordered_members(self, rows: list[Any]) -> list[Any]:
        """Live members oldest first, failed ones left out, as Heat lists an
        autoscaling group's members (row ids grow with creation time)."""
        return sorted((r for r in rows if r.status != "FAILED"), key=lambda r: r.id)

    @classmethod
    def member_at(cls, members: Sequence[Mapping[str, Any]], key: str) -> Any:
        """``resource.<n>`` is the n-th member in group order, not a name."""
        try:
            return members[int(key)]
        except (ValueError, IndexError):
            return None

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        members = attrs.get("_members") or []
        if name == "current_size":
            return len(members)
        if name == "outputs":
            return super().stored_attribute(attrs, member_group.ATTRIBUTES)
        if name == "outputs_list":
            table = super().stored_attribute(attrs, member_group.ATTRIBUTES)
            return {attr: list(by_member.values()) for attr, by_member in table.items()}
        return super().stored_attribute(attrs, name)


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::AutoScalingGroup": AutoScalingGroup}
