"""Template parameters: schemas, user values, coercion and validation.

Messages are Heat's: a bad value reads "Parameter 'x' is invalid: ...", a
missing one "The Parameter (x) was not provided.". Pseudo parameters come
first, as Heat lists them: OS::stack_id, OS::project_id, OS::stack_name in
HOT, AWS::StackId, AWS::StackName, AWS::Region in CFN. A CFN parameter
(``Type``, ``AllowedValues``, ``MaxLength``...) is read into the HOT form
first, its ConstraintDescription becoming each constraint's description. A
stack's parameters are shown as text (``as_text``), hidden ones as "******".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from oslo_utils import strutils

from heatlite.common import exception
from heatlite.engine import constraints as constr
from heatlite.engine.template.hot.versions import TemplateVersion

TYPES = (STRING, NUMBER, LIST, MAP, BOOLEAN) = (
    "string", "number", "comma_delimited_list", "json", "boolean")
_TYPE_KEYS = {STRING: constr.STRING, NUMBER: constr.NUMBER, LIST: constr.LIST,
              MAP: constr.MAP, BOOLEAN: constr.BOOLEAN}
KEYS = ("type", "description", "default", "schema", "constraints", "hidden",
        "label", "immutable")
CONSTRAINT_KEYS = ("description", "length", "range", "modulo", "allowed_values",
                   "allowed_pattern", "custom_constraint")
PSEUDO = (STACK_ID, PROJECT_ID, STACK_NAME) = (
    "OS::stack_id", "OS::project_id", "OS::stack_name")
AWS_PSEUDO = (AWS_STACK_ID, AWS_STACK_NAME, AWS_REGION) = (
    "AWS::StackId", "AWS::StackName", "AWS::Region")
AWS_DEFAULT_REGION = "ap-southeast-1"
HIDDEN_TEXT = "******"
# The names the validate API gives the types (CFN's spelling).
API_TYPES = {STRING: "String", NUMBER: "Number", LIST: "CommaDelimitedList",
             MAP: "Json", BOOLEAN: "Boolean"}
_CFN_TYPES = {v: k for k, v in API_TYPES.items()}
CFN_KEYS = ("Type", "Default", "NoEcho", "AllowedValues", "AllowedPattern", "MaxLength",
            "MinLength", "MaxValue", "MinValue", "Description", "ConstraintDescription",
            "Label")


def stack_arn(project_id: str, stack_name: str, stack_id: str) -> str:
    """The stack's ARN, the value of AWS::StackId."""
    return "arn:openstack:heat::%s:stacks/%s/%s" % (project_id, stack_name, stack_id)


def cfn_to_hot(name: str, data: Any) -> dict[str, Any]:
    """A CFN parameter schema in HOT's form (constraints as a list)."""
    _check_dict(data, CFN_KEYS, "parameter (%s)" % name)
    if "Type" not in data:
        raise exception.InvalidSchemaError(
            message="Missing parameter type for parameter: %s" % name)
    kind = _CFN_TYPES.get(data["Type"], data["Type"])
    out: dict[str, Any] = {"type": kind}
    for cfn_key, hot_key in (("Default", "default"), ("Description", "description"),
                             ("Label", "label")):
        if cfn_key in data:
            out[hot_key] = data[cfn_key]
    if "NoEcho" in data:
        out["hidden"] = str(data["NoEcho"]).lower() == "true"
    desc = data.get("ConstraintDescription")
    constraints: list[dict[str, Any]] = []
    if "AllowedValues" in data:
        constraints.append({"allowed_values": data["AllowedValues"]})
    if "AllowedPattern" in data:
        constraints.append({"allowed_pattern": data["AllowedPattern"]})
    if "MinLength" in data or "MaxLength" in data:
        constraints.append({"length": {k: data[c] for k, c in (("min", "MinLength"),
                                                              ("max", "MaxLength"))
                                       if c in data}})
    if "MinValue" in data or "MaxValue" in data:
        constraints.append({"range": {k: data[c] for k, c in (("min", "MinValue"),
                                                             ("max", "MaxValue"))
                                      if c in data}})
    if constraints:
        if desc is not None:
            for c in constraints:
                c["description"] = desc
        out["constraints"] = constraints
    return out


def _check_dict(data: Any, allowed: tuple[str, ...], entity: str) -> None:
    if not isinstance(data, dict):
        raise exception.InvalidSchemaError(message="Invalid %s, expected a mapping" % entity)
    for key in data:
        if key not in allowed:
            raise exception.InvalidSchemaError(
                message="Invalid key '%s' for %s" % (key, entity))


def _num(data: Mapping[str, Any], key: str, entity: str) -> Any:
    """A bound as a number; a bound that is none is a schema error (400),
    not the ValueError or TypeError of converting it."""
    value = data.get(key)
    if value is None:
        return None
    try:
        return constr.str_to_num(value)
    except (TypeError, ValueError, OverflowError):
        raise exception.InvalidSchemaError(
            message="Invalid %s constraint, %s must be a number, not %r"
            % (entity, key, value)) from None


