#!/usr/bin/env python3
"""A small reference agent for software deployments (os-collect-config plus
heat-config-script, in one file, standard library only).

It polls the deployments of one server, runs each ``script`` config it has
not run yet with its inputs as environment variables, and signals the
results back through the deployment's own signal transport:

- ``--metadata-url URL``: the signed metadata URL of an OS::Heat::DeployedServer
  (its ``os_collect_config`` attribute, ``request.metadata_url``); the
  deployments are the ``deployments`` key of that metadata;
- ``--api URL --server-id ID``: GET <api>/software_deployments/metadata/<ID>
  of the authenticated API (``--token`` is sent as X-Auth-Token).

A script gets ``heat_outputs_path``: it writes output ``<name>`` to the file
``$heat_outputs_path.<name>``. The signal carries deploy_stdout,
deploy_stderr, deploy_status_code and the declared outputs. CFN_SIGNAL and
TEMP_URL_SIGNAL post (or put) to the signed ``deploy_signal_id`` URL,
HEAT_SIGNAL posts to the API's resource signal URL with ``--token``,
NO_SIGNAL sends nothing. Configs of other groups are signalled as skipped
(deploy_status_code -1), as heat-config does for a group without a hook.

The loop is bounded: ``--once``, or ``--max-iterations N`` polls ``--interval``
seconds apart, and it stops early with ``--until-idle`` once nothing is left
to run. What it ran is remembered in ``--state-dir`` (by derived config id),
so a config runs once per deployment action.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from typing import Any

SCRIPT_GROUP = "script"
DONE_FILE = "deployed.json"


def http(method: str, url: str, body: Any = None, token: str | None = None,
         timeout: float = 30.0) -> Any:
    """One JSON request; returns the decoded answer (None when empty)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
        raw = resp.read()
    return json.loads(raw) if raw.strip() else None


def fetch_deployments(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The server's deployed configs, from whichever source was given."""
    if args.metadata_url:
        metadata = http("GET", args.metadata_url) or {}
        return list(metadata.get("deployments") or [])
    url = "%s/software_deployments/metadata/%s" % (args.api.rstrip("/"), args.server_id)
    return list((http("GET", url, token=args.token) or {}).get("metadata") or [])


def inputs_of(deployment: Mapping[str, Any]) -> dict[str, Any]:
    return {i["name"]: i.get("value") for i in deployment.get("inputs") or []}


def environment(inputs: Mapping[str, Any]) -> dict[str, str]:
    """Inputs as environment variables (non-strings JSON-encoded)."""
    env = dict(os.environ)
    for name, value in inputs.items():
        env[name] = value if isinstance(value, str) else json.dumps(value)
    return env


def run_script(deployment: Mapping[str, Any], workdir: str,
               timeout: float) -> dict[str, Any]:
    """Run one script config; its signal data (status, streams, outputs)."""
    inputs = inputs_of(deployment)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        script = os.path.join(tmp, "config")
        with open(script, "w") as handle:
            handle.write(str(deployment.get("config") or ""))
        os.chmod(script, 0o700)
        outputs_path = os.path.join(tmp, "outputs")
        env = environment(inputs)
        env["heat_outputs_path"] = outputs_path
        try:
            proc = subprocess.run([script], env=env, cwd=tmp, capture_output=True,
                                  text=True, timeout=timeout, check=False)
            result: dict[str, Any] = {"deploy_stdout": proc.stdout,
                                      "deploy_stderr": proc.stderr,
                                      "deploy_status_code": proc.returncode}
        except (OSError, subprocess.TimeoutExpired) as exc:
            result = {"deploy_stdout": "", "deploy_stderr": str(exc),
                      "deploy_status_code": 1}
        for output in deployment.get("outputs") or []:
            path = "%s.%s" % (outputs_path, output["name"])
            if os.path.exists(path):
                with open(path) as handle:
                    result[output["name"]] = handle.read()
    return result


def signal(deployment: Mapping[str, Any], data: Mapping[str, Any],
           token: str | None) -> bool:
    """Send ``data`` by the deployment's transport; False when there is none."""
    inputs = inputs_of(deployment)
    transport = inputs.get("deploy_signal_transport")
    url = inputs.get("deploy_signal_id")
    if transport == "NO_SIGNAL" or not url:
        return False
    verb = inputs.get("deploy_signal_verb") or "POST"
    http(verb, url, dict(data), token=token if transport == "HEAT_SIGNAL" else None)
    return True


def load_done(state_dir: str) -> set[str]:
    try:
        with open(os.path.join(state_dir, DONE_FILE)) as handle:
            return set(json.load(handle))
    except (FileNotFoundError, ValueError):
        return set()


def save_done(state_dir: str, done: set[str]) -> None:
    os.makedirs(state_dir, exist_ok=True)
    path = os.path.join(state_dir, DONE_FILE)
    with open(path + ".tmp", "w") as handle:
        json.dump(sorted(done), handle)
    os.replace(path + ".tmp", path)


def poll_once(args: argparse.Namespace, done: set[str]) -> int:
    """Apply every deployment not applied yet; how many were applied."""
    applied = 0
    for deployment in fetch_deployments(args):
        key = str(deployment.get("id"))
        if key in done:
            continue
        if deployment.get("group") == SCRIPT_GROUP:
            data = run_script(deployment, args.state_dir, args.script_timeout)
        else:
            data = {"deploy_stdout": "", "deploy_status_code": -1,
                    "deploy_stderr": "Skipping group %s with no hook script"
                                     % deployment.get("group")}
        signal(deployment, data, args.token)
        done.add(key)
        save_done(args.state_dir, done)
        applied += 1
        print("applied %s (%s): status %s" % (deployment.get("name"), key,
                                              data["deploy_status_code"]), flush=True)
    return applied


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--metadata-url", help="signed metadata URL of the server")
    source.add_argument("--api", help="heat v1 endpoint, e.g. http://h:8004/v1/<tenant>")
    parser.add_argument("--server-id", help="server id (with --api)")
    parser.add_argument("--token", help="X-Auth-Token for the API and HEAT_SIGNAL")
    parser.add_argument("--state-dir", default=os.path.join(tempfile.gettempdir(),
                                                            "heatlite-agent"))
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--once", action="store_true", help="poll a single time")
    parser.add_argument("--max-iterations", type=int, default=60)
    parser.add_argument("--until-idle", action="store_true",
                        help="stop after a poll that applied something and found "
                             "nothing else to run")
    parser.add_argument("--script-timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    if args.api and not args.server_id:
        parser.error("--api needs --server-id")
    if args.once:
        args.max_iterations = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    done = load_done(args.state_dir)
    applied_total = 0
    for iteration in range(max(1, args.max_iterations)):
        if iteration:
            time.sleep(args.interval)
        try:
            applied = poll_once(args, done)
        except OSError as exc:  # the API is unreachable this time
            print("poll failed: %s" % exc, file=sys.stderr, flush=True)
            continue
        applied_total += applied
        if args.until_idle and applied_total and not applied:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
