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
    # The identity names the resource as it is; its URL quotes it (Heat's
    # ResourceIdentifier and url_path).
    res = identifier.resource_identity(ident, "дом 1")
    assert res["path"] == "/resources/дом 1"
    assert identifier.stack_path(res) == (
        "stacks/my%20stack/id%2F1/resources/%D0%B4%D0%BE%D0%BC%201")
    ev = identifier.event_identity(ident, "r 1", "e1")
    assert ev["path"] == "/resources/r 1/events/e1"
    assert identifier.stack_path(ev).endswith("/resources/r%201/events/e1")
