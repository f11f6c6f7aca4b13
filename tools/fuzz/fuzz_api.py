"""Fuzz a live heatlite with schemathesis, held to GET /openapi.json.

Seeds a stack (resources, outputs, events, a snapshot), a software config
and a deployment, so generated requests reach real objects as well as
missing ones: each path parameter takes a seeded value with probability
SEEDED (schemathesis dictionaries), otherwise a generated one. Then runs
``st run`` through all four phases (examples, coverage, fuzzing, stateful
with the document's links) with a fixed seed and the checks listed in
CHECKS; failures recorded in known-failures.json (a schemathesis baseline,
each entry with a note) do not fail the run.

Without --url it starts its own heatlite-all (noauth, SQLite, in-process
messaging) in a temporary directory. Exit status: schemathesis's.
See doc/source/dev/fuzzing.rst.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
KNOWN_FAILURES = pathlib.Path(__file__).with_name("known-failures.json")
SEEDED = 0.7

# What a response must satisfy. negative_data_rejection and
# positive_data_acceptance are left out: Heat's API (so heatlite's) ignores
# unknown body keys and decides template validity in the engine, so the
# document cannot say which generated bodies must fail or pass.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance",
          "unsupported_method", "allow_header_conformance", "use_after_free",
          "ensure_resource_availability")

FIXTURE_TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "parameters": {"size": {"type": "number", "default": 8,
                            "constraints": [{"range": {"min": 1, "max": 64}}]}},
    "resources": {
        "random": {"type": "OS::Heat::RandomString",
                   "properties": {"length": {"get_param": "size"}}},
        "none": {"type": "OS::Heat::None", "depends_on": "random"},
    },
    "outputs": {"value": {"value": {"get_attr": ["random", "value"]},
                          "description": "the random string"}},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def own_server(workdir: pathlib.Path) -> Iterator[str]:
    """heatlite-all on a free port for the length of the block; its root URL."""
    port = free_port()
    shutil.copy(REPO / "etc" / "heatlite" / "api-paste.ini", workdir / "api-paste.ini")
    conf = workdir / "heat.conf"
    conf.write_text(
        "[DEFAULT]\ntransport_url = fake://\nstate_path = %s\n"
        "[paste_deploy]\nflavor = noauth\napi_paste_config = api-paste.ini\n"
        "[heat_api]\nbind_host = 127.0.0.1\nbind_port = %d\nworkers = 1\n"
        % (workdir / "state", port))
    log = open(workdir / "heatlite-all.log", "ab")
    proc = subprocess.Popen([str(BIN / "heatlite-all"), "--config-file", str(conf)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=str(workdir))
    root = "http://127.0.0.1:%d" % port
    try:
        wait_until_serving(root, proc)
        yield root
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_until_serving(root: str, proc: subprocess.Popen | None = None,
                       timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("heatlite-all exited with %s" % proc.returncode)
        with contextlib.suppress(requests.ConnectionError):
            if requests.get(root + "/openapi.json", timeout=5).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("%s did not serve /openapi.json within %ss" % (root, timeout))


def _call(method: str, url: str, body: object = None) -> dict:
    resp = requests.request(method, url, json=body, timeout=60,
                            headers={"Accept": "application/json"})
    resp.raise_for_status()
    return resp.json()


def _wait_complete(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = _call("GET", url)["stack"]["stack_status"]
        if not status.endswith("IN_PROGRESS"):
            if status != "CREATE_COMPLETE":
                raise RuntimeError("fixture stack ended %s" % status)
            return
        time.sleep(0.2)
    raise RuntimeError("fixture stack still in progress after %ss" % timeout)


def seed_fixtures(root: str, tenant: str = "admin") -> dict[str, list[str]]:
    """Objects to aim at, by path parameter name."""
    api = "%s/v1/%s" % (root, tenant)
    name = "fuzz-%d" % os.getpid()
    stack = _call("POST", api + "/stacks", {"stack_name": name,
                                            "template": FIXTURE_TEMPLATE})["stack"]
    stack_url = "%s/stacks/%s/%s" % (api, name, stack["id"])
    _wait_complete(stack_url)
    snapshot = _call("POST", stack_url + "/snapshots", {"name": "fuzz"})
    event = _call("GET", stack_url + "/resources/random/events")["events"][0]
    config = _call("POST", api + "/software_configs", {
        "name": "fuzz", "group": "script", "config": "#!/bin/sh\necho fuzz",
        "inputs": [{"name": "in"}], "outputs": [{"name": "out"}]})["software_config"]
    server = "fuzz-server-%d" % os.getpid()
    deployment = _call("POST", api + "/software_deployments", {
        "config_id": config["id"], "server_id": server, "action": "CREATE",
        "status": "IN_PROGRESS", "input_values": {"in": "x"}})["software_deployment"]
    return {
        "tenant_id": [tenant], "stack_name": [name], "stack_id": [stack["id"]],
        "resource_name": ["random", "none"], "event_id": [event["id"]],
        "output_key": ["value"], "snapshot_id": [snapshot["id"]],
        "config_id": [config["id"]], "deployment_id": [deployment["id"]],
        "server_id": [server], "type_name": ["OS::Heat::None", "OS::Heat::RandomString"],
        "template_version": ["heat_template_version.2018-08-31",
                             "HeatTemplateFormatVersion.2012-12-12"],
    }


def _toml_list(values: list[str]) -> str:
    return "[%s]" % ", ".join(json.dumps(v) for v in values)


def write_config(path: pathlib.Path, fixtures: dict[str, list[str]]) -> None:
    """schemathesis.toml: 501 is a documented answer, seeded path values."""
    lines = ['[checks.not_a_server_error]',
             'expected-statuses = ["2xx", "3xx", "4xx", "501"]', '']
    for name, values in fixtures.items():
        lines += ["[dictionaries.%s]" % name, "values = %s" % _toml_list(values), ""]
    lines.append("[parameters]")
    for name in fixtures:
        lines.append('"path.%s" = { dictionary = "%s", probability = %s }'
                     % (name, name, SEEDED))
    path.write_text("\n".join(lines) + "\n")


def st_command(root: str, config: pathlib.Path, args: argparse.Namespace) -> list[str]:
    command = [str(BIN / "st"), "--config-file", str(config), "run",
               root + "/openapi.json", "--seed", str(args.seed),
               "--max-examples", str(args.max_examples), "--workers", str(args.workers),
               "--checks", ",".join(CHECKS), "--request-timeout", str(args.request_timeout),
               "--baseline", str(args.baseline), "--no-color"]
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    if args.report_dir:
        command += ["--report", "junit,ndjson", "--report-dir", str(args.report_dir)]
    return command + list(args.st_args)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="root URL of a running heatlite (noauth); "
                        "default: start heatlite-all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-examples", type=int, default=100,
                        help="test cases per operation and phase (default 100)")
    parser.add_argument("--max-time", type=int, default=0,
                        help="seconds; fuzzing and stateful repeat until spent")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--request-timeout", type=float, default=60.0,
                        help="a request taking longer counts as a hang (default 60 s)")
    parser.add_argument("--baseline", type=pathlib.Path, default=KNOWN_FAILURES)
    parser.add_argument("--report-dir", type=pathlib.Path)
    parser.add_argument("st_args", nargs="*", help="more `st run` options, after --")
    return parser.parse_args(argv)


def run(root: str, args: argparse.Namespace, workdir: pathlib.Path) -> int:
    config = workdir / "schemathesis.toml"
    write_config(config, seed_fixtures(root))
    return subprocess.call(st_command(root, config, args), cwd=str(workdir))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="heatlite-fuzz-") as tmp:
        workdir = pathlib.Path(tmp)
        if args.url:
            wait_until_serving(args.url.rstrip("/"))
            return run(args.url.rstrip("/"), args, workdir)
        with own_server(workdir) as root:
            return run(root, args, workdir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
