"""OS::Heat::None: does nothing, accepts any property, offers any attribute.

Useful for stubbing out resources in a template; Heat's semantics.
"""

from __future__ import annotations

import uuid
from typing import Any

from heatlite.engine import resource


class NoneResource(resource.Resource):
    # Nothing outside the engine: running an interrupted action again is safe.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)
    SUPPORT_STATUS = {"version": "5.0.0"}
    ANY_PROPERTIES = True
    ANY_ATTRIBUTES = True
    NEVER_UPDATE = True  # Heat never updates nor replaces a None resource

    def handle_create(self) -> Any:
        self.resource_id_set(str(uuid.uuid4()))
        self.data_set("is_placeholder", "True")
        return None

    def get_attribute(self, name: str) -> Any:
        return None


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::None": NoneResource}
