"""Unit tests of tools/fuzz/fuzz_api.py's pure parts: the schemathesis
config it writes and the command it runs. No sockets are opened here."""

import json
import os
import sys
import tomllib

FUZZ = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "fuzz")
sys.path.insert(0, os.path.abspath(FUZZ))

import fuzz_api  # noqa: E402


def test_config_allows_501_and_seeds_every_path_parameter(tmp_path):
    path = tmp_path / "schemathesis.toml"
    fuzz_api.write_config(path, {"stack_id": ["a\"b"], "server_id": ["s1", "s2"]})
    config = tomllib.loads(path.read_text())
    assert config["checks"]["not_a_server_error"]["expected-statuses"] == [
        "2xx", "3xx", "4xx", "501"]
    assert config["dictionaries"]["stack_id"]["values"] == ['a"b']
    assert config["parameters"]["path.server_id"] == {
        "dictionary": "server_id", "probability": fuzz_api.SEEDED}


def test_command_is_seeded_bounded_and_baselined(tmp_path):
    args = fuzz_api.parse_args(["--seed", "3", "--max-examples", "7", "--", "--no-shrink"])
    command = fuzz_api.st_command("http://h:1", tmp_path / "c.toml", args)
    assert command[command.index("--seed") + 1] == "3"
    assert command[command.index("--max-examples") + 1] == "7"
    assert command[command.index("--baseline") + 1] == str(fuzz_api.KNOWN_FAILURES)
    assert "http://h:1/openapi.json" in command
    assert command[-1] == "--no-shrink"
    assert "negative_data_rejection" not in command[command.index("--checks") + 1]


def test_known_failures_each_say_what_and_where():
    data = json.loads(fuzz_api.KNOWN_FAILURES.read_text())
    assert data["format_version"] == 1
    for entry in data["entries"]:
        assert entry["note"] and entry["operation"] and entry["check"], entry
