"""heatlite-engine: the orchestration engine daemon."""

from __future__ import annotations

from heatlite.cmd import green  # noqa: I001  (must patch before other imports)

import sys
from collections.abc import Sequence

from heatlite.cmd import engine_server
from heatlite.cmd import setup
from heatlite.common import launcher


def main(argv: Sequence[str] | None = None) -> None:
    conf = setup.parse_args(argv, "heatlite-engine")
    green.patch_db_driver(conf.database.connection)
    workers = conf.num_engine_workers
    if workers > 1:
        launcher.run_workers(lambda: engine_server.EngineServer(conf), workers,
                             conf.graceful_shutdown_timeout)
    else:
        launcher.run_in_process(engine_server.EngineServer(conf),
                                conf.graceful_shutdown_timeout)


if __name__ == "__main__":
    sys.exit(main())
