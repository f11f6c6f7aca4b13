"""Importing this module keeps library chatter an operator cannot act on
off the console; every heatlite command imports it first.

- eventlet's green DNS resolver is switched off (unless the environment
  says ``EVENTLET_NO_GREENDNS=no``): it loads dnspython and, through it,
  cryptography, ~19 MiB of memory and a page of cryptography's DSA
  deprecation warnings, to make the few name lookups heatlite does (its
  database and broker, at connection time) green. Nova does the same.
- eventlet warns at import that it is deprecated for new projects. The
  daemons run on it by design (doc/source/dev/engine-map.rst), so the warning is
  not shown.
"""

from __future__ import annotations

import os
import warnings

os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
