"""GET /services: the engines' rows as the engine reports them; admins only."""

from __future__ import annotations

from heatlite.common import exception
from tests.unit.api import fakes

SERVICE = {"id": "7b1e", "binary": "heat-engine", "engine_id": "e-1", "host": "node-1",
           "hostname": "node-1", "topic": "engine", "report_interval": 2,
           "created_at": "2026-01-01T12:00:00Z", "updated_at": "2026-01-01T12:00:02Z",
           "deleted_at": None, "status": "up"}


def test_services_are_listed(app, engine):
    engine.services = [SERVICE, dict(SERVICE, id="9c2f", engine_id="e-2", status="down")]
    resp = fakes.request(app, "/v1/admin/services")
    assert resp.status_int == 200
    assert resp.json == {"services": engine.services}
    assert [name for name, _ in engine.calls] == ["list_services"]


def test_services_are_for_admins(conf, engine):
    member = fakes.pipeline_app(engine, replace={"noauth": fakes.identity_filter("demo")})
    resp = fakes.request(member, "/v1/demo/services")
    assert resp.status_int == 403
    assert engine.calls == []


def test_no_engine_is_503(app, engine):
    engine.fail["list_services"] = fakes.remote(
        exception.EngineUnavailable(method="list_services", reason="timed out"))
    assert fakes.request(app, "/v1/admin/services").status_int == 503
