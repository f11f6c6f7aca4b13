"""README.rst's "Using it" examples run as printed, in order.

heatlite-all is started with the command tools/quickstart runs (plus one
file moving it to a free port); each example runs in a fresh directory of
this test, with the run's temporary HOME (tests/conftest.py) and .venv/bin
on PATH, as the README tells a reader to set up. The only rewrite is the
endpoint: the README's literal ``127.0.0.1:8004`` becomes the free port.
"""

from __future__ import annotations

import os
import pathlib
import re
import shlex
import subprocess
import sys

import requests

from tests.functional import deployment as deploy

README = deploy.REPO / "README.rst"
PRINTED_ADDRESS = "127.0.0.1:8004"
LANGUAGES = ["shell", "shell", "python", "shell", "shell"]
"""The section's examples: demo.yaml, curl, python-heatclient, openstack, heat."""


def section(text: str, title: str) -> str:
    """The body of the ``=``-underlined section ``title``."""
    parts = re.split(r"\n([^\n]+)\n=+\n", text)  # text, title, body, title, body...
    return parts[2::2][parts[1::2].index(title)]


def code_blocks(rst: str) -> list[tuple[str, str]]:
    """(language, code) of each ``.. code-block::`` directive, dedented."""
    blocks = []
    pattern = re.compile(r"^\.\. code-block:: (\w+)\n\n((?:(?: {4}.*)?\n)+)", re.MULTILINE)
    for match in pattern.finditer(rst):
        body = "\n".join(line[4:] for line in match.group(2).splitlines())
        blocks.append((match.group(1), body.strip("\n") + "\n"))
    return blocks


def quickstart_command() -> list[str]:
    """The heatlite-all command line tools/quickstart ends with, without "$@"."""
    last = (deploy.REPO / "tools" / "quickstart").read_text().strip().splitlines()[-1]
    words = shlex.split(last)
    assert words[0] == "exec" and words[-1] == "$@", last
    return [str(deploy.REPO / w) if w.startswith((".venv/", "etc/")) else w
            for w in words[1:-1]]


def _run(language: str, code: str, cwd: pathlib.Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["PATH"] = "%s%s%s" % (deploy.BIN, os.pathsep, env["PATH"])
    command = ["bash", "-e", "-c", code] if language == "shell" else [sys.executable, "-c", code]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, "%s\n---\n%s%s" % (code, result.stdout, result.stderr)
    return result.stdout


def test_every_example_runs_as_printed(tmp_path):
    examples = code_blocks(section(README.read_text(), "Using it"))
    assert [language for language, _ in examples] == LANGUAGES
    port = deploy.free_port()
    (tmp_path / "port.conf").write_text("[heat_api]\nbind_port = %d\n" % port)
    daemon = deploy.Daemon("heatlite-all", quickstart_command() + [
        "--config-file", str(tmp_path / "port.conf")], tmp_path / "heatlite-all.log")
    work = tmp_path / "reader"
    work.mkdir()
    try:
        deploy.wait_until_serving("http://127.0.0.1:%d" % port, [daemon])
        outputs = []
        for language, code in examples:
            code = code.replace(PRINTED_ADDRESS, "127.0.0.1:%d" % port)
            assert ":8004" not in code
            outputs.append(_run(language, code, work))
        stacks = requests.get("http://127.0.0.1:%d/v1/admin/stacks" % port,
                              timeout=30).json()["stacks"]
    finally:
        assert daemon.stop() == 0
    assert (work / "demo.yaml").is_file()
    curl = outputs[1]
    for status in ("HTTP/1.1 201 Created", "HTTP/1.1 302 Found", "HTTP/1.1 204 No Content"):
        assert status in curl
    assert re.search(r"^demo2 CREATE_(IN_PROGRESS|COMPLETE)$", outputs[2], re.MULTILINE)
    assert "demo3" in outputs[3]
    assert "stk1" in outputs[4]
    # curl deleted its stack; the three clients' stacks remain.
    assert sorted(s["stack_name"] for s in stacks) == ["demo2", "demo3", "stk1"]
