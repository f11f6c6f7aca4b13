"""heatlite-manage service list / service clean, on real SQLite."""

from __future__ import annotations

from datetime import timedelta

from heatlite.db import models, services
from tests.unit.cmd import manage_cli

ROW = {"host": "engine", "hostname": "node1", "binary": "heat-engine",
       "topic": "engine", "report_interval": 60}


def _engines() -> tuple[models.Service, models.Service]:
    fresh = services.create(dict(ROW, engine_id="e-fresh", updated_at=models.utcnow()))
    stale = services.create(dict(ROW, engine_id="e-stale",
                                 updated_at=models.utcnow() - timedelta(hours=1)))
    return fresh, stale


def test_service_list_then_clean(tmp_path):
    with manage_cli.migrated(tmp_path) as (_, config):
        fresh, _ = _engines()
        out = manage_cli.run(config, "service", "list")
        assert out.returncode == 0, out.stderr
        header, *rows = out.stdout.strip().splitlines()
        assert header.split()[:3] == ["Hostname", "Binary", "Engine_Id"]
        status = {row.split()[2]: row.split()[5] for row in rows}
        assert status == {"e-fresh": "up", "e-stale": "down"}
        out = manage_cli.run(config, "service", "clean")
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "Dead engine e-stale is removed."
        assert [row.id for row in services.get_all()] == [fresh.id]
