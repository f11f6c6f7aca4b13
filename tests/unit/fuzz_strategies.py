"""hypothesis strategies shared by the hostile-input unit tests.

What the API hands the engine is JSON (or YAML that loads to the same
shapes), so ``json_values`` is the universe; the other strategies bias it
towards what the code looks at (function names, parameter types, sections).
``HOSTILE`` settings are derandomized so CI runs the same cases each time.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st

from heatlite.common import exception

HOSTILE = settings(max_examples=300, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.filter_too_much])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=12))


def json_values(keys: st.SearchStrategy[str] | None = None,
                leaves: st.SearchStrategy[Any] = scalars) -> st.SearchStrategy[Any]:
    """Nested lists and maps of JSON values (bounded in size)."""
    keys = keys or st.text(max_size=8)
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
        max_leaves=20)


def assert_client_error(exc: BaseException) -> None:
    """``exc`` is one of heatlite's own errors with a 4xx status."""
    assert isinstance(exc, exception.HeatException), repr(exc)
    assert 400 <= exc.http_status < 500, (exc.http_status, repr(exc))
