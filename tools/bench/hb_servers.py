"""Start a heatlite to benchmark, from any source tree; stop it on Ctrl-C/SIGTERM.

    hb_servers.py all TREE PORT                 heatlite-all, SQLite, fake://
    hb_servers.py daemons TREE mysql|postgresql [GROUP.]KEY=VALUE ...
                                                heatlite-api + heatlite-engine
                                                over RabbitMQ (own vhost) with a
                                                throwaway database

TREE is a heatlite source tree (e.g. ``git archive REV | tar -x -C DIR``):
it goes first on PYTHONPATH, so two revisions can run side by side from
the one virtualenv. KEY=VALUE pairs go to ``[database]`` (or ``[GROUP]``
with ``GROUP.KEY=VALUE``). Prints one line, ``ENDPOINT PID [API_PID]``
(PID is heatlite-all's or the engine's, for ``heatbench.py --pid``), then
waits; the daemons' state, database and vhost are removed at the end.
The daemons use tests/functional's helpers (run it from the checkout).
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import requests

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
VENV_BIN = pathlib.Path(sys.executable).parent


def _wait_forever() -> None:
    stop: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    try:
        while not stop:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass


def _all(tree: pathlib.Path, port: int) -> None:
    work = pathlib.Path(tempfile.mkdtemp(prefix="hb-all-"))
    conf = (tree / "etc/heatlite/heat.conf").read_text()
    conf = conf.replace("#state_path = ", "state_path = %s/state\n#" % work, 1)
    conf = conf.replace("bind_port = 8004", "bind_port = %d" % port)
    conf = conf.replace("api_paste_config = api-paste.ini",
                        "api_paste_config = %s/etc/heatlite/api-paste.ini" % tree)
    (work / "heat.conf").write_text(conf)
    env = dict(os.environ, PYTHONPATH=str(tree))
    with open(work / "heatlite-all.log", "wb") as log:
        proc = subprocess.Popen([str(VENV_BIN / "heatlite-all"), "--config-file",
                                 str(work / "heat.conf")], cwd=tree, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    url = "http://127.0.0.1:%d" % port
    for _ in range(300):
        try:
            requests.get(url + "/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    print("%s/v1/admin %d" % (url, proc.pid), flush=True)
    try:
        _wait_forever()
    finally:
        proc.terminate()
        proc.wait(30)


def _daemons(tree: pathlib.Path, backend: str, settings: list[str]) -> None:
    sys.path.insert(0, str(CHECKOUT))
    from tests.functional import services
    from tests.functional.deployment import Deployment

    extra: dict[str, dict[str, str]] = {"heat_api": {"workers": "1"}}
    for item in settings:
        key, _, value = item.partition("=")
        group, _, name = key.rpartition(".")
        extra.setdefault(group or "database", {})[name] = value
    suffix = uuid.uuid4().hex[:8]
    url = services.create_database(backend, "heatlite_bench_%s" % suffix)
    transport = services.create_vhost("hb_%s" % suffix)
    os.environ["PYTHONPATH"] = str(tree)  # the daemons inherit it
    try:
        deployment = Deployment("bench-" + backend,
                                pathlib.Path(tempfile.mkdtemp(prefix="hb-%s-" % backend)),
                                url, transport, split=True, extra=extra)
        deployment.start()
        try:
            pids = {d.name: d.proc.pid for d in deployment.daemons}
            print("%s %d %d" % (deployment.endpoint(), pids["heatlite-engine"],
                                pids["heatlite-api"]), flush=True)
            _wait_forever()
        finally:
            deployment.stop()
    finally:
        services.drop_database(backend, "heatlite_bench_%s" % suffix)
        services.delete_vhost("hb_%s" % suffix)


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "all":
        _all(pathlib.Path(argv[1]).resolve(), int(argv[2]))
        return 0
    if len(argv) >= 3 and argv[0] == "daemons":
        _daemons(pathlib.Path(argv[1]).resolve(), argv[2], argv[3:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
