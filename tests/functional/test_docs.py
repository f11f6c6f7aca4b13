"""The Sphinx site builds without a warning (what ``tox -e docs`` runs).

doc/, etc/heatlite/ and the OpenAPI document are copied into the test's temp dir first, keeping
their relative layout: the reference generators write their samples into
the source tree's _static/, which must not be the checkout's.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys

from tests.functional import deployment as deploy


def test_docs_build_with_warnings_as_errors(tmp_path):
    shutil.copytree(deploy.REPO / "doc", tmp_path / "doc")
    shutil.copytree(deploy.REPO / "etc" / "heatlite", tmp_path / "etc" / "heatlite")
    spec = pathlib.Path("heatlite", "api", "openapi", "v1.yaml")
    (tmp_path / spec).parent.mkdir(parents=True)
    shutil.copy(deploy.REPO / spec, tmp_path / spec)
    out = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
                          "-b", "html", str(tmp_path / "doc" / "source"),
                          str(tmp_path / "html")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-6000:]
    pages = {p.relative_to(tmp_path / "html").as_posix()
             for p in (tmp_path / "html").rglob("*.html")}
    assert {"configuration/config.html", "configuration/policy.html",
            "install/index.html", "admin/manage.html", "api/index.html"} <= pages
    policy = (tmp_path / "html" / "configuration" / "policy.html").read_text()
    assert "stacks:create" in policy
    api = (tmp_path / "html" / "api" / "index.html").read_text()
    # A recorded sample is shown under its route.
    assert "GET /v1/{tenant_id}/software_deployments/metadata/{server_id}" in api
    assert "Stack CREATE completed successfully" in api
    # Answers without a body or with a redirect show their status line
    # (highlighting puts each word of it in a span of its own).
    text = re.sub(r"<[^>]+>", "", api)
    assert "HTTP/1.1 204 No Content" in text
    assert ("HTTP/1.1 302 Found\nLocation: http://heatlite.example:8004/v1/admin/stacks/demo/"
            in text)
