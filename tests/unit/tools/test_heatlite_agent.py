"""The reference agent: runs script configs once and signals by transport."""

import json
import os
import sys

AGENT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "agent")
sys.path.insert(0, os.path.abspath(AGENT))

import heatlite_agent  # noqa: E402

SCRIPT = """#!/bin/sh
echo "hello $foo"
echo oops >&2
printf '%s' "$count" > "$heat_outputs_path.result"
exit 3
"""


def deployment(transport="CFN_SIGNAL", group="script"):
    return {"id": "cfg-1", "name": "d", "group": group, "config": SCRIPT,
            "outputs": [{"name": "result"}, {"name": "missing"}],
            "inputs": [{"name": "foo", "value": "world"}, {"name": "count", "value": 2},
                       {"name": "deploy_signal_transport", "value": transport},
                       {"name": "deploy_signal_id", "value": "http://h/v1/signal/x"},
                       {"name": "deploy_signal_verb", "value": "PUT"}]}


def test_run_script_collects_streams_status_and_outputs(tmp_path):
    data = heatlite_agent.run_script(deployment(), str(tmp_path), 30)
    assert data == {"deploy_stdout": "hello world\n", "deploy_stderr": "oops\n",
                    "deploy_status_code": 3, "result": "2"}


def test_poll_once_runs_each_config_once(tmp_path, monkeypatch):
    sent = []

    def fake_http(method, url, body=None, token=None, timeout=30.0):
        if method == "GET":
            return {"deployments": [deployment(), deployment("NO_SIGNAL", "puppet")
                                    | {"id": "cfg-2"}]}
        sent.append((method, url, body, token))
        return None

    monkeypatch.setattr(heatlite_agent, "http", fake_http)
    args = heatlite_agent.parse_args(["--metadata-url", "http://h/meta", "--state-dir",
                                      str(tmp_path), "--token", "tok", "--once"])
    assert heatlite_agent.poll_once(args, set()) == 2
    assert [(m, u, t) for m, u, _, t in sent] == [("PUT", "http://h/v1/signal/x", None)]
    assert sent[0][2]["deploy_status_code"] == 3
    done = heatlite_agent.load_done(str(tmp_path))
    assert done == {"cfg-1", "cfg-2"}
    assert heatlite_agent.poll_once(args, done) == 0
    assert json.loads((tmp_path / heatlite_agent.DONE_FILE).read_text()) == ["cfg-1", "cfg-2"]
    assert heatlite_agent.main(["--metadata-url", "http://h/meta", "--state-dir",
                                str(tmp_path), "--max-iterations", "3", "--interval",
                                "0"]) == 0
