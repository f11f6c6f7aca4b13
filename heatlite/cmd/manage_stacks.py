"""heatlite-manage's stack commands: purge_deleted and reset_stack_status.

Their arguments and defaults are heat-manage's, so an operator's cron jobs
and runbooks carry over unchanged.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import Any

from oslo_config import cfg

from heatlite.common import exception
from heatlite.db import models, purge, stack_reset
from heatlite.db import session as db_session

GRANULARITIES = ("days", "hours", "minutes", "seconds")
DEFAULT_AGE = 90
"""heat-manage's default: deleted stacks are kept 90 days."""
DEFAULT_BATCH_SIZE = 20
"""heat-manage's default: stacks removed per transaction."""

RESET_WARNING = ("Warning: this command is potentially destructive and only "
                 "intended to recover from specific crashes. Stop every "
                 "heatlite-engine first. Continue? [y/N] ")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a whole number" % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError("%d must not be negative" % value)
    return value


def _batch_size(text: str) -> int:
    value = _positive_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("the batch size must be at least 1")
    return value


def cutoff(age: int, granularity: str,
           now: datetime.datetime | None = None) -> datetime.datetime:
    """The deletion time before which stacks are purged (naive UTC)."""
    return (now or models.utcnow()) - datetime.timedelta(**{granularity: age})


def purge_deleted(conf: cfg.ConfigOpts) -> None:
    """Remove stacks deleted longer ago than the given age, in batches."""
    args = conf.command
    db_session.configure(conf)
    gone = purge.purge_deleted(cutoff(args.age, args.granularity),
                               project_id=args.project_id, batch_size=args.batch_size)
    print("Purged %d deleted stack(s)" % gone)


def _confirmed(stream: Any = None) -> bool:
    stream = stream or sys.stdin
    sys.stdout.write(RESET_WARNING)
    sys.stdout.flush()
    return stream.readline().strip().lower() in ("y", "yes")


def reset_stack_status(conf: cfg.ConfigOpts) -> None:
    """Mark a stuck stack and its nested stacks FAILED after confirmation."""
    args = conf.command
    if not args.yes and not _confirmed():
        raise SystemExit("Nothing changed.")
    db_session.configure(conf)
    try:
        reset = stack_reset.reset_stack_status(args.stack_id)
    except exception.EntityNotFound as exc:
        raise SystemExit("heatlite-manage: %s" % exc) from None
    if not reset:
        print("Stack %s was not IN_PROGRESS; its IN_PROGRESS resources, if any, "
              "are FAILED now" % args.stack_id)
    for stack_id in reset:
        print("Stack %s: FAILED (%s)" % (stack_id, stack_reset.STACK_REASON))


def add_parsers(subparsers: Any) -> None:
    """Register purge_deleted and reset_stack_status on heatlite-manage."""
    purger = subparsers.add_parser(
        "purge_deleted", help="Remove deleted stacks older than AGE for good.",
        description="Remove soft-deleted stacks (with their resources, events, "
                    "snapshots and the templates only they used) whose deletion "
                    "is older than AGE.")
    purger.add_argument("age", nargs="?", type=_positive_int, default=DEFAULT_AGE,
                        help="How long to keep deleted stacks (default: %d)."
                             % DEFAULT_AGE)
    purger.add_argument("-g", "--granularity", default="days", choices=GRANULARITIES,
                        help="Unit of AGE (default: days).")
    purger.add_argument("-p", "--project-id", dest="project_id", default=None,
                        help="Purge only this project's deleted stacks.")
    purger.add_argument("-b", "--batch_size", "--batch-size", dest="batch_size",
                        type=_batch_size, default=DEFAULT_BATCH_SIZE,
                        help="Stacks removed per transaction (default: %d)."
                             % DEFAULT_BATCH_SIZE)
    purger.set_defaults(func=purge_deleted)

    reset = subparsers.add_parser(
        "reset_stack_status", help="Mark a stack stuck IN_PROGRESS as FAILED.",
        description="Recovery after a crash: the stack and its nested stacks, "
                    "where IN_PROGRESS, become FAILED and lose their lock; their "
                    "IN_PROGRESS resources become FAILED. Stop the engines first.")
    reset.add_argument("stack_id", help="The stack's id.")
    reset.add_argument("-y", "--yes", action="store_true",
                       help="Do not ask for confirmation.")
    reset.set_defaults(func=reset_stack_status)
