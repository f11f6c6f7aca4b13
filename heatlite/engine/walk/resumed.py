"""The operations a takeover resumes: create, adopt, delete and stack actions
walked again from the stored rows (see interrupted.py for one resource).

Each subclasses the operation it resumes and changes only how one node
runs: what the dead engine finished counts as done, what it left
IN_PROGRESS goes on (or fails) as its plugin says, the rest runs as it
would have. The stack's final state is recorded as the operation always
records it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from heatlite.engine import status
from heatlite.engine.walk import resource_action
from heatlite.engine.walk.adopt import AdoptStack
from heatlite.engine.walk.create import CreateStack
from heatlite.engine.walk.delete import DeleteStack
from heatlite.engine.walk.interrupted import Interrupted
from heatlite.engine.walk.resource_action import Driver
from heatlite.engine.walk.stack_actions import StackAction

ADOPT_NOT_KEPT = ("Engine %s went down during stack ADOPT and the adopt document is not "
                  "kept: resource %s cannot be adopted")


class ResumedCreate(CreateStack):
    """A CREATE the dead engine began: finished resources stay as they are."""

    def __init__(self, *args: Any, interrupted: Interrupted, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interrupted = interrupted

    def _driver(self, name: str) -> Driver:
        return Driver(self.records[name], self.recorder, self.defn.stack_name,
                      self.defn.stack_id, self.op.sleep)

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        rec = self.records[name]
        if rec.status == status.COMPLETE and rec.action != status.INIT:
            return True  # its reference id and attributes are in the scope
        if rec.status == status.FAILED:
            return False
        if rec.status != status.IN_PROGRESS:
            return super()._run_node(name)
        defn = self.defn.resources[name]
        # An external resource (ADOPT, CHECK in progress) is not resumed.
        plugin = defn.plugin if defn.external_id is None else None
        way = self.interrupted.resume(self._driver(name), plugin, rec.action)
        if way is None:
            return False
        return resource_action.create(
            defn, rec, self.defn.scope, self.recorder, self.defn.stack_name,
            self.defn.stack_id, self.op.sleep, self.gate, self.action, resume=way)


class ResumedAdopt(AdoptStack):
    """An ADOPT the dead engine began: adopted resources are kept; the
    others fail, since the adopt document lived only in that engine."""

    def __init__(self, *args: Any, interrupted: Interrupted, **kwargs: Any) -> None:
        super().__init__(*args, resources={}, **kwargs)
        self.interrupted = interrupted

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        rec = self.records[name]
        if rec.status == status.COMPLETE and rec.action != status.INIT:
            return True
        if rec.status == status.IN_PROGRESS:
            drv = Driver(rec, self.recorder, self.defn.stack_name, self.defn.stack_id,
                         self.op.sleep)
            self.interrupted.fail(drv, rec.action)
        elif rec.status != status.FAILED:
            rec.status_reason = ADOPT_NOT_KEPT % (self.interrupted.dead_engine_id, name)
        return False


class ResumedDelete(DeleteStack):
    """A DELETE the dead engine began: what it deleted is gone already."""

    def __init__(self, *args: Any, interrupted: Interrupted, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interrupted = interrupted

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        rec = self.records[name]
        if rec.state != (status.DELETE, status.IN_PROGRESS):
            return super()._run_node(name)
        drv = Driver(rec, self.recorder, self.stack_name, self.stack_id, self.op.sleep)
        way = self.interrupted.resume(drv, self.plugins[name], status.DELETE)
        if way is None:
            return False
        return resource_action.delete(
            rec, self.plugins[name], self.policies.get(name, "Delete"), self.recorder,
            self.stack_name, self.stack_id, self.op.sleep, self.gate, resume=way)


class ResumedStackAction(StackAction):
    """A SUSPEND, RESUME, CHECK or SNAPSHOT the dead engine began; ``done``
    names the resources it finished (interrupted.finished_in)."""

    def __init__(self, *args: Any, interrupted: Interrupted, done: set[str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interrupted = interrupted
        self.done = done

    def _run_node(self, name: Hashable, resume: str | None = None) -> bool:
        assert isinstance(name, str)
        if name in self.done:
            return True
        rec = self.records[name]
        if rec.state != (self.action, status.IN_PROGRESS):
            return super()._run_node(name)
        drv = Driver(rec, self.recorder, self.stack_name, self.stack_id, self.op.sleep)
        way = self.interrupted.resume(drv, self.plugins[name], self.action)
        if way is None:
            return False
        return super()._run_node(name, resume=way)
