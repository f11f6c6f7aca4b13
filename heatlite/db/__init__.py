"""The persistence layer: every SQL query of heatlite lives in this package.

See doc/source/dev/db-contract.rst for the functions the engine may call.
"""

from __future__ import annotations

from collections.abc import Iterable

from oslo_config import cfg

from heatlite.db import options


def list_opts() -> Iterable[tuple[str | None, list[cfg.Opt]]]:
    """Entry point for oslo-config-generator (``heatlite.db``)."""
    return options.list_opts()
