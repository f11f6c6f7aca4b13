"""heatlite-wsgi-api as installed (editable or not): loaded as a WSGI script
file, as uwsgi --wsgi-file and mod_wsgi do, and run as a command."""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys

import requests

from tests.functional import deployment as deploy

SCRIPT = deploy.BIN / "heatlite-wsgi-api"


def _conf(tmp_path: pathlib.Path) -> pathlib.Path:
    conf = tmp_path / "heat.conf"
    conf.write_text("[DEFAULT]\nstate_path = %s\n[paste_deploy]\nflavor = noauth\n"
                    % (tmp_path / "state"))
    (tmp_path / "api-paste.ini").write_bytes(deploy.PASTE_INI.read_bytes())
    return conf


LOAD_AS_WSGI_FILE = """
import runpy, sys, webob
namespace = runpy.run_path(sys.argv[1], run_name="heatlite_wsgi_api_script")
resp = webob.Request.blank("/").get_response(namespace["application"])
print(resp.status_int, resp.json["versions"][0]["id"])
"""


def test_the_script_file_holds_the_application(tmp_path):
    # In a fresh interpreter, as a WSGI server would load it: the app reads
    # the process-wide configuration.
    assert SCRIPT.is_file()
    env = dict(os.environ, HEATLITE_CONFIG_FILE=str(_conf(tmp_path)))
    result = subprocess.run([sys.executable, "-c", LOAD_AS_WSGI_FILE, str(SCRIPT)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["300", "v1.0"]


def test_the_command_serves_the_api(tmp_path):
    port = deploy.free_port()
    log = tmp_path / "wsgi.log"
    daemon = deploy.Daemon("heatlite-wsgi-api", [str(SCRIPT), "--port", str(port),
                                                 "--config-file", str(_conf(tmp_path))], log)
    try:
        deploy.wait_until_serving("http://127.0.0.1:%d" % port, [daemon])
        versions = requests.get("http://127.0.0.1:%d/" % port, timeout=10).json()
        assert versions["versions"][0]["id"] == "v1.0"
    finally:
        daemon.stop()
    assert "heatlite-wsgi-api: serving on http://127.0.0.1:%d/" % port in log.read_text()


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = subprocess.run([str(SCRIPT), "--port", str(port), "--config-file",
                                 str(_conf(tmp_path))], capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "heatlite-wsgi-api: cannot listen on 127.0.0.1:%d: Address already in use" % port]
