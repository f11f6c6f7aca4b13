"""The resource plugin contract, and nothing else.

A plugin is a small declarative class: PROPERTIES and ATTRIBUTES schemas,
handle_create/check_create_complete, handle_delete/check_delete_complete,
handle_update/check_update_complete (for the properties its schema marks
``update_allowed``), optional handle_suspend/handle_resume/handle_check and
handle_signal, get_reference_id and get_attribute. Each handle_* returns a
cookie handed to its check_*_complete, so a plugin whose action is itself a
walk (a nested stack) can start it in handle_* and report in check_*.
Driving a resource through its life cycle lives in the operation modules
(create.py, update.py, delete.py, stack_actions.py), storage in
heatlite.db; a plugin sees only its ``ResourceContext``.

A plugin that has to wait calls ``self.sleep(seconds)``: the injected sleep
yields to other work and wakes early, raising ``Cancelled``, when the
operation is cancelled, so nothing ever blocks the engine.
"""

from __future__ import annotations

import base64
import dataclasses
import uuid as uuid_mod
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from heatlite.engine import attributes
from heatlite.engine import properties


class Cancelled(Exception):
    """The operation driving this resource was cancelled (or timed out)."""


class HandedOff(Exception):
    """The operation was handed to another engine (a graceful stop) while
    this resource waited on something (its nested stack) that stopped at a
    boundary: the resource is left IN_PROGRESS, for the takeover to resume."""


class UpdateReplace(Exception):
    """Raised by a plugin's handle_update when it must be replaced instead."""

    def __init__(self, resource_name: str = "Unknown") -> None:
        super().__init__("The Resource %s requires replacement." % resource_name)


class NoActionRequired(Exception):
    """A signal the resource ignores (a scaling in cooldown): no event is
    recorded for it, as Heat records none."""

    def __init__(self, resource_name: str = "Unknown", reason: str = "") -> None:
        super().__init__("The resource %s could not perform scaling action: %s"
                         % (resource_name, reason))


def short_id(resource_uuid: str) -> str:
    """12 lowercase letters/digits derived from a v4 UUID, as Heat derives them.

    The 60 random "time" bits of the UUID, base32-encoded.
    """
    value = uuid_mod.UUID(resource_uuid).time
    raw = (value << 4).to_bytes(8, "big")
    return base64.b32encode(raw)[:12].decode("ascii").lower()


@dataclasses.dataclass
class ResourceContext:
    """What a plugin may know about itself and its stack."""

    name: str
    stack_name: str
    stack_id: str
    uuid: str
    action: str
    # A plain dict, but read on demand (properties.OnDemand) when only
    # validating a nested stack.
    properties: Mapping[str, Any]
    resource_id: str | None = None
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    sleep: Callable[[float], None] = lambda secs: None
    # The engine's in-process nested stack runner (heatlite.engine.nested.nested),
    # for plugins whose resource is a stack; None where no engine drives them.
    nested: Any = None
    # The resource's update_policy section, resolved (create and update).
    update_policy: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The stack action's timeout in seconds (timeout_mins, else
    # stack_action_timeout), when validating a stack about to run; None
    # where it is not known (POST /validate, preview).
    stack_timeout_secs: float | None = None
    # Stores a new physical id at once (the engine's Driver sets it), so an
    # action interrupted by an engine's death still knows what it made.
    on_resource_id: Callable[[str | None], None] | None = None


# How an action left IN_PROGRESS by an engine that died is resumed by the
# engine taking the stack over (Resource.resume_after_takeover).
REDRIVE = "redrive"  # run handle_<action> again: doing it twice is harmless
CHECK = "check"  # check_<action>_complete(takeover_cookie(action)): wait for it


class _NotStarted:
    """The type of NOT_STARTED."""

    def __repr__(self) -> str:
        return "NOT_STARTED"


# What takeover_cookie returns when the interrupted action never got under
# way: the engine then calls handle_<action> as usual (an update's with its
# property diff, which only the engine knows).
NOT_STARTED = _NotStarted()


# Every action a takeover goes on with resource by resource.
TAKEOVER_ACTIONS = ("CREATE", "UPDATE", "DELETE", "SUSPEND", "RESUME", "CHECK", "SNAPSHOT")


def resumable(mode: str, *actions: str) -> dict[str, str]:
    """A RESUME_AFTER_TAKEOVER table: ``mode`` for each of ``actions``."""
    return dict.fromkeys(actions, mode)


