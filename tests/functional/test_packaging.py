"""The sdist and the wheel install and run with nothing from the checkout.

The tracked files are copied into a temp dir (made a git repository, as
pbr wants) and built there with the PEP 517 hooks, so the checkout gets
no build/ or egg-info. Each artefact goes into its own fresh virtualenv
under the temp dir: heatlite from the artefact (the sdist built by pip,
as an operator's ``pip install heatlite-*.tar.gz`` does), its
dependencies seen through a .pth line naming the test virtualenv's
site-packages, so nothing is downloaded (that directory's own .pth files,
the editable install among them, are not read). heatlite-all then runs
from that virtualenv with only a heat.conf and the installed
api-paste.ini in a config dir, and answers a stack list.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import sysconfig
import time

import pytest
import requests

from tests.functional import deployment as deploy

VERSION = "99.0.0"
HOOK = "from setuptools import build_meta as b; import sys; print(b.build_%s(sys.argv[1]))"


def _tracked_copy(dest: pathlib.Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=deploy.REPO, check=True,
                           capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        target = dest / os.fsdecode(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        source = deploy.REPO / os.fsdecode(name)
        if source.is_file():  # a deletion not yet committed is skipped
            target.write_bytes(source.read_bytes())
    git = ["git", "-c", "user.name=heatlite", "-c", "user.email=heatlite@localhost"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "packaging test"]):
        subprocess.run(git + args, cwd=dest, check=True)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, pathlib.Path]:
    root = tmp_path_factory.mktemp("packaging")
    src, out = root / "src", root / "dist"
    _tracked_copy(src)
    built = {}
    for kind in ("sdist", "wheel"):
        name = subprocess.run([sys.executable, "-c", HOOK % kind, str(out)], cwd=src,
                              env=dict(os.environ, PBR_VERSION=VERSION), check=True,
                              capture_output=True, text=True).stdout.split()[-1]
        built[kind] = out / name
    return built


def _fresh_venv(root: pathlib.Path, artefact: pathlib.Path) -> pathlib.Path:
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = pathlib.Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    (site / "heatlite-test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PBR_VERSION")}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "-q", "--no-deps", "--no-build-isolation", str(artefact)],
                   cwd=root, env=env, check=True, capture_output=True)
    return venv


def _write_config(root: pathlib.Path, venv: pathlib.Path, port: int) -> pathlib.Path:
    confdir = root / "etc-heatlite"
    confdir.mkdir()
    paste = (venv / "etc" / "heatlite" / "api-paste.ini").read_text()
    (confdir / "api-paste.ini").write_text(paste)
    config = confdir / "heat.conf"
    config.write_text(
        "[DEFAULT]\nstate_path = %s\ntransport_url = fake://\n"
        "[paste_deploy]\nflavor = noauth\napi_paste_config = api-paste.ini\n"
        "[heat_api]\nbind_host = 127.0.0.1\nbind_port = %d\n" % (root / "state", port))
    return config


def _serving(port: int, proc: subprocess.Popen, log: pathlib.Path) -> requests.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            return requests.get("http://127.0.0.1:%d/v1/admin/stacks" % port, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("not serving:\n" + log.read_text())


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installed_heatlite_all_answers(tmp_path, dist, kind):
    venv = _fresh_venv(tmp_path, dist[kind])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["HOME"] = str(tmp_path)  # nothing may fall back to the real home
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import heatlite.version as v; print(v.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert where.stdout.startswith(str(venv)), where.stdout
    port = deploy.free_port()
    config = _write_config(tmp_path, venv, port)
    log = tmp_path / "heatlite-all.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(venv / "bin" / "heatlite-all"), "--config-file",
                                 str(config)], cwd=tmp_path, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            answer = _serving(port, proc, log)
            assert answer.status_code == 200, answer.text
            assert answer.json() == {"stacks": []}
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0, log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
