"""OS::Heat::ResourceGroup: ``count`` copies of one resource definition.

Members are named "0", "1", ... in one nested stack, each from
``resource_def`` with ``index_var`` (``%index%``) replaced by its name.
``removal_policies`` name members (by name or reference id) to remove for
good: their names go on a skiplist kept in the resource's data (Heat's
``name_blacklist``) and are never reused; ``removal_policies_mode: update``
replaces the list instead of adding to it. ``update_policy``:
``batch_create`` creates members ``max_batch_size`` at a time,
``rolling_update`` replaces them so on a ``resource_def`` change, keeping
``min_in_service``, with ``pause_time`` between batches.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from heatlite.common import config
from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import member_group
from heatlite.engine.resources.member_group import MemberDefs, MemberGroup
from heatlite.engine.resources.stack_resource import ChildSpec

SKIPLIST_KEY = "name_blacklist"
COUNT, INDEX_VAR, RESOURCE_DEF = "count", "index_var", "resource_def"
REMOVAL_POLICIES, REMOVAL_POLICIES_MODE = "removal_policies", "removal_policies_mode"
ROLLING_UPDATE, BATCH_CREATE = "rolling_update", "batch_create"
MIN_IN_SERVICE, MAX_BATCH_SIZE, PAUSE_TIME = "min_in_service", "max_batch_size", "pause_time"


def _batch_schema(what: str) -> dict[str, properties.Schema]:
    return {
        MAX_BATCH_SIZE: properties.Schema(
            properties.INTEGER, "The maximum number of resources to %s at once." % what,
            default=1, constraints=[constraints.Range(min=1)]),
        PAUSE_TIME: properties.Schema(
            properties.NUMBER, "The number of seconds to wait between batches.",
            default=0, constraints=[constraints.Range(min=0)]),
    }


ROLLING_SCHEMA = dict(_batch_schema("replace"), **{
    MIN_IN_SERVICE: properties.Schema(
        properties.INTEGER, "The minimum number of resources in service while rolling "
        "updates are being executed.", default=0, constraints=[constraints.Range(min=0)]),
})


def policy_values(policy: Any, schema: Mapping[str, properties.Schema],
                  path: list[str]) -> dict[str, Any]:
    """An update_policy entry checked against its schema, defaults filled in."""
    props = properties.Properties(schema, policy if isinstance(policy, Mapping) else {}, path)
    return props.checked()


def replace_index(value: Any, var: str, name: str) -> Any:
    """``value`` with ``var`` replaced by the member's name in every string."""
    if isinstance(value, str):
        return value.replace(var, name)
    if isinstance(value, Mapping):
        return {k: replace_index(v, var, name) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_index(v, var, name) for v in value]
    return value


def _check_count(count: int) -> None:
    """A count over max_resources_per_stack can never be created: refused
    before millions of member names and definitions are built (issue #13);
    the limit over the whole tree is still checked when the child is made."""
    limit = config.CONF.max_resources_per_stack
    if limit != -1 and count > limit:
        raise exception.RequestLimitExceeded(
            message="Maximum resources per stack exceeded.")


