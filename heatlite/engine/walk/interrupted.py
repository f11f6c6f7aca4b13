"""Resources a dead engine left mid-action: how the engine taking over goes on.

The takeover (takeover.py) walks the stack's operation again from its rows.
A resource the dead engine finished is not touched; one it left
IN_PROGRESS is resumed the way its plugin says (Resource.
resume_after_takeover): REDRIVE runs handle_<action> again, CHECK waits
on what was started (check_<action>_complete with the plugin's
takeover_cookie). A plugin that cannot tell leaves the resource FAILED
with a reason naming the dead engine. An action the plugin has no
handler for did nothing yet, so it is simply run again. Each resumed
resource gets an event saying which engine went on with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from heatlite.db import resources as resource_rows
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import Driver

WENT_DOWN = "Engine %s went down during resource %s"
RESUMED = "Engine %s went down during resource %s; %s by engine %s"
_DONE_HOW = {resource_mod.REDRIVE: "re-driven", resource_mod.CHECK: "checked"}


@dataclasses.dataclass(frozen=True)
class Interrupted:
    """The engine that went down and the one going on with its work."""

    dead_engine_id: str
    engine_id: str

    @staticmethod
    def way(plugin: type[resource_mod.Resource], action: str) -> str | None:
        """REDRIVE, CHECK, or None (cannot tell) for ``action`` of ``plugin``."""
        handler = getattr(plugin, "handle_%s" % action.lower(), None)
        if action not in (status.CREATE, status.DELETE) and not callable(handler):
            return resource_mod.REDRIVE  # nothing was started: nothing happens twice
        return plugin.resume_after_takeover(action)

    def resume(self, drv: Driver, plugin: type[resource_mod.Resource] | None,
               action: str) -> str | None:
        """How to go on with ``drv.rec`` (``action`` IN_PROGRESS), after its
        event; None once it was failed instead (or ``plugin`` is None: the
        resource cannot be resumed whatever its type)."""
        way = None if plugin is None else self.way(plugin, action)
        if way is None:
            self.fail(drv, action)
            return None
        drv.event(RESUMED % (self.dead_engine_id, action, _DONE_HOW[way], self.engine_id))
        return way

    def fail(self, drv: Driver, action: str) -> None:
        """The resource fails where the dead engine left it."""
        drv.move(action, status.FAILED, WENT_DOWN % (self.dead_engine_id, action),
                 drv.rec.properties_data)


def finished_in(rows: Iterable[Any], action: str, since: Any) -> set[str]:
    """Names of the resources the interrupted ``action`` already finished.

    A SUSPEND (RESUME) COMPLETE resource is suspended (resumed) whenever
    that happened; a CHECK or SNAPSHOT COMPLETE one counts only if it got
    there after the stack's action started (``since``), not in an earlier
    check or snapshot.
    """
    names = set()
    for row in rows:
        if (row.action, row.status) != (action, status.COMPLETE):
            continue
        if action in (status.SUSPEND, status.RESUME) or (
                since is not None and row.updated_at is not None and row.updated_at >= since):
            names.add(row.name)
    return names


def fail_resources(recorder: Recorder, stack_id: str, reason: str) -> None:
    """Move every resource of the stack left IN_PROGRESS to FAILED with
    ``reason``: nobody drives them any more."""
    for rsrc in resource_rows.get_all_by_stack(stack_id):
        if rsrc.status == status.IN_PROGRESS:
            recorder.resource(rsrc.id, rsrc.name, rsrc.type or "", (rsrc.action, rsrc.status),
                              rsrc.action, status.FAILED, reason, rsrc.physical_resource_id,
                              rsrc.properties_data)


def fail_stack(recorder: Recorder, row: Any, reason: str) -> None:
    """End an operation that cannot go on: its resources left IN_PROGRESS
    and the stack itself FAILED, each with ``reason``."""
    fail_resources(recorder, row.id, reason)
    recorder.stack((row.action, row.status), row.action, status.FAILED, reason)
