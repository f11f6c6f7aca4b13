"""heatlite-wsgi-api builds the same paste app the daemon serves."""

from __future__ import annotations

import pathlib
import shutil

import webob

from heatlite.cmd import wsgi_api

REPO = pathlib.Path(__file__).resolve().parents[3]


def test_init_application_serves_the_api(tmp_path: pathlib.Path, monkeypatch) -> None:
    conf_file = tmp_path / "heat.conf"
    conf_file.write_text("[DEFAULT]\nstate_path = %s\n[paste_deploy]\nflavor = noauth\n"
                         % tmp_path)
    shutil.copy(REPO / "etc" / "heatlite" / "api-paste.ini", tmp_path / "api-paste.ini")
    monkeypatch.setenv("HEATLITE_CONFIG_FILE", str(conf_file))
    app = wsgi_api.init_application()
    resp = webob.Request.blank("/").get_response(app)
    assert resp.status_int == 300
    assert resp.json["versions"][0]["id"] == "v1.0"
    assert resp.headers["x-openstack-request-id"].startswith("req-")
