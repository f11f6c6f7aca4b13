"""Value constraints shared by parameter and property schemas.

Each constraint knows which schema types it applies to (by type key) and
fails with Heat's message, or with the template author's description when
one was given.
"""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import custom_constraints as custom
from heatlite.engine.pattern_match import PatternMatcher

# Type keys: each schema family maps them onto its own type names.
INTEGER, STRING, NUMBER, BOOLEAN, MAP, LIST = (
    "INTEGER", "STRING", "NUMBER", "BOOLEAN", "MAP", "LIST")


def str_to_num(value: Any) -> int | float:
    """A number from a number or its text; ValueError otherwise."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value  # type: ignore[return-value]
    try:
        return int(value)
    except ValueError:
        return float(value)


class Constraint:
    """Base: ``validate`` raises ValueError with the message to show."""

    valid_types: tuple[str, ...] = ()

    def __init__(self, description: str | None = None) -> None:
        self.description = description

    def validate(self, value: Any, to_type: Any = None) -> None:
        try:
            valid = self._is_valid(value, to_type)
        except (TypeError, ValueError, OverflowError):
            valid = False  # a value of the wrong kind fails the constraint
        if not valid:
            if self.description:
                raise ValueError(self.description)
            try:
                message = self._err_msg(value)
            except (TypeError, ValueError):
                message = "%r is not valid" % (value,)
            raise ValueError(message)

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        raise NotImplementedError

    def _err_msg(self, value: Any) -> str:
        raise NotImplementedError


class Range(Constraint):
    valid_types = (INTEGER, NUMBER)

    def __init__(self, min: Any = None, max: Any = None,
                 description: str | None = None) -> None:
        super().__init__(description)
        for bound in (min, max):
            if not isinstance(bound, float | int | type(None)) or isinstance(bound, bool):
                raise exception.InvalidSchemaError(message="min/max must be numeric")
        if min is None and max is None:
            raise exception.InvalidSchemaError(
                message="A range constraint must have a min value and/or a max value "
                        "specified.")
        self.min, self.max = min, max

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        number = str_to_num(value)
        return not ((self.min is not None and number < self.min)
                    or (self.max is not None and number > self.max))

    def _err_msg(self, value: Any) -> str:
        return "%s is out of range (min: %s, max: %s)" % (value, self.min, self.max)


class Length(Range):
    valid_types = (STRING, LIST, MAP)

    def __init__(self, min: Any = None, max: Any = None,
                 description: str | None = None) -> None:
        if min is None and max is None:
            raise exception.InvalidSchemaError(
                message="A length constraint must have a min value and/or a max value "
                        "specified.")
        super().__init__(min, max, description)
        for bound in (min, max):
            if not isinstance(bound, int | type(None)):
                raise exception.InvalidSchemaError(message="min/max length must be integral")

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        return super()._is_valid(len(value), to_type)

    def _err_msg(self, value: Any) -> str:
        return "length (%d) is out of range (min: %s, max: %s)" % (
            len(value), self.min, self.max)


class Modulo(Constraint):
    valid_types = (INTEGER, NUMBER)

    def __init__(self, step: Any = None, offset: Any = None,
                 description: str | None = None) -> None:
        super().__init__(description)
        if step is None or offset is None:
            raise exception.InvalidSchemaError(
                message="A modulo constraint must have a step value and an offset "
                        "value specified.")
        for bound in (step, offset):
            if not isinstance(bound, float | int):
                raise exception.InvalidSchemaError(message="step/offset must be numeric")
            if int(bound) != bound:
                raise exception.InvalidSchemaError(message="step/offset must be integer")
        self.step, self.offset = step, offset
        step, offset = int(step), int(offset)
        if step == 0:
            raise exception.InvalidSchemaError(message="step cannot be 0.")
        if abs(offset) >= abs(step):
            raise exception.InvalidSchemaError(
                message="offset must be smaller (by absolute value) than step.")
        if step * offset < 0:
            raise exception.InvalidSchemaError(
                message="step and offset must be both positive or both negative.")

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        return str_to_num(value) % self.step == self.offset

    def _err_msg(self, value: Any) -> str:
        return "%s is not a multiple of %s with an offset of %s" % (
            value, self.step, self.offset)


class AllowedValues(Constraint):
    valid_types = (STRING, INTEGER, NUMBER, BOOLEAN, LIST)

    def __init__(self, allowed: Any, description: str | None = None) -> None:
        super().__init__(description)
        if not isinstance(allowed, Sequence) or isinstance(allowed, str):
            raise exception.InvalidSchemaError(message="AllowedValues must be a list")
        self.allowed = tuple(allowed)

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        if isinstance(value, list):
            return all(v in self.allowed for v in value)
        if to_type is not None:
            return to_type(value) in tuple(to_type(v) for v in self.allowed)
        return value in self.allowed

    def _err_msg(self, value: Any) -> str:
        allowed = "[%s]" % ", ".join(json.dumps(a) for a in self.allowed)
        return "%s is not an allowed value %s" % (json.dumps(value), allowed)


class AllowedPattern(Constraint):
    valid_types = (STRING,)

    def __init__(self, pattern: Any, description: str | None = None) -> None:
        super().__init__(description)
        if not isinstance(pattern, str):
            raise exception.InvalidSchemaError(message="AllowedPattern must be a string")
        self.pattern = pattern
        try:
            self._matcher = PatternMatcher(pattern)
        except re.error as exc:
            raise exception.InvalidSchemaError(message="Invalid pattern %s: %s"
                                               % (pattern, exc)) from None

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        # pattern_match.py bounds the time a hostile pattern may take
        return self._matcher.full_match(value)

    def _err_msg(self, value: Any) -> str:
        return '"%s" does not match pattern "%s"' % (value, self.pattern)


class CustomConstraint(Constraint):
    """``custom_constraint: <name>``: a named check (custom_constraints.py)."""

    valid_types = (STRING, INTEGER, NUMBER, BOOLEAN, MAP, LIST)

    def __init__(self, name: Any, description: str | None = None) -> None:
        super().__init__(description)
        if not isinstance(name, str):
            raise exception.InvalidSchemaError(message="Custom constraint must be a string")
        if name not in custom.CHECKS and custom.needs_service(name):
            raise exception.NotImplementedYet(
                feature='The custom constraint "%s" (it needs another service)' % name)
        self.name = name
        self._reason = ""

    def _is_valid(self, value: Any, to_type: Any) -> bool:
        check = custom.CHECKS.get(self.name)
        if check is None:
            return False
        reason = check(value)
        self._reason = reason or ""
        return reason is None

    def _err_msg(self, value: Any) -> str:
        if self.name not in custom.CHECKS:
            return '"%s" does not validate %s (constraint not found)' % (value, self.name)
        return custom.error_text(value, self._reason)
