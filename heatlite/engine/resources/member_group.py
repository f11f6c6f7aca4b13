"""A group of N resource definitions in one nested stack: the shared base.

ResourceGroup, ResourceChain and AutoScalingGroup (and the software
deployment groups) are all "these named member definitions, as one nested
stack". ``MemberGroup`` builds that stack's template from
``member_definitions()`` and changes it with one nested update (members
added, replaced or removed at once, concurrently), or in batches for a
rolling update or a batched create (``run_batches``). When the group
completes, every member's reference id and attributes are stored with it
(``_members``), so ``refs``, ``refs_map``, ``attributes``, ``resource.N``,
``resource.N.attr`` and ``[group, attr]`` are read, not recomputed.

Batches follow Heat's arithmetic (``batches``) and rolling updates replace
the members Heat would replace first (``rolling_members``); as in Heat, the
pauses between batches must leave time within the stack's timeout
(``check_pauses_fit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine.resources.stack_resource import (
    MEMBER_PREFIX, ChildSpec, StackResource, member_attribute, member_attrs, member_entry,
    member_named)

GROUP_TEMPLATE_VERSION = "2015-04-30"
REFS, REFS_MAP, ATTRIBUTES, REMOVED = "refs", "refs_map", "attributes", "removed_rsrc_list"
MemberDefs = list[tuple[str, dict[str, Any]]]
PAUSES_EXCEED_TIMEOUT = "The current update policy will result in stack update timeout."


def group_template(members: MemberDefs) -> dict[str, Any]:
    """The nested stack's template: one resource per member definition."""
    return {"heat_template_version": GROUP_TEMPLATE_VERSION,
            "resources": {name: defn for name, defn in members}}


def name_key(name: str) -> tuple[int, Any]:
    """Numeric names in numeric order, then the rest by name."""
    return (0, int(name)) if name.isdigit() else (1, name)


def batches(target: int, current: int, batch_size: int,
            min_in_service: int) -> Iterator[tuple[int, int]]:
    """(group size, members given the new definition) for each batch.

    Each batch adds or renews at most ``batch_size`` members while keeping
    ``min_in_service`` of the old ones, until ``target`` members all have
    the new definition (Heat's rolling update arithmetic).
    """
    done = 0
    while not (done >= current == target):
        keep = min(min_in_service, target, current)
        renew = min(batch_size, max(target - done, 0))
        size = renew + max(min(current, target - renew), keep)
        yield size, renew
        done += renew - max(size - max(current, target), 0)
        current = size


def rolling_members(old: MemberDefs, new_def: Callable[[str], dict[str, Any]],
                    size: int, renew: int, new_name: Callable[[], str]) -> MemberDefs:
    """The members of one batch: ``old`` is ordered first-to-replace first.

    The last ``size`` old members stay (the first ones go); of those, up to
    ``renew`` minus the members added get the new definition.
    """
    kept = old[-size:] if size else []
    to_renew = renew - (size - len(kept))
    out: MemberDefs = []
    for name, defn in kept:
        wanted = new_def(name)
        if defn != wanted and to_renew > 0:
            to_renew -= 1
            out.append((name, wanted))
        else:
            out.append((name, defn))
    for _ in range(size - len(kept)):
        name = new_name()
        out.append((name, new_def(name)))
    return out


def replace_order(existing: MemberDefs, names: Sequence[str], target: int,
                  size: int) -> MemberDefs:
    """``existing`` ordered first-to-replace first, as ``rolling_members`` wants.

    Members whose name is not among ``names`` (the group's next ``size``
    names) go first, then the higher positions before the lower ones;
    positions at or past ``target`` are kept to the end (Heat's priority).
    """
    position = {name: i for i, name in enumerate(names)}

    def priority(item: tuple[str, Any]) -> int:
        index = position.get(item[0])
        if index is None:
            return 0
        return target - index if index < target else size

    return sorted(existing, key=priority)


