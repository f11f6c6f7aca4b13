"""The caller's identity held to the columns it is stored in.

Keystone's ids fit (project and user ids are at most 64 characters, user
names 255), but under noauth X-Auth-Project and X-Auth-User are whatever
the client sends, and every stack, snapshot, software config and
deployment stores the project id, a stack also the user. MariaDB and
PostgreSQL refuse a longer value (a 500 in Heat); SQLite keeps it. heatlite
answers 400 on every backend, before any work starts.
"""

from __future__ import annotations

import webob.exc

from heatlite.common.context import RequestContext
from heatlite.common.wsgi import HTTPExceptionDisguise

# The narrowest column each value is stored in (heatlite/db/models.py):
# tenant of software_config, software_deployment and snapshot; stack.user_id;
# stack.username.
PROJECT_ID_MAX = 64
USER_ID_MAX = 64
USERNAME_MAX = 256


def check(ctxt: RequestContext) -> None:
    """HTTPBadRequest (disguised for faultwrap) naming the value too long."""
    for what, value, limit in (("project id", ctxt.project_id, PROJECT_ID_MAX),
                               ("user id", ctxt.user_id, USER_ID_MAX),
                               ("user name", ctxt.username, USERNAME_MAX)):
        if value is not None and len(value) > limit:
            raise HTTPExceptionDisguise(webob.exc.HTTPBadRequest(
                "The %s of the request is longer than %d characters." % (what, limit)))
