"""The caller's identity is held to the columns that store it (400, not a 500)."""

from __future__ import annotations

import pytest

from heatlite.api.openstack.v1 import identity
from heatlite.db import models
from tests.unit.api import fakes


def test_limits_are_the_narrowest_columns():
    tenants = [models.SoftwareConfig.tenant, models.SoftwareDeployment.tenant,
               models.Snapshot.tenant, models.Stack.tenant]
    assert identity.PROJECT_ID_MAX == min(c.type.length for c in tenants)
    assert identity.USER_ID_MAX == models.Stack.user_id.type.length
    assert identity.USERNAME_MAX == models.Stack.username.type.length


@pytest.mark.parametrize("headers, what", [
    ({"X-Auth-Project": "p" * 65}, "project id"),
    ({"X-Auth-User": "u" * 65}, "user id"),
])
@pytest.mark.parametrize("method, path", [("GET", "/v1/%s/software_configs"),
                                          ("POST", "/v1/%s/stacks")])
def test_identity_longer_than_its_column_is_400(app, engine, headers, what, method, path):
    tenant = headers.get("X-Auth-Project", "admin")
    resp = fakes.request(app, path % tenant, method, headers=headers,
                         body={"stack_name": "s"} if method == "POST" else None)
    assert resp.status_int == 400, resp.body
    assert resp.json["error"]["type"] == "HTTPBadRequest"
    assert "The %s of the request is longer than 64 characters." % what in \
        resp.json["error"]["message"]
    assert engine.calls == []


def test_identity_that_fits_passes(app, engine):
    headers = {"X-Auth-Project": "p" * 64, "X-Auth-User": "u" * 64}
    resp = fakes.request(app, "/v1/%s/stacks" % ("p" * 64), headers=headers)
    assert resp.status_int == 200, resp.body
