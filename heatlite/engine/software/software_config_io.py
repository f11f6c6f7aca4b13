"""The declared inputs and outputs of a software config: checks and shapes.

A config's ``inputs`` and ``outputs`` are lists of small maps (name,
description, type, default, replace_on_change / error_output). They are
checked with property schemas, as Heat does, and stored in Heat's shape:
defaults filled in, ``replace_on_change`` only when true, an input's
``value`` kept when a derived config carries one. The error messages are
Heat's (it raises them as ValueError; heatlite as StackValidationFailed,
also a 400).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import constraints
from heatlite.engine import properties as props

IO_KEYS = (NAME, DESCRIPTION, TYPE, DEFAULT, REPLACE_ON_CHANGE, VALUE, ERROR_OUTPUT) = (
    "name", "description", "type", "default", "replace_on_change", "value", "error_output")

TYPES = (STRING_TYPE, NUMBER_TYPE, LIST_TYPE, JSON_TYPE, BOOLEAN_TYPE) = (
    "String", "Number", "CommaDelimitedList", "Json", "Boolean")

_TYPE_SCHEMA = props.Schema(props.STRING, default=STRING_TYPE,
                            constraints=[constraints.AllowedValues(TYPES)])

INPUT_SCHEMA: dict[str, props.Schema] = {
    NAME: props.Schema(props.STRING, required=True),
    DESCRIPTION: props.Schema(props.STRING),
    TYPE: _TYPE_SCHEMA,
    DEFAULT: props.Schema(props.ANY),
    REPLACE_ON_CHANGE: props.Schema(props.BOOLEAN, default=False),
}

OUTPUT_SCHEMA: dict[str, props.Schema] = {
    NAME: props.Schema(props.STRING, required=True),
    DESCRIPTION: props.Schema(props.STRING),
    TYPE: _TYPE_SCHEMA,
    ERROR_OUTPUT: props.Schema(props.BOOLEAN, default=False),
}

_NO_VALUE = object()


def check_io_list(io_configs: Any) -> list[Mapping[str, Any]]:
    """``io_configs`` as a list of maps, else Heat's message (a 400 here)."""
    if (not isinstance(io_configs, Sequence) or isinstance(io_configs, str | bytes)
            or isinstance(io_configs, Mapping)):
        raise exception.StackValidationFailed(
            message="Software Config I/O Schema must be in a list")
    if not all(isinstance(item, Mapping) for item in io_configs):
        raise exception.StackValidationFailed(
            message="Software Config I/O Schema must be a dict")
    return list(io_configs)


def _typed_default(io_type: str, value: Any) -> Any:
    """The default coerced to the input's type, as a parameter of that type."""
    if io_type == NUMBER_TYPE:
        return constraints.str_to_num(value)
    if io_type == BOOLEAN_TYPE:
        return props.Schema(props.BOOLEAN).coerce(value, validate=True)
    if io_type == LIST_TYPE:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",")] if value else []
        return props.Schema(props.LIST).coerce(value, validate=True)
    if io_type == JSON_TYPE:
        if isinstance(value, Mapping | str):
            return value
        if isinstance(value, Sequence):
            return json.dumps(value)
        raise TypeError('"%s" is not a map' % (value,))
    return props.Schema(props.STRING).coerce(value, validate=True)


def _checked(schema: Mapping[str, props.Schema], data: Mapping[str, Any]) -> dict[str, Any]:
    values = props.Properties(schema, data).resolve_all(validate=True)
    return {key: value for key, value in values.items() if value is not None}


def input_config(data: Mapping[str, Any]) -> dict[str, Any]:
    """One declared input, checked, in its stored shape."""
    data = dict(data)
    value = data.pop(VALUE, _NO_VALUE)
    shaped = _checked(INPUT_SCHEMA, data)
    io_type = shaped.get(TYPE, STRING_TYPE)
    default = data.get(DEFAULT)
    # An empty default of a non-String input is a legacy form Heat accepts.
    if default is not None and not (default == "" and io_type != STRING_TYPE):
        try:
            shaped[DEFAULT] = _typed_default(io_type, default)
        except (TypeError, ValueError) as exc:
            raise exception.StackValidationFailed(path=[DEFAULT], message=str(exc)) from None
    if not shaped.get(REPLACE_ON_CHANGE):
        shaped.pop(REPLACE_ON_CHANGE, None)
    if value is not _NO_VALUE:
        shaped[VALUE] = value
    return shaped


def output_config(data: Mapping[str, Any]) -> dict[str, Any]:
    """One declared output, checked, in its stored shape."""
    return _checked(OUTPUT_SCHEMA, data)


def inputs(io_configs: Any) -> list[dict[str, Any]]:
    """A config's ``inputs`` (None: none), checked and shaped."""
    return [input_config(item) for item in check_io_list([] if io_configs is None
                                                          else io_configs)]


def outputs(io_configs: Any) -> list[dict[str, Any]]:
    """A config's ``outputs`` (None: none), checked and shaped."""
    return [output_config(item) for item in check_io_list([] if io_configs is None
                                                           else io_configs)]


def input_values(stored_inputs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """name -> value of a (derived) config's inputs; None where none is set."""
    return {item[NAME]: item.get(VALUE) for item in stored_inputs}


def derive_inputs(declared: Iterable[Mapping[str, Any]], values: Mapping[str, Any],
                  extra: Iterable[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """The inputs of a derived config: declared ones with their values.

    Each declared input takes its value from ``values`` (else its default);
    values without a declared input become inputs of their own; ``extra``
    (the deployment's ``deploy_*`` inputs, with name, value, description)
    come last. This is what a deployment sends to the server.
    """
    remaining = dict(values)
    derived = []
    for item in declared:
        config = {k: v for k, v in item.items() if k != VALUE}
        derived.append(input_config(dict(config, value=remaining.pop(
            item[NAME], item.get(DEFAULT)))))
    derived.extend(input_config({NAME: name, VALUE: value})
                   for name, value in remaining.items())
    derived.extend(input_config(item) for item in extra)
    return derived
