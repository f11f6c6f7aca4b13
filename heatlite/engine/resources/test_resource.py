"""OS::Heat::TestResource: stores ``value``, with knobs to wait and to fail.

For testing templates and the engine itself, as in Heat. Waiting goes
through the injected ``sleep``, so a waiting resource yields to the rest of
the engine and is woken when its operation is cancelled. ``wait_secs: -1``
waits until cancelled.

``client_name``/``entity_name`` make Heat poll that client's entity while it
waits, ignoring (and logging) any error; heatlite has no service clients,
so every poll is such an error: it is logged once and the wait goes on,
with the same outcome as in Heat.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from heatlite.engine import attributes
from heatlite.engine import properties
from heatlite.engine import resource

LOG = logging.getLogger(__name__)

_FOREVER_STEP = 3600.0


class TestResource(resource.Resource):
    """Stores a value, with knobs to wait, fail and force replacement."""
    # Nothing outside the engine: running an interrupted action again is safe.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)

    __test__ = False  # not a pytest test class
    SUPPORT_STATUS = {"version": "5.0.0"}

    PROPERTIES = {
        "constraint_prop_secs": properties.Schema(
            properties.NUMBER, "Number value for delay during resolve constraint.",
            default=0, update_allowed=True),
        "attr_wait_secs": properties.Schema(
            properties.NUMBER, "Number value for timeout during resolving output value.",
            default=0, update_allowed=True),
        "value": properties.Schema(
            properties.STRING, "The input string to be stored.", default="test_string",
            update_allowed=True),
        "update_replace_value": properties.Schema(
            properties.STRING, "Some value that can be stored but can not be updated."),
        "fail": properties.Schema(
            properties.BOOLEAN,
            "Value which can be set to fail the resource operation to test failure "
            "scenarios.", default=False, update_allowed=True),
        "update_replace": properties.Schema(
            properties.BOOLEAN,
            "Value which can be set to trigger update replace for the particular "
            "resource.", default=False, update_allowed=True),
        "wait_secs": properties.Schema(
            properties.NUMBER, "Seconds to wait after an action (-1 is infinite).",
            default=0, update_allowed=True),
        "action_wait_secs": properties.Schema(
            properties.MAP, "Options for simulating waiting.", update_allowed=True,
            schema={
                "create": properties.Schema(
                    properties.NUMBER,
                    "Seconds to wait after a create. Defaults to the global wait_secs.",
                    update_allowed=True),
                "update": properties.Schema(
                    properties.NUMBER,
                    "Seconds to wait after an update. Defaults to the global wait_secs.",
                    update_allowed=True),
                "delete": properties.Schema(
                    properties.NUMBER,
                    "Seconds to wait after a delete. Defaults to the global wait_secs.",
                    update_allowed=True),
            }),
        "client_name": properties.Schema(
            properties.STRING, "Client to poll.", default="", update_allowed=True),
        "entity_name": properties.Schema(
            properties.STRING, "Client entity to poll.", default="", update_allowed=True),
    }
    ATTRIBUTES = {
        "output": attributes.Schema(
            "The string that was stored. This value is also available by referencing "
            "the resource."),
    }

    def _poll_client(self) -> None:
        client = self.properties.get("client_name")
        entity = self.properties.get("entity_name")
        if client and entity:
            LOG.debug("%s.%s(%s): no such client in heatlite", client, entity,
                      self.data().get("value") or self.resource_id)

    def _wait_secs(self, action: str) -> float:
        per_action = self.properties.get("action_wait_secs") or {}
        secs = per_action.get(action)
        return self.properties["wait_secs"] if secs is None else secs

    def _wait(self, secs: float) -> None:
        if secs != 0:
            self._poll_client()
        if secs < 0:
            while True:
                self.sleep(_FOREVER_STEP)
        if secs > 0:
            self.sleep(secs)

    def handle_create(self) -> Any:
        self._wait(self.properties["constraint_prop_secs"])
        if not self.properties["fail"]:
            self.data_set("value", self.properties["value"])
            self.resource_id_set(self.physical_resource_name())
        return self._wait_secs("create")

    def check_create_complete(self, cookie: Any) -> bool:
        self._wait(cookie)
        if self.properties["fail"]:
            raise ValueError("Test Resource failed %s" % self.name)
        return True

    def needs_replace_with_prop_diff(self, changed: frozenset[str],
                                     before: Mapping[str, Any]) -> bool:
        # A new value replaces the resource when update_replace says so.
        return "value" in changed and bool(self.properties["update_replace"])

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        if prop_diff.get("value"):
            if not self.properties["fail"]:
                self.data_set("value", prop_diff["value"])
            return self._wait_secs("update")
        return 0

    def check_update_complete(self, cookie: Any) -> bool:
        return self.check_create_complete(cookie)

    def handle_check(self) -> Any:
        if not self.resource_id:
            raise Exception("Resource not created")
        return None

    def handle_delete(self) -> Any:
        return self._wait_secs("delete")

    def check_delete_complete(self, cookie: Any) -> bool:
        self._wait(cookie)
        return True

    def get_attribute(self, name: str) -> Any:
        self._wait(self.properties["attr_wait_secs"])
        if name == "output":
            return self.data().get("value")
        return None


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::TestResource": TestResource}
