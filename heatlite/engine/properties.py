"""Resource property schemas, and checking/coercing property values.

A plugin declares PROPERTIES as ``{name: Schema}``. ``Properties`` wraps the
parsed ``properties`` snippet of one resource: ``validate`` checks it (with
Heat's "Property error: resources.<r>.properties.<p>: ..." messages) and
``resolve_all`` gives the plain values a plugin works with.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import constraints as constr
from heatlite.engine import function

TYPES = (INTEGER, STRING, NUMBER, BOOLEAN, MAP, LIST, ANY) = (
    "Integer", "String", "Number", "Boolean", "Map", "List", "Any")
_TYPE_KEYS = {INTEGER: constr.INTEGER, STRING: constr.STRING, NUMBER: constr.NUMBER,
              BOOLEAN: constr.BOOLEAN, MAP: constr.MAP, LIST: constr.LIST, ANY: None}


class Schema:
    """One property: its type, default, constraints and nested schema."""

    def __init__(self, type: str, description: str = "", default: Any = None,
                 required: bool = False, constraints: Sequence[constr.Constraint] = (),
                 schema: Schema | Mapping[str, Schema] | None = None,
                 update_allowed: bool = False, immutable: bool = False,
                 hidden: bool = False) -> None:
        if type not in TYPES:
            raise exception.InvalidSchemaError(message="Invalid type (%s)" % type)
        self.type = type
        self.description = description
        self.default = default
        self.required = required
        self.constraints = list(constraints)
        self.schema = schema
        self.update_allowed = update_allowed
        self.immutable = immutable
        # Still accepted, but left out of schema documents (Heat's HIDDEN).
        self.hidden = hidden
        for c in self.constraints:
            if _TYPE_KEYS[type] not in c.valid_types:
                raise exception.InvalidSchemaError(
                    message="%s constraint invalid for %s" % (builtins_type(c), type))

    def coerce(self, value: Any, validate: bool) -> Any:
        """``value`` in this schema's type (None: the default), checked if asked."""
        kind = self.type
        if kind == STRING:
            out: Any = self._string(value)
        elif kind == INTEGER:
            out = self._integer(value)
        elif kind == NUMBER:
            out = constr.str_to_num(self._fallback(value, 0))
        elif kind == BOOLEAN:
            out = self._boolean(value)
        elif kind == MAP:
            out = self._map(value, validate)
        elif kind == LIST:
            out = self._list(value, validate)
        else:
            out = value
        if validate:
            for c in self.constraints:
                c.validate(out)
        return out

    def _fallback(self, value: Any, empty: Any) -> Any:
        if value is None:
            return self.default if self.default is not None else empty
        return value

    def _string(self, value: Any) -> str:
        value = self._fallback(value, "")
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int):
            return str(value)
        raise ValueError("Value must be a string; got %r" % (value,))

    def _integer(self, value: Any) -> int:
        value = self._fallback(value, 0)
        try:
            return int(value)
        except ValueError:
            raise TypeError("Value '%s' is not an integer" % value) from None

    def _boolean(self, value: Any) -> bool:
        value = self._fallback(value, False)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            lowered = value.lower()
            if lowered not in ("true", "false"):
                raise ValueError('"%s" is not a valid boolean' % lowered)
            return lowered == "true"
        raise TypeError('"%s" is not a valid boolean' % value)

    def _map(self, value: Any, validate: bool) -> Any:
        value = self._fallback(value, {})
        if not isinstance(value, Mapping):
            raise TypeError('"%s" is not a map' % value)
        if not isinstance(self.schema, Mapping):
            return dict(value)
        return Properties(self.schema, value).resolve_all(validate)

    def _list(self, value: Any, validate: bool) -> Any:
        value = self._fallback(value, [])
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise TypeError('"%s" is not a list' % repr(value))
        if not isinstance(self.schema, Schema):
            return list(value)
        item_schema = {str(i): self.schema for i in range(len(value))}
        items = Properties(item_schema, {str(i): v for i, v in enumerate(value)})
        resolved = items.resolve_all(validate)
        return [resolved[str(i)] for i in range(len(value))]


