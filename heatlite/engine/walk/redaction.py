"""Hidden parameter values kept out of events.

An event copies its resource's properties, and a property may hold a
hidden parameter's value (``get_param`` of a ``hidden: true`` parameter)
or text built from one. Events are shown to anyone who may read the
stack, so every occurrence of such a value is replaced by "******" before
the event is written, whatever encrypt_parameters_and_properties says.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from heatlite.db import outages, raw_templates, secrets, stacks

MASK = "******"


@outages.retry_on_outage
def stack_hidden_values(stack_id: str) -> frozenset[str]:
    """The hidden values of the stack's template and, mid-update, of the
    template it leaves (its old resources' events are written meanwhile).

    Read on an operation's path (the first event with properties), so it
    waits out a short database outage as the transition writes do.
    """
    row = stacks.get(stack_id, show_deleted=True)
    if row is None:
        return frozenset()
    values: set[str] = set()
    for template_id in {row.raw_template_id, row.prev_raw_template_id} - {None}:
        raw = raw_templates.get(template_id)
        values |= secrets.hidden_values(raw.template or {}, raw.environment or {})
    return frozenset(values)


def redact(value: Any, hidden: Collection[str]) -> Any:
    """``value`` with every hidden value in it masked (a copy; JSON-shaped)."""
    if not hidden:
        return value
    if isinstance(value, dict):
        return {k: redact(v, hidden) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, hidden) for v in value]
    if isinstance(value, str):
        for secret in hidden:
            if secret in value:
                value = value.replace(secret, MASK)
        return value
    if value is not None and not isinstance(value, bool) and str(value) in hidden:
        return MASK
    return value


def masked_environment(environment: Any, template: Any) -> Any:
    """A stored environment as a response shows it: the template's hidden
    parameters' values as "******" (the engine keeps reading the row)."""
    if not isinstance(environment, dict):
        return environment
    params = environment.get("parameters")
    hidden = [n for n in secrets.hidden_parameter_names(template)
              if isinstance(params, dict) and n in params]
    if not hidden:
        return environment
    return dict(environment, parameters=dict(params, **{n: MASK for n in hidden}))


def masked_snapshot_data(data: Any) -> Any:
    """A snapshot's data as a response shows it (its environment masked)."""
    if not isinstance(data, dict) or "environment" not in data:
        return data
    return dict(data, environment=masked_environment(data["environment"],
                                                     data.get("template")))