class Resource:
    """Base class of resource plugins."""

    PROPERTIES: ClassVar[Mapping[str, properties.Schema]] = {}
    ATTRIBUTES: ClassVar[Mapping[str, attributes.Schema]] = {}
    # Accept any property and any attribute name (OS::Heat::None).
    ANY_PROPERTIES: ClassVar[bool] = False
    ANY_ATTRIBUTES: ClassVar[bool] = False
    # A resource that is never updated nor replaced (OS::Heat::None).
    NEVER_UPDATE: ClassVar[bool] = False
    # A resource replaced by every stack update, changed or not
    # (OS::Heat::UpdateWaitConditionHandle).
    REPLACE_ON_UPDATE: ClassVar[bool] = False
    # Once it exists, every stack update reaches handle_update, changed or
    # not, and even from FAILED (nested stacks: their own resources decide).
    ALWAYS_UPDATE: ClassVar[bool] = False
    # The update_policy keys the type accepts (ResourceGroup...), each a
    # properties.Schema; the resolved policy is ResourceContext.update_policy.
    UPDATE_POLICY: ClassVar[Mapping[str, properties.Schema]] = {}
    # Metadata keys the plugin writes itself (DeployedServer's ``deployments``
    # and ``os-collect-config``): an update from the template keeps them
    # (resource_update.merged_metadata), as Heat keeps a server's.
    OWN_METADATA_KEYS: ClassVar[frozenset[str]] = frozenset()
    # Action -> REDRIVE or CHECK: how an action interrupted by an engine's
    # death is resumed; an action not listed cannot be (the resource fails,
    # naming the dead engine). See resume_after_takeover.
    RESUME_AFTER_TAKEOVER: ClassVar[Mapping[str, str]] = {}

    def __init__(self, ctx: ResourceContext) -> None:
        self.ctx = ctx
        self.name = ctx.name
        self.properties = ctx.properties

    # -- state a plugin sets --------------------------------------------------

    @property
    def resource_id(self) -> str | None:
        return self.ctx.resource_id

    def resource_id_set(self, value: str | None) -> None:
        changed = value != self.ctx.resource_id
        self.ctx.resource_id = value
        if changed and self.ctx.on_resource_id is not None:
            self.ctx.on_resource_id(value)

    def data(self) -> dict[str, Any]:
        return self.ctx.data

    def data_set(self, key: str, value: Any) -> None:
        self.ctx.data[key] = value

    def sleep(self, seconds: float) -> None:
        self.ctx.sleep(seconds)

    def physical_resource_name(self) -> str:
        """``<stack>-<resource>-<short id>``, Heat's naming."""
        return "%s-%s-%s" % (self.ctx.stack_name.rstrip("*"), self.name,
                             short_id(self.ctx.uuid))

    # -- the contract ---------------------------------------------------------

    @classmethod
    def check_available(cls, type_name: str) -> None:
        """Raise ResourceTypeUnavailable when the type cannot be used here
        (Heat's service availability, checked first when validating)."""

    def validate(self) -> None:
        """Checks across properties, after each property was checked alone."""

    def handle_create(self) -> Any:
        """Start creating; the return value is handed to check_create_complete."""
        return None

    def check_create_complete(self, cookie: Any) -> bool:
        return True

    def handle_delete(self) -> Any:
        return None

    def check_delete_complete(self, cookie: Any) -> bool:
        return True

    # -- takeover: resuming an action another engine left IN_PROGRESS ---------

    @classmethod
    def resume_after_takeover(cls, action: str) -> str | None:
        """REDRIVE, CHECK, or None when the type cannot tell whether its
        interrupted ``action`` may be run again (the resource then fails)."""
        return cls.RESUME_AFTER_TAKEOVER.get(action)

    def takeover_cookie(self, action: str) -> Any:
        """For CHECK: what check_<action>_complete is resumed with (the
        cookie handle_<action> returned in the dead engine's life), or
        NOT_STARTED to have handle_<action> run now. The plugin sees its
        stored physical id and data."""
        return None

    # -- update -------------------------------------------------------------

    @classmethod
    def update_allowed_properties(cls) -> frozenset[str]:
        """Properties that may change in place (else the resource is replaced)."""
        return frozenset(k for k, v in cls.PROPERTIES.items() if v.update_allowed)

    @classmethod
    def immutable_properties(cls) -> frozenset[str]:
        """Properties that may not change at all (the update fails)."""
        return frozenset(k for k, v in cls.PROPERTIES.items() if v.immutable)

    def needs_replace_with_prop_diff(self, changed: frozenset[str],
                                     before: Mapping[str, Any]) -> bool:
        """Whether these update_allowed changes still need a replacement.

        ``self.properties`` holds the new values, ``before`` the old ones.
        """
        return False

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        """Apply ``prop_diff`` in place; ``self.properties`` holds the new values."""
        return None

    def check_update_complete(self, cookie: Any) -> bool:
        return True

    # -- suspend, resume, check (optional: a plugin defines what it supports)

    def check_suspend_complete(self, cookie: Any) -> bool:
        return True

    def check_resume_complete(self, cookie: Any) -> bool:
        return True

    def check_check_complete(self, cookie: Any) -> bool:
        return True

    def handle_signal(self, details: Any) -> None:
        """A signal sent to this resource (POST .../signal); none by default."""
        raise NotImplementedError("Resource %s does not accept signals" % self.name)

    def get_reference_id(self) -> str | None:
        """What get_resource gives: by default the physical id, else the name."""
        if self.resource_id is not None:
            return str(self.resource_id)
        return self.name

    def get_attribute(self, name: str) -> Any:
        """The value of one declared attribute, read when the action completes."""
        return None

    def extra_attribute_data(self) -> dict[str, Any]:
        """More values stored beside the declared attributes at completion.

        For plugins whose attribute names are open-ended (groups, nested
        stacks): ``stored_attribute`` reads them back. Keys starting with
        "_" are private (not an attribute of their own).
        """
        return {}

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        """An attribute's value from what was stored when the action completed."""
        return attrs.get(name)

    @classmethod
    def stored_attribute_at(cls, attrs: Mapping[str, Any], name: str,
                            path: Sequence[Any]) -> Any:
        """``get_attr: [resource, name, path...]`` from the stored values.

        Most types follow ``path`` into the attribute's value; a group
        applies it to each member instead (Heat's get_attribute(key, *path)).
        """
        value = cls.stored_attribute(attrs, name)
        return None if value is None else attributes.select(value, path)