def builtins_type(obj: object) -> str:
    return type(obj).__name__


class Properties:
    """The properties of one resource (or of one nested map).

    ``data`` is the parsed snippet; functions in it are resolved here, on
    demand, against whatever their scope knows at that moment.
    """

    def __init__(self, schema: Mapping[str, Schema], data: Mapping[str, Any] | None,
                 path: list[str] | None = None) -> None:
        self.schema = schema
        self.data = dict(data or {})
        # Where these properties sit, for messages; nested maps have none
        # because their errors are prefixed by the enclosing property.
        self.path = list(path or [])

    def validate(self, skip_unresolved: bool = True) -> None:
        """Check the snippet; values that wait on resources are checked later.

        ``skip_unresolved`` leaves out values that depend on a resource not
        created yet (they cannot be known before create), as Heat does.
        """
        try:
            self._check_unknown()
            for key in self.schema:
                if skip_unresolved and key in self.data and _depends_on_resource(self.data[key]):
                    continue
                self.value(key, validate=True)
        except exception.StackValidationFailed as exc:
            if exc.error:
                raise
            raise exception.StackValidationFailed(
                error="Property error", path=self.path + exc.path,
                message=exc.error_message) from None

    def check_names(self) -> None:
        """Only that every property is known (Heat's validate without values)."""
        try:
            self._check_unknown()
        except exception.StackValidationFailed as exc:
            raise exception.StackValidationFailed(
                error="Property error", path=self.path + exc.path,
                message=exc.error_message) from None

    def value(self, key: str, validate: bool = False) -> Any:
        """The resolved, coerced value of one property."""
        prop = self.schema[key]
        path = [key]
        if key in self.data:
            try:
                raw = function.resolve(self.data[key])
                return prop.coerce(raw, validate)
            except exception.StackValidationFailed as exc:
                raise exception.StackValidationFailed(path=path + exc.path,
                                                      message=exc.error_message) from None
            except exception.NotImplementedYet:
                raise
            except Exception as exc:  # a function or coercion failed
                raise exception.StackValidationFailed(path=path, message=str(exc)) from None
        if prop.default is not None:
            try:
                return prop.coerce(None, validate)
            except (TypeError, ValueError) as exc:
                raise exception.StackValidationFailed(path=path, message=str(exc)) from None
        if prop.required:
            raise exception.StackValidationFailed(message="Property %s not assigned" % key)
        return None

    def resolve_all(self, validate: bool = False) -> dict[str, Any]:
        """Every property, resolved and coerced, defaults filled in."""
        if validate:
            self._check_unknown()
        return {key: self.value(key, validate) for key in self.schema}

    def checked(self) -> dict[str, Any]:
        """``resolve_all(validate=True)`` with Heat's "Property error" message."""
        try:
            return self.resolve_all(validate=True)
        except exception.StackValidationFailed as exc:
            if exc.error:
                raise
            raise exception.StackValidationFailed(
                error="Property error", path=self.path + exc.path,
                message=exc.error_message) from None

    def _check_unknown(self) -> None:
        for key in self.data:
            if key not in self.schema:
                raise exception.StackValidationFailed(message="Unknown Property %s" % key)


class OnDemand(Mapping[str, Any]):
    """Property values resolved and coerced only when a plugin reads them.

    Heat validates a nested stack without checking property values, yet
    a plugin's own validate() still reads the values it needs: only those
    are checked then, and one that cannot be read fails as a ValueError.
    Constraints are not applied (they are checked when the nested stack
    is created).
    """

    def __init__(self, props: Properties) -> None:
        self._props = props
        self._read: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._props.schema:
            raise KeyError(key)
        if key not in self._read:
            try:
                self._read[key] = self._props.value(key)
            except exception.StackValidationFailed as exc:
                raise ValueError(exc.error_message) from None
        return self._read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._props.schema)

    def __len__(self) -> int:
        return len(self._props.schema)


def _depends_on_resource(snippet: Any) -> bool:
    try:
        return any(True for _ in function.dependencies(snippet))
    except exception.HeatException:
        return True
