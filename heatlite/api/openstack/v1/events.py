"""Events of a stack or of one of its resources, and one event."""

from __future__ import annotations

from typing import Any

import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.api.openstack.v1.views import events_view
from heatlite.common import wsgi

_PAGE_PARAMS = {
    "limit": util.PARAM_TYPE_SINGLE,
    "marker": util.PARAM_TYPE_SINGLE,
    "sort_dir": util.PARAM_TYPE_SINGLE,
    "sort_keys": util.PARAM_TYPE_MULTI,
    "nested_depth": util.PARAM_TYPE_SINGLE,
}
_FILTER_PARAMS = {
    "resource_status": util.PARAM_TYPE_MIXED,
    "resource_action": util.PARAM_TYPE_MIXED,
    "resource_name": util.PARAM_TYPE_MIXED,
    "resource_type": util.PARAM_TYPE_MIXED,
}


class EventController(util.Controller):
    """/v1/{tenant_id}/stacks/{stack_name}/{stack_id}[/resources/{name}]/events"""

    REQUEST_SCOPE = "events"

    def index(self, req: wsgi.Request, tenant_id: str, stack_name: str,
              stack_id: str, resource_name: str | None = None) -> dict[str, Any]:
        """GET .../events and GET .../resources/{resource_name}/events"""
        self.authorize(req, "index", tenant_id)
        params = util.get_allowed_params(req.params, _PAGE_PARAMS)
        filters = util.get_allowed_params(req.params, _FILTER_PARAMS)
        for key in ("limit", "nested_depth"):
            if key in params:
                params[key] = util.extract_int(key, params[key])
        if resource_name is not None:
            filters["resource_name"] = resource_name
        events = self.engine.list_events(req.context,
                                         self.identify(req, stack_name, stack_id),
                                         filters=filters or None, **params)
        formatted = [events_view.format_event(req, e, events_view.SUMMARY_KEYS)
                     for e in events]
        if not formatted and resource_name is not None:
            raise webob.exc.HTTPNotFound("No events found for resource %s"
                                         % resource_name)
        return {"events": formatted}

    def show(self, req: wsgi.Request, tenant_id: str, stack_name: str,
             stack_id: str, resource_name: str, event_id: str) -> dict[str, Any]:
        """GET .../resources/{resource_name}/events/{event_id}"""
        self.authorize(req, "show", tenant_id)
        events = self.engine.list_events(
            req.context, self.identify(req, stack_name, stack_id),
            filters={"resource_name": resource_name, "uuid": event_id})
        formatted = [events_view.format_event(req, e) for e in events]
        # Only trust an exact match, whatever filters the engine honoured.
        matching = [e for e in formatted if e.get("id") == event_id]
        if not matching:
            raise webob.exc.HTTPNotFound("No event %s found" % event_id)
        return {"event": matching[0]}
