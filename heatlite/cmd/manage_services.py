"""heatlite-manage service list / service clean: the engines' service rows.

An engine's row is "up" while its heartbeat is fresh by its own
report_interval, as GET /services says. ``service clean`` retires the rows
that are down, as heat-manage's does; an engine whose row is retired is
taken for dead, so its stack locks are taken over by the others.
"""

from __future__ import annotations

from typing import Any

from oslo_config import cfg

from heatlite.db import services
from heatlite.db import session as db_session
from heatlite.engine.walk import liveness

COLUMNS = ("Hostname", "Binary", "Engine_Id", "Host", "Topic", "Status", "Updated At")
ROW_FORMAT = "%-16s %-16s %-36s %-16s %-10s %-6s %s"


def _row(svc: services.Service) -> tuple[str, ...]:
    beat = svc.updated_at or svc.created_at
    return (svc.hostname, svc.binary, svc.engine_id, svc.host, svc.topic,
            "up" if liveness.is_up(svc) else "down", beat.isoformat())


def service_list(conf: cfg.ConfigOpts) -> None:
    """Print a table of the registered engines and whether each is up."""
    db_session.configure(conf)
    print(ROW_FORMAT % COLUMNS)
    for svc in services.get_all():
        print(ROW_FORMAT % _row(svc))


def service_clean(conf: cfg.ConfigOpts) -> None:
    """Retire the rows of engines that are down."""
    db_session.configure(conf)
    gone = 0
    for svc in services.get_all():
        if not liveness.is_up(svc):
            services.delete(svc.id)
            print("Dead engine %s is removed." % svc.engine_id)
            gone += 1
    if not gone:
        print("No dead engines.")


def add_parsers(subparsers: Any) -> None:
    """Register ``service list`` and ``service clean`` on heatlite-manage."""
    service = subparsers.add_parser("service", help="Engine service records.",
                                    description="List or clean the engines' "
                                                "service records.")
    actions = service.add_subparsers(title="Actions", dest="action", required=True)
    listing = actions.add_parser("list", help="List the engines and whether each is up.")
    listing.set_defaults(func=service_list)
    clean = actions.add_parser("clean", help="Remove the records of engines that are down.")
    clean.set_defaults(func=service_clean)
