"""Software deployment groups: one deployment per server, as a nested stack.

OS::Heat::SoftwareDeploymentGroup and OS::Heat::StructuredDeploymentGroup,
built on the group machinery (member_group.MemberGroup): ``servers`` maps a
member name to a server id, and each member is an OS::Heat::SoftwareDeployment
(or StructuredDeployment) of the group's config to that server, with the
group's other properties (their schemas are the deployment's own, so what a
deployment updates in place the group does too, and ``signal_transport``,
``input_key`` or ``input_values_validate`` replace it, as in Heat). Members
follow the order of the ``servers`` map.

Every attribute, declared or not, is a map from member name to that
attribute of the member: deploy_stdouts, deploy_stderrs and
deploy_status_codes read the deployments' deploy_stdout, deploy_stderr and
deploy_status_code, any other name (a config output) reads itself (Heat's
SoftwareDeploymentGroup.get_attribute).

``update_policy`` as in Heat: ``batch_create`` creates the deployments
``max_batch_size`` at a time; ``rolling_update`` (``max_batch_size``,
``pause_time``; nothing kept in service, the deployments are not
instances) makes any property change in batches, the last servers of the
map first, with ``pause_time`` seconds between batches, which must leave
time within the stack's timeout. Members whose name left ``servers`` go
with the first batch (Heat would give them the new definition without a
server, see doc/source/differences.rst).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import member_group
from heatlite.engine.resources import resource_group as rg
from heatlite.engine.resources import software_deployment as sd
from heatlite.engine.resources.stack_resource import ChildSpec

SERVERS = "servers"
ROLLING_UPDATE, BATCH_CREATE = rg.ROLLING_UPDATE, rg.BATCH_CREATE
MAX_BATCH_SIZE, PAUSE_TIME = rg.MAX_BATCH_SIZE, rg.PAUSE_TIME
_PER_MEMBER = {"deploy_stdouts": "deploy_stdout", "deploy_stderrs": "deploy_stderr",
               "deploy_status_codes": "deploy_status_code"}
_BATCHES = "batches"

ROLLING_SCHEMA = {
    MAX_BATCH_SIZE: properties.Schema(
        properties.INTEGER, "The maximum number of deployments to replace at once.",
        default=1, constraints=[constraints.Range(min=1)]),
    PAUSE_TIME: properties.Schema(
        properties.NUMBER, "The number of seconds to wait between batches of updates.",
        default=0, constraints=[constraints.Range(min=0)]),
}


class SoftwareDeploymentGroup(member_group.MemberGroup):
    """OS::Heat::SoftwareDeploymentGroup (see the module docstring)."""

    MEMBER_TYPE = "OS::Heat::SoftwareDeployment"
    MEMBER_PROPERTIES = ("config", "input_values", "actions", "name", "signal_transport")

    PROPERTIES = {
        SERVERS: properties.Schema(
            properties.MAP, "A map of names and server IDs to apply configuration to. "
            "The name is arbitrary and is used as the Heat resource name for the "
            "corresponding deployment.", update_allowed=True, required=True),
        **{key: sd.SoftwareDeployment.PROPERTIES[key] for key in MEMBER_PROPERTIES},
    }
    ATTRIBUTES = {
        "deploy_stdouts": attributes.Schema(
            "A map of Nova names and captured stdouts from the configuration execution "
            "to each server.", type=attributes.MAP),
        "deploy_stderrs": attributes.Schema(
            "A map of Nova names and captured stderrs from the configuration execution "
            "to each server.", type=attributes.MAP),
        "deploy_status_codes": attributes.Schema(
            "A map of Nova names and returned status code from the configuration "
            "execution.", type=attributes.MAP),
    }
    UPDATE_POLICY = {
        ROLLING_UPDATE: properties.Schema(properties.MAP, schema=ROLLING_SCHEMA),
        BATCH_CREATE: rg.ResourceGroup.UPDATE_POLICY[BATCH_CREATE],
    }

    def validate(self) -> None:
        self.policies()

    def policies(self) -> dict[str, Any]:
        """The whole update_policy, checked, defaults filled in (as Heat's
        Properties: a policy given as ``{}`` or null is on, with defaults)."""
        return properties.Properties(self.UPDATE_POLICY, self.ctx.update_policy,
                                     ["update_policy"]).checked()

    def policy(self, key: str) -> dict[str, Any] | None:
        """The update_policy entry ``key``, or None when it is not given."""
        return self.policies().get(key)

    # -- members ------------------------------------------------------------------

    def names(self, size: int | None = None) -> list[str]:
        """The member names: the ``servers`` keys, in the map's order."""
        found = [str(name) for name in self.properties.get(SERVERS) or {}]
        return found if size is None else found[:size]

    def member_properties(self, server: Any) -> dict[str, Any]:
        props = {key: self.properties.get(key) for key in self.MEMBER_PROPERTIES
                 if self.properties.get(key) is not None}
        props["server"] = server
        return props

    def member_def(self, name: str) -> dict[str, Any]:
        servers = {str(k): v for k, v in (self.properties.get(SERVERS) or {}).items()}
        return {"type": self.MEMBER_TYPE,
                "properties": self.member_properties(servers.get(name))}

    def member_definitions(self) -> member_group.MemberDefs:
        return [(name, self.member_def(name)) for name in self.names()]

    def nested_specs(self, files: Mapping[str, str]) -> list[ChildSpec]:
        """The first deployment is enough to validate (none without servers)."""
        first = self.names(1)
        return [self.spec_for([(first[0], self.member_def(first[0]))])] if first else []

    # -- batches ------------------------------------------------------------------

    def live_members(self) -> member_group.MemberDefs:
        """The members to keep and renew, in creation order.

        Failed members are left out, so their names are created again with
        the new definition (as Heat does); so are the members whose name
        left ``servers``, removed by the first batch.
        """
        rows = {r.name: r for r in self.member_rows()}
        wanted = set(self.names())
        live = [(n, d) for n, d in self.current_definitions()
                if n in wanted and n in rows and rows[n].status != "FAILED"]
        return sorted(live, key=lambda item: rows[item[0]].id)

    def _plan(self, batch_size: int, pause: float) -> tuple[str, list[tuple[int, int]], float]:
        """The batches taking every member to its new definition (a cookie)."""
        current = len(self.live_members())
        steps = list(member_group.batches(len(self.names()), current, batch_size, 0))
        self.check_pauses_fit(len(steps), pause)
        return (_BATCHES, steps, pause)

    def batch_step(self, size: int, renew: int) -> member_group.MemberDefs:
        """The members of one batch, from the members there are now."""
        live = self.live_members()
        names = self.names(size)
        old = member_group.replace_order(live, names, len(self.names()), size)
        taken = {n for n, _ in live}
        fresh = iter([n for n in self.names() if n not in taken])
        return member_group.rolling_members(old, self.member_def, size, renew,
                                            lambda: next(fresh))

    def _run_plan(self, cookie: tuple[str, list[tuple[int, int]], float]) -> None:
        _, steps, pause = cookie
        for i, (size, renew) in enumerate(steps):
            if i and pause:
                self.sleep(pause)
            self.run_batches([self.batch_step(size, renew)], 0)

    # -- actions --------------------------------------------------------------------

    def handle_create(self) -> Any:
        policy = self.policy(BATCH_CREATE)
        if policy and self.names():
            return self._plan(policy[MAX_BATCH_SIZE], policy[PAUSE_TIME])
        return super().handle_create()

    def takeover_cookie(self, action: str) -> Any:
        # Batches are nested updates whose progress is not stored.
        if action == "CREATE" and self.policy(BATCH_CREATE) and self.names():
            raise exception.NotSupported(feature="Resuming a create in batches")
        return super().takeover_cookie(action)

    def updates_in_steps(self) -> bool:
        return bool(self.policy(ROLLING_UPDATE))

    def check_create_complete(self, cookie: Any) -> bool:
        if isinstance(cookie, tuple) and cookie[0] == _BATCHES:
            self._run_plan(cookie)
            return True
        return super().check_create_complete(cookie)

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        if self.resource_id is None:
            raise resource.UpdateReplace(self.name)
        policy = self.policy(ROLLING_UPDATE)
        if policy and prop_diff:
            return self._plan(policy[MAX_BATCH_SIZE], policy[PAUSE_TIME])
        return super().handle_update(prop_diff)

    def check_update_complete(self, cookie: Any) -> bool:
        if isinstance(cookie, tuple) and cookie[0] == _BATCHES:
            self._run_plan(cookie)
            return True
        return super().check_update_complete(cookie)

    # -- attributes -----------------------------------------------------------------

    def members_data(self) -> list[dict[str, Any]]:
        """The members in the order of the ``servers`` map (then by name)."""
        position = {name: i for i, name in enumerate(self.names())}
        return sorted(super().members_data(),
                      key=lambda m: position.get(m["name"], len(position)))

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        wanted = _PER_MEMBER.get(name, name)
        return {m["name"]: member_group.member_attrs(m).get(wanted)
                for m in attrs.get("_members") or []}


class StructuredDeploymentGroup(SoftwareDeploymentGroup):
    """OS::Heat::StructuredDeploymentGroup: members are StructuredDeployments."""

    MEMBER_TYPE = "OS::Heat::StructuredDeployment"
    MEMBER_PROPERTIES = SoftwareDeploymentGroup.MEMBER_PROPERTIES + (
        "input_key", "input_values_validate")
    PROPERTIES = dict(
        SoftwareDeploymentGroup.PROPERTIES,
        input_key=sd.StructuredDeployment.PROPERTIES["input_key"],
        input_values_validate=sd.StructuredDeployment.PROPERTIES["input_values_validate"])


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {
        "OS::Heat::SoftwareDeploymentGroup": SoftwareDeploymentGroup,
        "OS::Heat::StructuredDeploymentGroup": StructuredDeploymentGroup,
    }
