"""Stack outputs resolved from stored resource data, never from plugins.

Each output becomes ``{output_key, description, output_value}``, plus
``output_error`` when its value cannot be resolved (Heat's shape).
"""

from __future__ import annotations

from typing import Any

from heatlite.engine import function
from heatlite.engine.stack.definition import OutputDefinition
from heatlite.rpc import api as rpc_api


def resolve(outputs: dict[str, OutputDefinition]) -> list[dict[str, Any]]:
    """Every output of the definition, resolved against its scope now."""
    return [resolve_one(o) for o in outputs.values()]


def resolve_one(output: OutputDefinition) -> dict[str, Any]:
    doc: dict[str, Any] = {rpc_api.OUTPUT_KEY: output.name,
                           rpc_api.OUTPUT_DESCRIPTION: output.description_text()}
    value = None
    try:
        value = function.resolve(output.value)
    except Exception as exc:  # an output that cannot resolve is shown, not raised
        doc[rpc_api.OUTPUT_ERROR] = str(exc)
    doc[rpc_api.OUTPUT_VALUE] = value
    return doc
