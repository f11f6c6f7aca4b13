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


def test_application_builds_the_app_once_on_first_request(tmp_path, monkeypatch) -> None:
    built = []

    def init():
        built.append(1)
        return webob.Response(status=204)  # a WSGI app of its own

    monkeypatch.setattr(wsgi_api, "init_application", init)
    application = wsgi_api._Application()
    assert built == []  # importing the script reads no configuration
    for _ in range(2):
        assert webob.Request.blank("/").get_response(application).status_int == 204
    assert built == [1]


def test_the_console_script_entry_point_is_the_wsgi_application() -> None:
    # pip writes `from heatlite.cmd.wsgi_api import application` into the
    # script, which is what a server given the script file looks for.
    text = (REPO / "setup.cfg").read_text()
    assert "heatlite-wsgi-api = heatlite.cmd.wsgi_api:application" in text
    assert "wsgi_scripts" not in text  # pbr's are missing from editable installs