class ResourceGroup(MemberGroup):
    """OS::Heat::ResourceGroup (see the module docstring)."""

    PROPERTIES = {
        COUNT: properties.Schema(
            properties.INTEGER, "The number of resources to create.", default=1,
            constraints=[constraints.Range(min=0)], update_allowed=True),
        INDEX_VAR: properties.Schema(
            properties.STRING, "A variable that this resource will use to replace with the "
            "current index of a given resource in the group.", default="%index%",
            constraints=[constraints.Length(min=3)]),
        RESOURCE_DEF: properties.Schema(
            properties.MAP, "Resource definition for the resources in the group.",
            required=True, update_allowed=True, schema={
                "type": properties.Schema(
                    properties.STRING, "The type of the resources in the group.",
                    required=True),
                "properties": properties.Schema(
                    properties.MAP, "Property values for the resources in the group."),
                "metadata": properties.Schema(
                    properties.MAP, "Supplied metadata for the resources in the group."),
            }),
        REMOVAL_POLICIES: properties.Schema(
            properties.LIST, "Policies for removal of resources on update.", default=[],
            update_allowed=True, schema=properties.Schema(
                properties.MAP, "Policy to be processed when doing an update which "
                "requires removal of specific resources.", schema={
                    "resource_list": properties.Schema(
                        properties.LIST, "List of resources to be removed when doing an "
                        "update which requires removal of specific resources.",
                        default=[]),
                })),
        REMOVAL_POLICIES_MODE: properties.Schema(
            properties.STRING, "How to handle changes to removal_policies on update.",
            default="append", update_allowed=True,
            constraints=[constraints.AllowedValues(["append", "update"])]),
    }
    ATTRIBUTES = {
        member_group.REFS: attributes.Schema(
            "A list of resource IDs for the resources in the group.", type=attributes.LIST),
        member_group.REFS_MAP: attributes.Schema(
            "A map of resource names to IDs for the resources in the group.",
            type=attributes.MAP),
        member_group.ATTRIBUTES: attributes.Schema(
            "A map of resource names to the specified attribute of each individual "
            "resource. Requires heat_template_version: 2014-10-16.", type=attributes.MAP),
        member_group.REMOVED: attributes.Schema(
            "A list of removed resource names.", type=attributes.LIST),
    }
    UPDATE_POLICY = {
        ROLLING_UPDATE: properties.Schema(properties.MAP, schema=ROLLING_SCHEMA),
        BATCH_CREATE: properties.Schema(properties.MAP, schema=_batch_schema("create")),
    }

    def validate(self) -> None:
        count = self.properties.get(COUNT)
        if isinstance(count, int):
            _check_count(count)  # before any member is named or defined
        for key, schema in self.UPDATE_POLICY.items():
            if key in self.ctx.update_policy:
                policy_values(self.ctx.update_policy[key], schema.schema or {},
                              ["update_policy", key])

    # -- names -----------------------------------------------------------------

    def skiplist(self) -> set[str]:
        text = self.data().get(SKIPLIST_KEY)
        return set(text.split(",")) if text else set()

    def _removal_requests(self, current: set[str]) -> Iterator[str]:
        members = None
        for policy in self.properties.get(REMOVAL_POLICIES) or []:
            for item in (policy or {}).get("resource_list") or []:
                name = str(item)
                if members is None:
                    members = {m["name"]: m["refid"] for m in self.members_data()}
                if name in current or self.resource_id is None or name in members:
                    yield name
                elif isinstance(item, str):
                    yield from (n for n, ref in members.items() if ref == item)

    def update_skiplist(self) -> None:
        """Add (or, in update mode, set) the names the removal policies ask for."""
        current = self.skiplist()
        base = set() if self.properties.get(REMOVAL_POLICIES_MODE) == "update" else current
        wanted = base | set(self._removal_requests(current))
        if wanted != current:
            self.data_set(SKIPLIST_KEY, ",".join(sorted(wanted)))

    def names(self, size: int | None = None) -> list[str]:
        skip = self.skiplist()
        size = self.properties[COUNT] if size is None else size
        _check_count(size)
        candidates = (str(i) for i in itertools.count())
        return list(itertools.islice((n for n in candidates if n not in skip), size))

    def removed_names(self) -> list[str]:
        return sorted(self.skiplist(), key=member_group.name_key)

    # -- definitions -------------------------------------------------------------

    def member_def(self, name: str) -> dict[str, Any]:
        spec = self.properties[RESOURCE_DEF]
        out: dict[str, Any] = {"type": spec["type"]}
        props = {k: v for k, v in (spec.get("properties") or {}).items() if v is not None}
        if props:
            out["properties"] = replace_index(copy.deepcopy(props),
                                              self.properties[INDEX_VAR], name)
        if spec.get("metadata"):
            out["metadata"] = copy.deepcopy(spec["metadata"])
        return out

    def member_definitions(self) -> MemberDefs:
        return [(n, self.member_def(n)) for n in self.names()]

    def nested_specs(self, files: Mapping[str, str]) -> list[ChildSpec]:
        """One member is enough to validate (none with count 0, as Heat)."""
        if not self.properties.get(COUNT):
            return []
        first = self.names(1)[0]
        return [self.spec_for([(first, self.member_def(first))])]

    def _batch_step(self, size: int, renew: int) -> MemberDefs:
        """The members of one rolling batch, from the members there are now."""
        names = self.names(size)
        skip = self.skiplist()
        target = self.properties[COUNT]
        existing = [(n, d) for n, d in self.current_definitions() if n not in skip]

        def priority(item: tuple[str, Any]) -> int:
            if item[0] not in names:
                return 0  # removed: goes first
            index = names.index(item[0])
            return target - index if index < target else size

        old = sorted(existing, key=priority)
        taken = {n for n, _ in existing}
        fresh = (n for n in names if n not in taken)
        return member_group.rolling_members(old, self.member_def, size, renew,
                                            lambda: next(fresh))

    def _rolling(self, min_in_service: int, batch_size: int) -> list[tuple[int, int]]:
        skip = self.skiplist()
        rows = self.member_rows()
        current = len(rows) - len({r.name for r in rows if r.status != "FAILED"} & skip)
        return list(member_group.batches(self.properties[COUNT], current, batch_size,
                                         min_in_service))

    def _run_rolling(self, steps: list[tuple[int, int]], pause: float) -> None:
        for i, (size, renew) in enumerate(steps):
            if i and pause:
                self.sleep(pause)
            self.run_batches([self._batch_step(size, renew)], 0)

    # -- actions -----------------------------------------------------------------

    def _batches_cookie(self, steps: list[tuple[int, int]], pause: float) -> Any:
        self.check_pauses_fit(len(steps), pause)
        return ("batches", steps, pause)

    def handle_create(self) -> Any:
        self.update_skiplist()
        policy = self.ctx.update_policy.get(BATCH_CREATE)
        if policy and self.properties[COUNT]:
            values = policy_values(policy, _batch_schema("create"),
                                   ["update_policy", BATCH_CREATE])
            return self._batches_cookie(self._rolling(0, values[MAX_BATCH_SIZE]),
                                        values[PAUSE_TIME])
        return super().handle_create()

    def takeover_cookie(self, action: str) -> Any:
        # A create in batches is a series of nested updates: where it was
        # interrupted is not stored, so it is not resumed.
        if action == "CREATE" and self.ctx.update_policy.get(BATCH_CREATE) \
                and self.properties[COUNT]:
            raise exception.NotSupported(feature="Resuming a create in batches")
        return super().takeover_cookie(action)

    def updates_in_steps(self) -> bool:
        return bool(self.ctx.update_policy.get(ROLLING_UPDATE))

    def check_create_complete(self, cookie: Any) -> bool:
        if isinstance(cookie, tuple) and cookie[0] == "batches":
            self._run_rolling(cookie[1], cookie[2])
            return True
        return super().check_create_complete(cookie)

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        if self.resource_id is None:
            raise resource.UpdateReplace(self.name)
        self.update_skiplist()
        policy = self.ctx.update_policy.get(ROLLING_UPDATE)
        if policy and RESOURCE_DEF in prop_diff:
            values = policy_values(policy, ROLLING_SCHEMA, ["update_policy", ROLLING_UPDATE])
            return self._batches_cookie(
                self._rolling(values[MIN_IN_SERVICE], values[MAX_BATCH_SIZE]),
                values[PAUSE_TIME])
        return super().handle_update(prop_diff)

    def check_update_complete(self, cookie: Any) -> bool:
        if isinstance(cookie, tuple) and cookie[0] == "batches":
            self._run_rolling(cookie[1], cookie[2])
            return True
        return super().check_update_complete(cookie)


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::ResourceGroup": ResourceGroup}
