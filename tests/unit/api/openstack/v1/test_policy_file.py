"""A malformed policy file, seen from a client: Heat's error body naming the
file, a 503 and no traceback; the request never reaches the engine."""

from __future__ import annotations

from oslo_policy import opts as policy_opts

from tests.unit.api import fakes


def test_a_malformed_policy_file_is_a_503_naming_it(conf, engine, tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text('"stacks:index": [unclosed\n')
    policy_opts.set_defaults(conf.conf)
    conf.config(group="oslo_policy", policy_file=str(path))
    app = fakes.pipeline_app(engine)
    resp = fakes.request(app, "/v1/admin/stacks")
    assert resp.status_int == 503
    body = resp.json
    assert body["code"] == 503
    assert body["error"]["type"] == "PolicyFileInvalid"
    assert str(path) in body["error"]["message"]
    assert body["error"]["traceback"] is None
    assert engine.calls == []
