"""The Sphinx site builds without a warning (what ``tox -e docs`` runs).

doc/ and etc/heatlite/ are copied into the test's temp dir first, keeping
their relative layout: the reference generators write their samples into
the source tree's _static/, which must not be the checkout's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.functional import deployment as deploy


def test_docs_build_with_warnings_as_errors(tmp_path):
    shutil.copytree(deploy.REPO / "doc", tmp_path / "doc")
    shutil.copytree(deploy.REPO / "etc" / "heatlite", tmp_path / "etc" / "heatlite")
    out = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
                          "-b", "html", str(tmp_path / "doc" / "source"),
                          str(tmp_path / "html")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-6000:]
    pages = {p.relative_to(tmp_path / "html").as_posix()
             for p in (tmp_path / "html").rglob("*.html")}
    assert {"configuration/config.html", "configuration/policy.html",
            "install/index.html", "admin/manage.html"} <= pages
    policy = (tmp_path / "html" / "configuration" / "policy.html").read_text()
    assert "stacks:create" in policy
