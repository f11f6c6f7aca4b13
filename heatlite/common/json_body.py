"""A JSON request body -> Python value, held to what the rest of heatlite can take.

Python's json module accepts more than heatlite can store or walk: bodies
nested a few hundred levels deep (every recursive walk of a template then
fails, and past ~1000 json.loads itself raises RecursionError), ``\\ud800``
escapes that decode to lone surrogates (no database driver can encode
them), and ``NaN``, ``Infinity`` or ``1e400`` (no JSON document can carry
them back). Each is refused here with ValueError naming the problem, so the
caller answers 400 before any part of the body is used.

What does not belong here: size limits of the raw body (the deserializer
checks ``max_json_body_size`` before reading) and template budgets
(template_format).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# A \u escape in the surrogate range: only then can a lone surrogate appear,
# so bodies without one skip the walk over their strings.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_constant(name: str) -> Any:
    raise ValueError("%s is not a JSON number" % name)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError("Number %s is out of range" % text[:40])
    return value


def loads(text: str | bytes, max_depth: int) -> Any:
    """``text`` parsed; ValueError when it is not JSON heatlite can keep."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant,
                           parse_float=_finite_float)
    except RecursionError:
        raise ValueError(too_deep_message(max_depth)) from None
    raw = text if isinstance(text, str) else text.decode("utf-8", "replace")
    # Counting brackets (in strings too) bounds the depth from above: a body
    # with fewer than max_depth of them needs no walk for its depth.
    deep = raw.count("{") + raw.count("[") > max_depth
    strings = bool(_SURROGATE_ESCAPE.search(raw))
    if deep or strings:
        check_shape(value, max_depth, strings=strings)
    return value


def too_deep_message(max_depth: int) -> str:
    return ("JSON body is nested too deeply (objects and arrays deeper than "
            "%d levels)." % max_depth)


def check_shape(value: Any, max_depth: int, strings: bool = True) -> None:
    """ValueError if ``value`` nests deeper than ``max_depth`` or (with
    ``strings``) holds a string or key that is not valid Unicode text.

    Iterative, so a deep value cannot exhaust the stack while it is checked.
    """
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            if depth > max_depth:
                raise ValueError(too_deep_message(max_depth))
            if strings:
                _check_texts(item.keys())
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            if depth > max_depth:
                raise ValueError(too_deep_message(max_depth))
            pending.extend((child, depth + 1) for child in item)
        elif strings and isinstance(item, str):
            _check_texts((item,))


def _check_texts(texts: Any) -> None:
    for text in texts:
        if isinstance(text, str) and not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(
                    "JSON body holds a string that is not Unicode text "
                    "(a lone surrogate escape such as \\ud800): %r"
                    % text[:40]) from None
