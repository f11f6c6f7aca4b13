"""Stack identities and their URL paths."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from heatlite.common import identifier


@pytest.mark.parametrize("text", [
    "plain-name_1.2~", "has space", "slash/inside", "per%cent", "ünïcode", "", "a?b#c",
    "36fdb3a4-9c7f-4a8e-8f8b-1f2b0a9c1d2e", "semi;colon", "plus+and&amp",
])
def test_quote_segment_is_quote_with_nothing_safe(text):
    assert identifier.quote_segment(text) == quote(text, safe="")


def test_paths_quote_names_and_keep_the_sub_path():
    ident = identifier.stack_identity("p 1", "my stack", "id/1")
    assert identifier.stack_path(ident) == "stacks/my%20stack/id%2F1"
    res = identifier.resource_identity(ident, "a/b")
    assert res["path"] == "/resources/a%2Fb"
    assert identifier.stack_path(res) == "stacks/my%20stack/id%2F1/resources/a%2Fb"
    ev = identifier.event_identity(ident, "r 1", "e1")
    assert ev["path"] == "/resources/r%201/events/e1"
