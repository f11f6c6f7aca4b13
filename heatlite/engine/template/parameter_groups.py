"""The ``parameter_groups`` section: checked, and shown by validate.

Each group has a label, a description and a list of parameter names; a
parameter belongs to at most one group and must exist. Messages are Heat's
("Parameter Groups error: parameter_groups.<label>: ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from heatlite.common import exception

SECTION = "parameter_groups"
_ERROR = "Parameter Groups error"


def validate(groups: Any, parameter_names: Iterable[str]) -> None:
    """Raise StackValidationFailed when the groups do not fit the parameters."""
    if not groups:
        return
    if not isinstance(groups, list):
        raise exception.StackValidationFailed(
            error=_ERROR, path=[SECTION], message="The %s should be a list." % SECTION)
    known = set(parameter_names)
    seen: set[Any] = set()
    for group in groups:
        if not isinstance(group, Mapping):
            raise exception.StackValidationFailed(
                error=_ERROR, path=[SECTION],
                message="The %s should be a list of maps." % SECTION)
        label = str(group.get("label", ""))
        params = group.get("parameters")
        if params is None:
            raise exception.StackValidationFailed(
                error=_ERROR, path=[SECTION, label],
                message="The parameters must be provided for each parameter group.")
        if not isinstance(params, list):
            raise exception.StackValidationFailed(
                error=_ERROR, path=[SECTION, label],
                message="The parameters of parameter group should be a list.")
        for name in params:
            if not isinstance(name, str | int | float | bool) or name in seen:
                raise exception.StackValidationFailed(
                    error=_ERROR, path=[SECTION, label],
                    message="The %s parameter must be assigned to one parameter group "
                            "only." % (name,))
            seen.add(name)
            if name not in known:
                raise exception.StackValidationFailed(
                    error=_ERROR, path=[SECTION, label],
                    message="The grouped parameter %s does not reference a valid "
                            "parameter." % (name,))


def as_list(groups: Any) -> list[Any]:
    """The groups as the validate API shows them (as written)."""
    return list(groups) if isinstance(groups, list) else []
