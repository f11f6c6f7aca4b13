"""Run a snippet in a fresh interpreter: what a module imports, seen from outside.

For memory tests (which libraries a code path loads): this test process
has imported nearly everything already.
"""

from __future__ import annotations

import os
import subprocess
import sys


def run(code: str, **env: str) -> str:
    """The snippet's standard output, stripped; its failure fails the test."""
    base = {k: v for k, v in os.environ.items() if k != "EVENTLET_NO_GREENDNS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env=dict(base, **env))
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()
