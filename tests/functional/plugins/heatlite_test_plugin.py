"""A third-party resource plugin loaded from ``[DEFAULT] plugin_dirs``.

It lives outside the heatlite package on purpose: the functional tests
point plugin_dirs here and create stacks with ``Test::Plugin::Echo``.
"""

from __future__ import annotations

from typing import Any

from heatlite.engine import attributes
from heatlite.engine import properties
from heatlite.engine import resource


class Echo(resource.Resource):
    """Echoes its message, upper-cased, as an attribute."""

    SUPPORT_STATUS = {"version": "1.0.0"}
    PROPERTIES = {
        "message": properties.Schema(properties.STRING, "What to echo.", required=True,
                                     update_allowed=True),
    }
    ATTRIBUTES = {
        "shout": attributes.Schema("The message in capitals."),
    }

    def handle_create(self) -> Any:
        self.data_set("shout", self.properties["message"].upper())
        self.resource_id_set(self.physical_resource_name())
        return None

    def handle_update(self, prop_diff: Any) -> Any:
        self.data_set("shout", self.properties["message"].upper())
        return None

    def get_attribute(self, name: str) -> Any:
        return self.data().get(name)


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"Test::Plugin::Echo": Echo}
