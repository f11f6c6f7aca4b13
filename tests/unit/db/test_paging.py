"""heatlite.db.paging: sort-dir parsing, key whitelists, filters, limits."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import models, paging

Stack = models.Stack
KEYS = {"name": Stack.name, "stack_name": Stack.name, "updated_at": Stack.updated_at}


@pytest.mark.parametrize("value,expected", [
    (None, (True, None)), ("asc", (True, None)), ("DESC", (False, None)),
    ("asc-nullslast", (True, False)), ("desc-nullsfirst", (False, True)),
])
def test_parse_sort_dir(value, expected):
    assert paging.parse_sort_dir(value) == expected


@pytest.mark.parametrize("value", ["up", "asc-nullsmiddle", "ascending", "-"])
def test_bad_sort_dir_message_is_oslo_dbs(value):
    with pytest.raises(exception.BadRequest) as info:
        paging.parse_sort_dir(value)
    assert str(info.value) == ("Unknown sort direction, must be one of: asc-nullsfirst, "
                               "asc-nullslast, desc-nullsfirst, desc-nullslast")


def test_sort_columns_drop_unknown_and_repeated_keys():
    assert paging.sort_columns("name", KEYS) == [Stack.name]
    assert paging.sort_columns(["bogus", "stack_name", "name", "updated_at"], KEYS) == \
        [Stack.name, Stack.updated_at]
    assert paging.sort_columns(None, KEYS) == []


def test_order_keys_default_and_tie_breaker():
    keys = paging.order_keys([], None, Stack.created_at, Stack.id)
    assert [(k.column.key, k.ascending, k.null_flag) for k in keys] == \
        [("created_at", False, False), ("id", False, False)]
    keys = paging.order_keys([Stack.updated_at], "asc", Stack.created_at, Stack.id)
    assert [(k.column.key, k.ascending, k.null_flag) for k in keys] == \
        [("updated_at", True, True), ("updated_at", True, False), ("id", True, False)]


def test_parse_limit():
    assert paging.parse_limit(None) is None
    assert paging.parse_limit("5") == 5
    assert paging.parse_limit(0) == 0
    for bad in ("x", -1, "1.5"):
        with pytest.raises(exception.BadRequest):
            paging.parse_limit(bad)


def test_exact_filters():
    terms = paging.exact_filters(Stack, {"n": ["a", "b"], "o": None, "t": "x"},
                                 {"n": "name", "o": "owner_id", "t": "tenant"})
    assert [str(t) for t in terms] == ["stack.name IN (__[POSTCOMPILE_name_1])",
                                       "stack.owner_id IS NULL", "stack.tenant = :tenant_1"]
    with pytest.raises(exception.BadRequest, match="colour"):
        paging.exact_filters(Stack, {"colour": "red"}, {})
