"""An autoscaling group's cooldown, kept in the group's metadata as Heat keeps it.

Two keys: ``scaling_in_progress`` (true while a scaling signal resizes the
group; clients poll it) and ``cooldown_end``, a one-entry map from the UTC
ISO time before which no further scaling may start to the reason of the
last change ("ExactCapacity : 3" after a create or update, else
"<adjustment_type> : <adjustment>"). Creating, updating and each scaling
that changed the size push ``cooldown_end`` to now + cooldown (never
earlier than it already is). These are pure functions of the metadata;
the group writes the result under the row lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

COOLDOWN_END = "cooldown_end"
SCALING_IN_PROGRESS = "scaling_in_progress"
KEYS = frozenset({COOLDOWN_END, SCALING_IN_PROGRESS})
EXACT_CAPACITY_REASON = "ExactCapacity : %s"


def now_iso() -> str:
    """Heat's clock: naive UTC, ISO format (compared as text)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat()


def sanitized(cooldown: Any) -> int:
    """A cooldown of seconds: none or a negative one is 0."""
    return max(0, int(cooldown or 0))


def _end_of(metadata: Mapping[str, Any]) -> str | None:
    end = metadata.get(COOLDOWN_END)
    if isinstance(end, Mapping) and end:
        return str(next(iter(end)))
    return None


def refusal(metadata: Mapping[str, Any], cooldown: Any, now: str) -> str | None:
    """Why a scaling may not start at ``now`` (Heat's words), else None."""
    if metadata.get(SCALING_IN_PROGRESS):
        return "due to scaling activity"
    end = _end_of(metadata)
    if end is not None and now < end:
        return "due to cooldown, cooldown %s" % sanitized(cooldown)
    return None


def started(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata once a scaling has started."""
    return dict(metadata, **{SCALING_IN_PROGRESS: True})


def finished(metadata: Mapping[str, Any], cooldown: Any, reason: str, now: str,
             size_changed: bool = True) -> dict[str, Any]:
    """The metadata once a scaling (or create, update) has ended."""
    new = dict(metadata)
    if size_changed:
        moment = datetime.datetime.fromisoformat(now)
        end = (moment + datetime.timedelta(seconds=sanitized(cooldown))).isoformat()
        old = _end_of(metadata)
        new[COOLDOWN_END] = {max(old, end) if old else end: reason}
    new[SCALING_IN_PROGRESS] = False
    return new
