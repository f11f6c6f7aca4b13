"""Wait conditions: hold the stack until a handle has received enough signals.

OS::Heat::WaitCondition (handle = the handle's reference) and
AWS::CloudFormation::WaitCondition (Handle = the AWS handle's signed URL).
Create (and update, with a new count) completes once ``count`` SUCCESS
signals are stored on the handle; any FAILURE signal fails it with
WaitConditionFailure (the failure reasons joined by ";"), and ``timeout``
seconds without enough signals fail it with WaitConditionTimeout ("<n> of
<count> received[ - <reasons>]"), Heat's reasons.

The wait blocks in check_*_complete on the engine's SignalBoard: a signal
to this engine wakes it at once; one received by another engine process is
seen by the board's bounded re-check of the database (signals.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from heatlite.db import resource_metadata
from heatlite.db import resources as resource_rows
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import wait_condition_handle as wch
from heatlite.engine.software import signal_urls
from heatlite.engine.software import signals

_HANDLE_TYPES = frozenset(wch.resource_mapping())
_AWS_HANDLE_TYPES = frozenset({"AWS::CloudFormation::WaitConditionHandle",
                               "OS::Heat::UpdateWaitConditionHandle"})


class WaitConditionFailure(Exception):
    """A FAILURE signal reached the handle (Heat's class name)."""


class WaitConditionTimeout(Exception):
    """Not enough SUCCESS signals within the timeout (Heat's class name)."""


def _reasons(entries: list[Mapping[str, Any]], keys: Mapping[str, str],
             wanted: str) -> list[str]:
    return [str(e.get(keys["reason"])) for e in entries if e.get(keys["status"]) == wanted]


class HeatWaitCondition(resource.Resource):
    """OS::Heat::WaitCondition."""
    # Waiting again counts the signals already stored (the timeout restarts).
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)

    HANDLE, TIMEOUT, COUNT, DATA = "handle", "timeout", "count", "data"
    PROPERTIES = {
        "handle": properties.Schema(
            properties.STRING,
            "A reference to the wait condition handle used to signal this wait "
            "condition.", required=True),
        "timeout": properties.Schema(
            properties.NUMBER,
            "The number of seconds to wait for the correct number of signals to arrive.",
            required=True, constraints=[constraints.Range(1, 43200)]),
        "count": properties.Schema(
            properties.INTEGER,
            "The number of success signals that must be received before the stack "
            "creation process continues.",
            default=1, update_allowed=True, constraints=[constraints.Range(min=1)]),
    }
    ATTRIBUTES = {
        "data": attributes.Schema(
            "JSON string containing data associated with wait condition signals sent "
            "to the handle.", type=attributes.STRING),
    }

    # -- finding the handle ---------------------------------------------------

    def _handle_row(self) -> Any:
        """The handle resource of this stack the ``handle`` property names."""
        ref = self.properties[self.HANDLE]
        for row in reversed(resource_rows.get_all_by_stack(self.ctx.stack_id)):
            refid = (row.attr_data or {}).get("refid")
            if row.type in _HANDLE_TYPES and ref in (refid, row.physical_resource_id):
                return row
        return None

    def _checked_handle(self) -> Any:
        row = self._handle_row()
        if row is None:
            raise ValueError("%s is not a valid wait condition handle."
                             % self.properties[self.HANDLE])
        return row

    # -- waiting ----------------------------------------------------------------

    def _start(self) -> tuple[str, str, float]:
        row = self._checked_handle()
        deadline = time.monotonic() + float(self.properties[self.TIMEOUT])
        return row.uuid, row.type, deadline

    def _wait(self, cookie: tuple[str, str, float]) -> bool:
        handle_uuid, handle_type, deadline = cookie
        keys = _keys_of(handle_type)
        count = self.properties[self.COUNT]
        entries: list[Mapping[str, Any]] = []

        def done() -> bool:
            entries[:] = wch.statuses_of(handle_uuid)
            if any(e.get(keys["status"]) != wch.STATUS_SUCCESS for e in entries):
                raise WaitConditionFailure(
                    ";".join(_reasons(entries, keys, wch.STATUS_FAILURE)))
            return len(entries) >= count

        if signals.BOARD.wait_for(handle_uuid, done, self.sleep, deadline):
            return True
        successes = _reasons(entries, keys, wch.STATUS_SUCCESS)
        message = "%d of %d received" % (len(successes), count)
        if successes:
            message += " - %s" % ";".join(successes)
        raise WaitConditionTimeout(message)

    def handle_create(self) -> Any:
        return self._start()

    def check_create_complete(self, cookie: Any) -> bool:
        return self._wait(cookie)

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        return self._start()

    def check_update_complete(self, cookie: Any) -> bool:
        return self._wait(cookie)

    def handle_delete(self) -> Any:
        row = self._handle_row()
        if row is not None:
            resource_metadata.merge(row.uuid, lambda current: {})
        return None

    def get_attribute(self, name: str) -> Any:
        if name != self.DATA:
            return None
        row = self._handle_row()
        if row is None:
            return ""
        keys = _keys_of(row.type)
        meta = resource_metadata.get(row.uuid)
        return json.dumps({k: v.get(keys["data"]) for k, v in meta.items()
                           if isinstance(v, Mapping)})


def _keys_of(handle_type: str | None) -> dict[str, str]:
    if handle_type in _AWS_HANDLE_TYPES:
        return {"data": "Data", "reason": "Reason", "status": "Status", "id": "UniqueId"}
    return {"data": "data", "reason": "reason", "status": "status", "id": "id"}


class AWSWaitCondition(HeatWaitCondition):
    """AWS::CloudFormation::WaitCondition: Handle is the AWS handle's URL."""

    HANDLE, TIMEOUT, COUNT, DATA = "Handle", "Timeout", "Count", "Data"
    PROPERTIES = {
        "Handle": properties.Schema(
            properties.STRING,
            "A reference to the wait condition handle used to signal this wait "
            "condition.", required=True),
        "Timeout": properties.Schema(
            properties.INTEGER,
            "The number of seconds to wait for the correct number of signals to arrive.",
            required=True, constraints=[constraints.Range(1, 43200)]),
        "Count": properties.Schema(
            properties.INTEGER,
            "The number of success signals that must be received before the stack "
            "creation process continues.",
            default=1, update_allowed=True, constraints=[constraints.Range(min=1)]),
    }
    ATTRIBUTES = {
        "Data": attributes.Schema(
            "JSON string containing data associated with wait condition signals sent "
            "to the handle.", type=attributes.STRING),
    }

    def _checked_handle(self) -> Any:
        url = self.properties[self.HANDLE]
        parsed = signal_urls.parse_signed_url(url)
        if parsed is None:
            raise ValueError("WaitCondition invalid Handle %s" % url)
        tenant, stack_name, stack_id, resource_name = parsed
        if tenant != wch.stack_tenant(self.ctx.stack_id):
            raise ValueError("WaitCondition invalid Handle tenant %s" % tenant)
        if stack_name != self.ctx.stack_name:
            raise ValueError("WaitCondition invalid Handle stack %s" % stack_name)
        if stack_id != self.ctx.stack_id:
            raise ValueError("WaitCondition invalid Handle stack %s" % stack_id)
        row = self._handle_row()
        if row is None or row.name != resource_name or row.type not in _AWS_HANDLE_TYPES:
            raise ValueError("WaitCondition invalid Handle %s" % resource_name)
        return row


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {
        "OS::Heat::WaitCondition": HeatWaitCondition,
        "AWS::CloudFormation::WaitCondition": AWSWaitCondition,
    }
