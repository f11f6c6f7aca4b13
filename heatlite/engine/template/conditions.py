"""The ``conditions`` section: named boolean conditions, evaluated once.

Each definition is parsed with the version's condition functions (the
template's other functions are Invalid there) and resolved on first use;
a condition that refers to itself through others is Heat's "Circular
definition" error. Names used by resources, outputs and ``if`` are looked
up with ``is_enabled``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine import function

_IN_PROGRESS = object()
_ERROR = "Condition validation error"


class Conditions:
    """Parsed condition definitions of one stack, resolved lazily."""

    def __init__(self, raw: Any, parse: Callable[[Any, str], Any],
                 section_name: str = "conditions") -> None:
        raw = raw or {}
        if not isinstance(raw, Mapping):
            raise exception.StackValidationFailed(
                error="Conditions validation error",
                message="Condition definitions must be a map. Found a %s instead"
                % type(raw).__name__)
        self._raw = raw
        self._parse = parse
        self._section = section_name
        self._parsed: dict[str, Any] = {}
        self._resolved: dict[str, Any] = {}

    def names(self) -> list[str]:
        return [str(n) for n in self._raw]

    def _definition(self, name: str) -> Any:
        if name not in self._parsed:
            self._parsed[name] = self._parse(self._raw[name], "%s.%s" % (self._section, name))
        return self._parsed[name]

    def validate(self) -> None:
        """Every definition parses, is a boolean or a function, and resolves."""
        for name in self._raw:
            defn = self._definition(name)
            _check_type(name, defn)
            function.validate(defn, [self._section, str(name)])
        for name in self._raw:
            self.is_enabled(name)

    def is_enabled(self, name: Any) -> bool:
        """Whether the condition holds; None and booleans stand for themselves."""
        if name is None:
            return True
        if isinstance(name, bool):
            return name
        if not isinstance(name, str) or name not in self._raw:
            raise ValueError('Invalid condition "%s"' % name)
        if name not in self._resolved:
            self._resolved[name] = _IN_PROGRESS
            try:
                defn = self._definition(name)
                _check_type(name, defn)
                value = function.resolve(defn)
                _check_type(name, value)
            except BaseException:
                del self._resolved[name]
                raise
            self._resolved[name] = value
        result = self._resolved[name]
        if result is _IN_PROGRESS:
            raise exception.StackValidationFailed(
                error=_ERROR, message='Circular definition for condition "%s"' % name)
        return bool(result)

    def as_dict(self) -> dict[str, bool]:
        """Every condition's value (for previews and tests)."""
        return {name: self.is_enabled(name) for name in self.names()}


def _check_type(name: str, defn: Any) -> None:
    if not isinstance(defn, bool | function.Function):
        raise exception.StackValidationFailed(
            error=_ERROR,
            message='The definition of condition "%s" is invalid: %s' % (name, defn))
