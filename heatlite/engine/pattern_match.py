"""``allowed_pattern``: Python's regular expression semantics, bounded time.

Heat matches with Python's ``re``, which backtracks: ``(a+)+$`` against
forty ``a`` and a ``!`` runs for hours. heatlite keeps ``re``'s meaning
(the pattern is still checked by ``re.compile``, so an invalid one is the
same error as in Heat) and picks a matcher that cannot run away:

* RE2 (google-re2), linear in the value's length, when it accepts the
  pattern and is known to agree with ``re`` on it: the value is ASCII
  without the control characters whose class differs (``\\s`` of ``re``
  has \\x0b and \\x1c-\\x1f, RE2's has not), and the pattern has none of
  the spellings RE2 reads differently (``[:`` POSIX classes, ``{,n}``,
  ``\\Q``).
* Otherwise (backreferences, lookaround, non-ASCII values) the ``regex``
  module, which matches as ``re`` does but takes a timeout and releases the
  GIL, run off the eventlet hub (heatlite.common.offload). Past
  ``allowed_pattern_timeout`` the request is refused with 400. ``regex``
  differs from ``re`` in two corners (doc/source/limits.rst): ``[[:alpha:]]`` is
  a POSIX class there, and its ``\\s`` lacks \\x1c-\\x1f.
"""

from __future__ import annotations

import re
from typing import Any

import re2
import regex
from oslo_config import cfg

from heatlite.common import config
from heatlite.common import exception
from heatlite.common import offload

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is expected, not an error

# Spellings RE2 accepts with another meaning than re's.
_RE2_DIFFERS = re.compile(r"\[:|\{,|\\Q")
# Characters of an ASCII value on which re's and RE2's classes disagree.
_RE2_UNSAFE_VALUE = re.compile(r"[^\x00-\x0a\x0c-\x1b\x20-\x7f]")


def _re2_compile(pattern: str) -> Any:
    if _RE2_DIFFERS.search(pattern):
        return None
    try:
        return re2.compile(pattern, _RE2_OPTIONS)
    except re2.error:
        return None


class PatternMatcher:
    """A compiled ``allowed_pattern``; ``full_match`` says whether a value
    matches from its start to its end, as Heat checks it."""

    def __init__(self, pattern: str, conf: cfg.ConfigOpts | None = None) -> None:
        re.compile(pattern)  # re.error for what Heat refuses
        self.pattern = pattern
        self._conf = conf or config.CONF
        self._re2 = _re2_compile(pattern)
        self._fallback: Any = None

    def full_match(self, value: str) -> bool:
        if self._re2 is not None and not _RE2_UNSAFE_VALUE.search(value):
            found = self._re2.match(value)
        else:
            found = self._bounded_match(value)
        return found is not None and found.end() == len(value)

    def _bounded_match(self, value: str) -> Any:
        if self._fallback is None:
            self._fallback = regex.compile(self.pattern)
        timeout = self._conf.allowed_pattern_timeout
        try:
            return offload.run(self._match_with_timeout, value, timeout)
        except TimeoutError:
            raise exception.RequestLimitExceeded(
                message='Matching allowed_pattern "%s" took longer than '
                        "allowed_pattern_timeout (%s seconds)."
                        % (self.pattern, timeout)) from None

    def _match_with_timeout(self, value: str, timeout: float) -> Any:
        return self._fallback.match(value, timeout=timeout, concurrent=True)