class ParamSchema:
    """One entry of the template's parameters section."""

    def __init__(self, name: str, data: Any, hot: TemplateVersion) -> None:
        if hot.kind == "cfn":
            data = cfn_to_hot(name, data)
        keys = KEYS + (("tags",) if hot.param_tags else ())
        _check_dict(data, keys, "parameter (%s)" % name)
        if "type" not in data:
            raise exception.InvalidSchemaError(
                message="Missing parameter type for parameter: %s" % name)
        if not isinstance(data.get("tags", []), list):
            raise exception.InvalidSchemaError(
                message="Tags property should be a list for parameter: %s" % name)
        self.name = name
        self.type = data["type"]
        if self.type not in TYPES:
            raise exception.InvalidSchemaError(message="Invalid type (%s)" % self.type)
        self.description = data.get("description")
        self.default = data.get("default")
        self.hidden = bool(data.get("hidden", False))
        self.label = data.get("label")
        self.immutable = bool(data.get("immutable", False))
        self.tags = data.get("tags")
        self.constraints = list(self._constraints(data.get("constraints"), hot))

    def _constraints(self, defs: Any, hot: TemplateVersion) -> Iterator[constr.Constraint]:
        if defs is None:
            return
        if not isinstance(defs, list):
            raise exception.InvalidSchemaError(
                message="Invalid parameter constraints for parameter %s, expected a list"
                % self.name)
        for cdef in defs:
            _check_dict(cdef, CONSTRAINT_KEYS, "parameter constraints")
            yield self._constraint(cdef, hot)

    @staticmethod
    def _constraint(cdef: dict[str, Any], hot: TemplateVersion) -> constr.Constraint:
        desc = cdef.get("description")
        if hot.param_modulo and "modulo" in cdef:
            _check_dict(cdef["modulo"], ("step", "offset"), "modulo constraint")
            return constr.Modulo(_num(cdef["modulo"], "step", "modulo"),
                                 _num(cdef["modulo"], "offset", "modulo"), desc)
        if "range" in cdef:
            _check_dict(cdef["range"], ("min", "max"), "range constraint")
            return constr.Range(_num(cdef["range"], "min", "range"),
                                _num(cdef["range"], "max", "range"), desc)
        if "length" in cdef:
            _check_dict(cdef["length"], ("min", "max"), "length constraint")
            return constr.Length(_num(cdef["length"], "min", "length"),
                                 _num(cdef["length"], "max", "length"), desc)
        if "allowed_values" in cdef:
            return constr.AllowedValues(cdef["allowed_values"], desc)
        if "allowed_pattern" in cdef:
            return constr.AllowedPattern(cdef["allowed_pattern"], desc)
        if "custom_constraint" in cdef:
            return constr.CustomConstraint(cdef["custom_constraint"], desc)
        raise exception.InvalidSchemaError(message="No constraint expressed")

    def validate(self) -> None:
        """The schema itself: constraints fit the type, the default fits them."""
        for c in self.constraints:
            if _TYPE_KEYS[self.type] not in c.valid_types:
                raise exception.InvalidSchemaError(
                    message="%s constraint invalid for %s" % (type(c).__name__, self.type))
        if self.default is None:
            return
        default = self.default
        if self.type == LIST:
            if isinstance(default, list):
                default = [str(x) for x in default]
            else:
                try:
                    default = default.split(",")
                except AttributeError as err:
                    raise exception.InvalidSchemaError(
                        message="Default must be a comma-delimited list string: %s" % err) from None
        try:
            self.check_constraints(default)
        except (ValueError, TypeError, exception.StackValidationFailed) as exc:
            raise exception.InvalidSchemaError(
                message="Invalid default %s (%s)" % (self.default, exc)) from None

    def check_constraints(self, value: Any) -> None:
        to_type = _to_type(self.type)
        for c in self.constraints:
            try:
                c.validate(value, to_type)
            except ValueError as exc:
                raise exception.StackValidationFailed(message=str(exc)) from None


def _to_type(param_type: str) -> Any:
    if param_type == NUMBER:
        return constr.str_to_num
    if param_type == STRING:
        return str
    if param_type == BOOLEAN:
        return lambda v: strutils.bool_from_string(str(v), strict=True)
    return None


def _split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(x) for x in value]
    try:
        if value == "":
            return []
        return [v.strip() for v in value.split(",")]
    except AttributeError as err:
        raise ValueError("Value must be a comma-delimited list string: %s" % err) from None


def _parse_json(value: Any) -> Any:
    try:
        text = value if isinstance(value, str) else json.dumps(value)
        return json.loads(text) if text else value
    except (ValueError, TypeError) as err:
        raise ValueError("Value must be valid JSON: %s" % err) from None


