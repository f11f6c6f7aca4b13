"""POST .../actions: body validation as Heat, then 501."""

from __future__ import annotations

import pytest

from tests.unit.api import fakes

URL = "/v1/admin/stacks/s/i/actions"


@pytest.mark.parametrize("body, message", [
    ({}, "No action specified"),
    ({"suspend": None, "resume": None}, "Multiple actions specified"),
    ({"explode": None}, "Invalid action explode specified"),
])
def test_bad_bodies_are_400(app, body, message):
    resp = fakes.request(app, URL, "POST", body=body)
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == message


def test_valid_action_is_501(app):
    resp = fakes.request(app, URL, "POST", body={"check": None})
    assert resp.status_int == 501
    assert resp.json["error"]["message"] == (
        "The stack check action is not implemented in heatlite yet.")
