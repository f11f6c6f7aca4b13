"""Unit tests of tools/keystone's pure parts: the keystone.conf it writes
keeps every file Keystone owns in the state directory. No sockets."""

from __future__ import annotations

import configparser
import importlib.machinery
import importlib.util
import pathlib

TOOL = pathlib.Path(__file__).resolve().parents[3] / "tools" / "keystone"


def _load():
    loader = importlib.machinery.SourceFileLoader("keystone_tool", str(TOOL))
    spec = importlib.util.spec_from_loader("keystone_tool", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_every_key_repository_database_and_log_is_in_the_state_dir(tmp_path):
    tool = _load()
    conf = configparser.ConfigParser()
    conf.read_string(tool.CONFIG.format(state=tmp_path))
    paths = {value for section in conf.sections() for key, value in conf[section].items()
             if "repository" in key or key in ("connection", "log_file")}
    assert len(paths) == 7  # log, database, fernet, receipts, credential, 2 jws
    for value in paths:
        assert str(tmp_path) + "/" in value, value
    assert conf["cache"]["enabled"] == "true"
    assert conf["cache"]["backend"] == "dogpile.cache.memory"


def test_every_persona_has_a_project_and_role_the_tool_creates():
    tool = _load()
    roles = {"admin", "member", "reader", *tool.EXTRA_ROLES}
    assert {"heat_stack_owner", "heat_stack_user"} <= roles
    for project, role in tool.USERS.values():
        assert project in tool.PROJECTS and role in roles
