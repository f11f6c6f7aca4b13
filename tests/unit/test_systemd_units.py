"""The systemd units in etc/systemd/ start real entry points as notify services."""

from __future__ import annotations

import configparser
import pathlib

import pytest

from heatlite.common import config

REPO = pathlib.Path(__file__).resolve().parents[2]
UNITS = sorted((REPO / "etc" / "systemd").glob("*.service"))


def _read(path: pathlib.Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path)
    return parser


def _console_scripts() -> set[str]:
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg")
    lines = setup["entry_points"]["console_scripts"].strip().splitlines()
    return {line.split("=")[0].strip() for line in lines}


def test_one_unit_per_daemon():
    assert [u.name for u in UNITS] == ["heatlite-all.service", "heatlite-api.service",
                                       "heatlite-engine.service"]


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_unit_is_a_notify_service_of_a_shipped_daemon(unit):
    service = _read(unit)["Service"]
    assert service["Type"] == "notify"
    command = service["ExecStart"].split()[0].rsplit("/", 1)[-1]
    assert command == unit.stem and command in _console_scripts()
    assert service["KillMode"] == "mixed"
    graceful = next(o for o in config.list_opts()[0][1]
                    if o.name == "graceful_shutdown_timeout").default
    assert int(service["TimeoutStopSec"]) > graceful