class MemberGroup(StackResource):
    """A nested stack of named member definitions (see the module docstring)."""

    def member_definitions(self) -> MemberDefs:
        """The members the group should have now, in order."""
        raise NotImplementedError

    def child_spec(self) -> ChildSpec:
        return self.spec_for(self.member_definitions())

    def spec_for(self, members: MemberDefs) -> ChildSpec:
        return ChildSpec(template=group_template(members))

    # -- what exists -----------------------------------------------------------

    def current_definitions(self) -> MemberDefs:
        """The members of the nested stack's stored template, in name order."""
        if self.resource_id is None:
            return []
        template = self.runner().template_of(self.resource_id)
        found = (template or {}).get("resources") or {}
        return sorted(found.items(), key=lambda kv: name_key(kv[0]))

    def member_rows(self) -> list[Any]:
        """The nested stack's current resource records."""
        if self.resource_id is None:
            return []
        return self.runner().members(self.resource_id)

    # -- changing -----------------------------------------------------------------

    def check_pauses_fit(self, batch_count: int, pause: float) -> None:
        """Heat refuses batches whose pauses alone reach the stack's timeout."""
        total = pause * max(batch_count - 1, 0)
        if total >= self.runner().stack_timeout_secs(self.ctx.stack_id):
            raise ValueError(PAUSES_EXCEED_TIMEOUT)

    def run_batches(self, steps: Sequence[MemberDefs], pause: float) -> None:
        """Bring the nested stack through each member list in turn.

        The first step creates the nested stack when there is none yet; a
        pause of ``pause`` seconds separates the steps.
        """
        for i, members in enumerate(steps):
            if i and pause:
                self.sleep(pause)
            if self.resource_id is None:
                run = self.runner().create(self.ctx, self.spec_for(members))
                self.resource_id_set(run.stack_id)
            else:
                run = self.runner().update(self.ctx, self.resource_id, self.spec_for(members))
            self.runner().wait(run)
            self.forget()

    # -- attributes ------------------------------------------------------------------

    def ordered_members(self, rows: list[Any]) -> list[Any]:
        """The member records in the group's order: by name here."""
        return sorted(rows, key=lambda r: name_key(r.name))

    def members_data(self) -> list[dict[str, Any]]:
        """Each live member's name, reference id and attributes, in group order."""
        cached = getattr(self, "_members_cache", None)
        if cached is None:
            cached = [member_entry(rec) for rec in self.ordered_members(self.member_rows())]
            self._members_cache = cached
        return cached

    def get_attribute(self, name: str) -> Any:
        if name == ATTRIBUTES:
            return None  # only meaningful with a path (Heat refuses it bare)
        data = {"_members": self.members_data(), "_group": self.name,
                REMOVED: self.removed_names()}
        try:
            return type(self).stored_attribute(data, name)
        except exception.HeatException:
            return None

    def removed_names(self) -> list[str]:
        """Names taken out of the group for good (ResourceGroup's skiplist)."""
        return []

    def extra_attribute_data(self) -> dict[str, Any]:
        # The group's name is kept for the wording of a missing member's error.
        return {"_members": self.members_data(), "_group": self.name}

    @classmethod
    def member_at(cls, members: Sequence[Mapping[str, Any]], key: str) -> Any:
        """The member ``resource.<key>`` means: here the one named ``key``."""
        return member_named(members, key)

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        members = attrs.get("_members") or []
        if name == REFS:
            return [m["refid"] for m in members]
        if name == REFS_MAP:
            return {m["name"]: m["refid"] for m in members}
        if name == REMOVED:
            return list(attrs.get(REMOVED) or [])
        if name == ATTRIBUTES:
            # Read with a path: [group, attributes, <attr>] -> {member: value}.
            names = {k for m in members for k in member_attrs(m)}
            return {attr: {m["name"]: member_attrs(m).get(attr) for m in members}
                    for attr in names}
        if name.startswith(MEMBER_PREFIX):
            return member_attribute(members, name, attrs.get("_group", ""), cls.member_at)
        if name in attrs and not name.startswith("_"):
            return attrs[name]
        return [member_attrs(m).get(name) for m in members]

    @classmethod
    def stored_attribute_at(cls, attrs: Mapping[str, Any], name: str,
                            path: Sequence[Any]) -> Any:
        """As Heat's groups: a path after ``resource.N`` or ``attributes``
        names a member attribute, after any other member attribute it is
        followed in each member's value; ``refs_map`` and
        ``removed_rsrc_list`` ignore it."""
        if not path or name in (REFS_MAP, REMOVED):
            return cls.stored_attribute(attrs, name)
        members = attrs.get("_members") or []
        if name.startswith(MEMBER_PREFIX):
            parts = name.split(".", 2)
            member_attribute(members, ".".join(parts[:2]))  # NotFound when absent
            found = next(m for m in members if m["name"] == parts[1])
            return member_value(found, parts[2:] + list(path))
        if name == ATTRIBUTES:
            return {m["name"]: member_value(m, path) for m in members}
        if name == REFS or name in cls.ATTRIBUTES or (name in attrs
                                                      and not name.startswith("_")):
            return super().stored_attribute_at(attrs, name, path)
        return [member_value(m, [name, *path]) for m in members]


def member_value(member: Mapping[str, Any], path: Sequence[Any]) -> Any:
    """``path[0]`` of a member's attributes, the rest of ``path`` followed."""
    value = member_attrs(member).get(path[0])
    return None if value is None else attributes.select(value, path[1:])