class Parameter:
    """A parameter with its schema, the user's value and any env default."""

    def __init__(self, schema: ParamSchema, user_value: Any = None) -> None:
        self.schema = schema
        self.name = schema.name
        self.user_value = user_value
        self.user_default: Any = None

    def has_default(self) -> bool:
        return self.schema.default is not None or self.user_default is not None

    def default(self) -> Any:
        return self.user_default if self.user_default is not None else self.schema.default

    def _raw(self) -> Any:
        if self.user_value is not None:
            return self.user_value
        if self.has_default():
            return self.default()
        raise exception.UserParameterMissing(key=self.name)

    def validate(self, values: bool = True) -> None:
        """The schema, then (``values``) the value; ``values=False`` is validate's."""
        try:
            self.schema.validate()
            if not values:
                return
            if self.user_value is None and not self.has_default():
                raise exception.UserParameterMissing(key=self.name)
            self._check(self._raw())
        except exception.StackValidationFailed as exc:
            raise exception.StackValidationFailed(
                message="Parameter '%s' is invalid: %s" % (self.name, exc)) from None
        except exception.InvalidSchemaError as exc:
            raise exception.InvalidSchemaError(
                message="Parameter '%s' is invalid: %s" % (self.name, exc)) from None

    def _check(self, raw: Any) -> None:
        kind = self.schema.type
        try:
            if kind == NUMBER:
                constr.str_to_num(raw)
                parsed = raw
            elif kind == BOOLEAN:
                strutils.bool_from_string(raw, strict=True)
                parsed = raw
            elif kind == LIST:
                parsed = _split_list(raw)
            elif kind == MAP:
                parsed = _parse_json(raw)
            else:
                parsed = raw
        except (ValueError, TypeError) as exc:
            raise exception.StackValidationFailed(message=str(exc)) from None
        self.schema.check_constraints(parsed)

    def value(self) -> Any:
        """The value functions see, in the parameter's type."""
        raw = self._raw()
        kind = self.schema.type
        if kind == NUMBER:
            return constr.str_to_num(raw)
        if kind == BOOLEAN:
            return strutils.bool_from_string(str(raw), strict=True)
        if kind == LIST:
            return _split_list(raw)
        if kind == MAP:
            return _parse_json(raw)
        return str(raw)

    def as_text(self) -> str:
        """The value as the stack document shows it."""
        value = self.value()
        if self.schema.hidden:
            return HIDDEN_TEXT
        if self.schema.type == LIST:
            return ",".join(value)
        if self.schema.type == MAP:
            return json.dumps(value)
        return str(value)


class _Pseudo(Parameter):
    def __init__(self, name: str, value: str) -> None:
        self.schema = None  # type: ignore[assignment]
        self.name = name
        self.user_value = value
        self.user_default = None

    def validate(self, values: bool = True) -> None:
        return None

    def value(self) -> Any:
        return self.user_value

    def as_text(self) -> str:
        return str(self.user_value)


class Parameters(Mapping[str, Any]):
    """All parameters of a stack; ``params[name]`` is the typed value."""

    def __init__(self, schemas: Mapping[str, Any], hot: TemplateVersion,
                 user_params: Mapping[str, Any] | None, param_defaults: Mapping[str, Any] | None,
                 stack_name: str, stack_id: str, project_id: str) -> None:
        self.user_params = dict(user_params or {})
        if not isinstance(schemas, Mapping):
            raise exception.StackValidationFailed(
                message='"parameters" must contain a map of parameter maps.')
        self.schemas = {name: ParamSchema(name, data, hot) for name, data in schemas.items()}
        self._cfn = hot.kind == "cfn"
        self._project_id = str(project_id)
        self._stack_name = stack_name
        self._params: dict[str, Parameter] = {}
        self._set_pseudo(str(stack_id))
        for name, schema in self.schemas.items():
            self._params[name] = Parameter(schema, self.user_params.get(name))
        for name, default in (param_defaults or {}).items():
            param = self._params.get(name)
            if param is not None and not isinstance(param, _Pseudo):
                param.user_default = default

    def _set_pseudo(self, stack_id: str) -> None:
        if self._cfn:
            self._params[AWS_STACK_ID] = _Pseudo(
                AWS_STACK_ID, stack_arn(self._project_id, self._stack_name, stack_id))
            if self._stack_name:
                self._params[AWS_STACK_NAME] = _Pseudo(AWS_STACK_NAME, self._stack_name)
            self._params[AWS_REGION] = _Pseudo(AWS_REGION, AWS_DEFAULT_REGION)
            return
        self._params[STACK_ID] = _Pseudo(STACK_ID, stack_id)
        self._params[PROJECT_ID] = _Pseudo(PROJECT_ID, self._project_id)
        if self._stack_name:
            self._params[STACK_NAME] = _Pseudo(STACK_NAME, self._stack_name)

    def set_stack_id(self, stack_id: str) -> None:
        self._set_pseudo(stack_id)

    def user_parameters(self) -> dict[str, Parameter]:
        """The template's own parameters (no pseudo ones), in template order."""
        return {n: p for n, p in self._params.items() if not isinstance(p, _Pseudo)}

    def validate(self, values: bool = True) -> None:
        """Unknown names, each schema, and (``values``) each value."""
        for name in self.user_params:
            if name not in self.schemas:
                raise exception.UnknownUserParameter(key=name)
        for param in self._params.values():
            param.validate(values)

    def __getitem__(self, name: str) -> Any:
        return self._params[name].value()

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def as_text(self) -> dict[str, str]:
        """Every parameter as text, hidden ones masked (the stack document)."""
        return {name: p.as_text() for name, p in self._params.items()}
