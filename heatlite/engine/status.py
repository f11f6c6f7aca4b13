"""ACTION x STATUS: the names a stack or resource state is made of, and the
transitions the engine allows, written as data and checked in one place.

Only vocabulary and the table live here; who moves a state (operation
modules) and where it is stored (db) live elsewhere.
"""

from __future__ import annotations

from typing import Final

(INIT, CREATE, DELETE, UPDATE, ROLLBACK, SUSPEND, RESUME,
                  ADOPT, SNAPSHOT, CHECK, RESTORE) = (
    "INIT", "CREATE", "DELETE", "UPDATE", "ROLLBACK", "SUSPEND", "RESUME",
    "ADOPT", "SNAPSHOT", "CHECK", "RESTORE")
ACTIONS: Final = (INIT, CREATE, DELETE, UPDATE, ROLLBACK, SUSPEND, RESUME, ADOPT,
                  SNAPSHOT, CHECK, RESTORE)

(IN_PROGRESS, FAILED, COMPLETE) = (
    "IN_PROGRESS", "FAILED", "COMPLETE")
STATUSES: Final = (IN_PROGRESS, FAILED, COMPLETE)

State = tuple[str, str]

# Operations this engine drives today. Each may start from the states listed
# and then moves IN_PROGRESS -> COMPLETE | FAILED within the same action.
_ANY: Final = frozenset((a, s) for a in ACTIONS for s in STATUSES)
_SETTLED: Final = frozenset((a, s) for a in ACTIONS for s in (COMPLETE, FAILED))
_STARTS_FROM: Final[dict[str, frozenset[State]]] = {
    CREATE: frozenset({(INIT, COMPLETE), (CREATE, FAILED)}),
    # A delete may start from any state: it is how a user gets out of one.
    DELETE: _ANY,
    # A rollback follows a failed or cancelled create/update at once.
    ROLLBACK: _ANY,
    # An adopted stack is stored straight into ADOPT IN_PROGRESS.
    ADOPT: frozenset({(INIT, COMPLETE), (ADOPT, FAILED)}),
    # An update also takes over a create or update in progress (preemption).
    UPDATE: _SETTLED | {(CREATE, IN_PROGRESS), (UPDATE, IN_PROGRESS)},
    # The others start from any settled state (an operation runs at a time).
    SUSPEND: _SETTLED, RESUME: _SETTLED, CHECK: _SETTLED,
    SNAPSHOT: _SETTLED, RESTORE: _SETTLED,
}


# States set directly, without an IN_PROGRESS step, from any settled state:
# a check of a resource that cannot be checked, and mark-unhealthy.
_SET_DIRECTLY: Final = frozenset({(CHECK, COMPLETE), (CHECK, FAILED)})


class InvalidTransition(Exception):
    """The engine tried a move the table does not allow: always a bug."""


def state_name(action: str, status: str) -> str:
    """``CREATE_COMPLETE`` style name, as the API shows it."""
    return "%s_%s" % (action, status)


def allowed(old: State, new: State) -> bool:
    """Whether a stack or resource may move from ``old`` to ``new``."""
    action, status = new
    if action not in ACTIONS or status not in STATUSES:
        return False
    if status == IN_PROGRESS:
        return old in _STARTS_FROM.get(action, frozenset())
    if new in _SET_DIRECTLY and old in _SETTLED:
        return True
    # Finishing: only from the same action in progress.
    return old == (action, IN_PROGRESS)


def check(old: State, new: State) -> None:
    """Raise InvalidTransition unless ``old`` -> ``new`` is in the table."""
    if not allowed(old, new):
        raise InvalidTransition("%s -> %s" % (state_name(*old), state_name(*new)))
