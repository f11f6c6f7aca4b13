"""Test::Fault::Journaled: an OS::Heat::TestResource that writes down each
create and delete it starts, for the fault tests (tests/functional/faults).

Each handle_create / handle_delete appends one line to the file named by
``journal``: ``<action> <resource uuid> <stack id> <name> <pid>``. The
fault tests read it back to prove that no resource that was COMPLETE when
its engine died was created again by the engine that took over, and which
engine (pid) did the work. Lines are short and the file is opened in append
mode, so writes from several engine processes never interleave.

``spread_secs`` staggers the waits of a group's members (named "0", "1",
...): member n waits an extra ``spread_secs * (n % 20) / 19`` seconds, so
a kill lands while some members are done and others still running.
"""

from __future__ import annotations

import os
from typing import Any

from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources.test_resource import TestResource

_SPREAD_STEPS = 20


class Journaled(TestResource):
    """TestResource whose creates and deletes are written to a journal file."""

    PROPERTIES = dict(TestResource.PROPERTIES, **{
        "journal": properties.Schema(
            properties.STRING, "File each create and delete is appended to.",
            required=True, update_allowed=True),
        "spread_secs": properties.Schema(
            properties.NUMBER, "Extra wait of a group member, spread by its index.",
            default=0, update_allowed=True),
    })

    def _note(self, action: str) -> None:
        line = "%s %s %s %s %d\n" % (action, self.ctx.uuid, self.ctx.stack_id, self.name,
                                     os.getpid())
        with open(self.properties["journal"], "a") as journal:
            journal.write(line)

    def _extra_wait(self) -> float:
        # Only numbered members are staggered; any other name waits as given.
        if not self.name.isdigit():
            return 0.0
        step = int(self.name) % _SPREAD_STEPS
        return float(self.properties["spread_secs"]) * step / (_SPREAD_STEPS - 1)

    def handle_create(self) -> Any:
        self._note("create")
        return super().handle_create() + self._extra_wait()

    def handle_delete(self) -> Any:
        self._note("delete")
        return super().handle_delete() + self._extra_wait()


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"Test::Fault::Journaled": Journaled}
