"""POST .../actions: one stack action named by the body's single key.

The body is checked as Heat checks it and each action has its own policy
(``actions:suspend`` ...); a valid request answers 200 with a null body, as
Heat's does, once the engine has accepted it.
"""

from __future__ import annotations

from typing import Any

import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.common import wsgi

ACTIONS = (SUSPEND, RESUME, CHECK, CANCEL_UPDATE, CANCEL_WITHOUT_ROLLBACK) = (
    "suspend", "resume", "check", "cancel_update", "cancel_without_rollback")


class ActionController(util.Controller):
    """/v1/{tenant_id}/stacks/{stack_name}/{stack_id}/actions"""

    REQUEST_SCOPE = "actions"

    def action(self, req: wsgi.Request, tenant_id: str, stack_name: str,
               stack_id: str, body: dict[str, Any] | None = None) -> None:
        """POST .../actions {"suspend": null} (or resume, check, cancel_*)"""
        body = body or {}
        if len(body) < 1:
            raise webob.exc.HTTPBadRequest("No action specified")
        if len(body) > 1:
            raise webob.exc.HTTPBadRequest("Multiple actions specified")
        name = next(iter(body))
        if name not in ACTIONS:
            raise webob.exc.HTTPBadRequest("Invalid action %s specified" % name)
        self.authorize(req, name, tenant_id)
        identity = self.identify(req, stack_name, stack_id)
        if name == SUSPEND:
            self.engine.stack_suspend(req.context, identity)
        elif name == RESUME:
            self.engine.stack_resume(req.context, identity)
        elif name == CHECK:
            self.engine.stack_check(req.context, identity)
        else:
            self.engine.stack_cancel_update(req.context, identity,
                                            cancel_with_rollback=name == CANCEL_UPDATE)
