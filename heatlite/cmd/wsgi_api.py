"""heatlite-wsgi-api: the API as a WSGI application for uwsgi or gunicorn.

Point the server at this script (pbr generates it from setup.cfg's
wsgi_scripts); set HEATLITE_CONFIG_FILE to a heat.conf path to choose the
configuration, otherwise the usual places are searched.
"""

from __future__ import annotations

import os
from typing import Any

from heatlite.cmd import setup
from heatlite.common import policy
from heatlite.common import wsgi


def init_application() -> Any:
    config_file = os.environ.get("HEATLITE_CONFIG_FILE")
    argv = ["--config-file", config_file] if config_file else []
    conf = setup.parse_args(argv, "heatlite-wsgi-api")
    policy.defer_extension_checks()  # before the policy defaults are parsed
    return wsgi.load_paste_app(conf)
