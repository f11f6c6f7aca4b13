"""Test doubles for the API: a fake EngineClient, engine documents, pipelines.

The engine documents are rebuilt from real Heat responses (samples.py) by
undoing what the API's views do, so a test that runs them through the views
and compares with the sample checks the round trip against real Heat.
"""

from __future__ import annotations

import configparser
import copy
import json
import os
import sys
from collections.abc import Callable
from typing import Any

import webob
from oslo_config import cfg
from oslo_log import log as logging
from oslo_messaging._drivers import common as rpc_common
from paste import deploy

from heatlite.api.openstack import v1
from heatlite.common import auth_url  # noqa: F401  (registers [keystone_authtoken])
from heatlite.common import config
from heatlite.common import exception
from heatlite.common import identifier
from tests.unit.api import samples

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
PASTE_INI = os.path.join(REPO, "etc", "heatlite", "api-paste.ini")
HEAT_CONF = os.path.join(REPO, "etc", "heatlite", "heat.conf")

STACK_NAME = "smoke-all-1796032120"
STACK_ID = "333c56b0-2d7f-4b9f-8761-8dfa3ed791b2"
STACK_URL = "http://localhost/v1/admin/stacks/%s/%s" % (STACK_NAME, STACK_ID)
IDENTITY = identifier.stack_identity("admin", STACK_NAME, STACK_ID)


def prepare_conf(conf: cfg.ConfigOpts = config.CONF) -> cfg.ConfigOpts:
    """heatlite's CONF parsed with no files, logging options registered."""
    if "debug" not in conf:
        conf.clear()
        logging.register_options(conf)
    conf([], project="heatlite", default_config_files=[])
    return conf


def remote(exc: exception.HeatException) -> Exception:
    """``exc`` as oslo.messaging re-raises it on the API side (``<Name>_Remote``)."""
    try:
        raise exc
    except exception.HeatException:
        data = rpc_common.serialize_remote_exception(sys.exc_info())
    return rpc_common.deserialize_remote_exception(data, [exception.__name__])


# -- engine documents rebuilt from samples ----------------------------------

def _split(status: str) -> tuple[str, str]:
    for suffix in ("IN_PROGRESS", "COMPLETE", "FAILED"):
        if status.endswith("_" + suffix):
            return status[:-len(suffix) - 1], suffix
    raise ValueError(status)


def stack_doc(body: dict[str, Any]) -> dict[str, Any]:
    """An engine stack document that the stacks view turns into ``body``."""
    doc: dict[str, Any] = {}
    for key, value in body.items():
        if key == "id":
            tenant = body.get("project", "admin")
            doc["stack_identity"] = identifier.stack_identity(tenant, body["stack_name"],
                                                              value)
        elif key in ("links", "project"):
            continue
        elif key == "stack_status":
            doc["stack_action"], doc[key] = _split(value)
        else:
            doc[key] = copy.deepcopy(value)
    return doc


def resource_doc(body: dict[str, Any], metadata: Any = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "resource_identity": identifier.resource_identity(IDENTITY, body["resource_name"]),
        "stack_identity": dict(IDENTITY), "stack_name": STACK_NAME,
        "metadata": metadata or {},
    }
    for key, value in body.items():
        if key in ("links", "logical_resource_id"):
            continue
        if key == "resource_status":
            doc["resource_action"], doc[key] = _split(value)
        else:
            doc[key] = copy.deepcopy(value)
    return doc


def event_doc(body: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "event_identity": identifier.event_identity(IDENTITY, body["resource_name"],
                                                    body["id"]),
        "stack_identity": dict(IDENTITY), "stack_name": STACK_NAME,
    }
    for key, value in body.items():
        if key in ("id", "links", "logical_resource_id"):
            continue
        if key == "resource_status":
            doc["resource_action"], doc[key] = _split(value)
        else:
            doc[key] = copy.deepcopy(value)
    return doc


class FakeEngine:
    """Stands in for EngineClient: records calls, answers from the samples.

    ``fail[method] = exc`` makes that method raise ``exc``.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail: dict[str, Exception] = {}
        self.stacks = [stack_doc(s) for s in samples.STACK_LIST["body"]["stacks"]]
        self.detail_stacks = [stack_doc(s) for s in samples.STACK_DETAIL_LIST["body"]["stacks"]]
        self.stack = stack_doc(samples.STACK_SHOW["body"]["stack"])
        self.resources = [resource_doc(r) for r in samples.RESOURCE_LIST["body"]["resources"]]
        self.resources_detail = [resource_doc(r) for r in
                                 samples.RESOURCE_LIST_DETAILS["body"]["resources"]]
        self.resource = resource_doc(samples.RESOURCE_SHOW["body"]["resource"])
        self.events = [event_doc(e) for e in samples.EVENT_LIST["body"]["events"]]
        self.event = event_doc(samples.EVENT_SHOW["body"]["event"])
        self.template = copy.deepcopy(samples.TEMPLATE_SHOW["body"])
        self.services: list[dict[str, Any]] = []

    def _record(self, method: str, **kwargs: Any) -> None:
        kwargs.pop("ctxt", None)
        self.calls.append((method, kwargs))
        if method in self.fail:
            raise self.fail[method]

    def last(self, method: str) -> dict[str, Any]:
        return [kw for name, kw in self.calls if name == method][-1]

    def identify_stack(self, ctxt: Any, stack_name: str) -> dict[str, Any]:
        self._record("identify_stack", stack_name=stack_name)
        return identifier.stack_identity("admin", STACK_NAME, STACK_ID)

    def list_stacks(self, ctxt: Any, **kwargs: Any) -> list[dict[str, Any]]:
        self._record("list_stacks", **kwargs)
        return copy.deepcopy(self.detail_stacks if not kwargs else self.stacks)

    def count_stacks(self, ctxt: Any, **kwargs: Any) -> int:
        self._record("count_stacks", **kwargs)
        return 7

    def create_stack(self, ctxt: Any, stack_name: str, template: dict[str, Any],
                     params: dict[str, Any], files: dict[str, str], args: dict[str, Any],
                     environment_files: list[str] | None = None) -> dict[str, Any]:
        self._record("create_stack", stack_name=stack_name, template=template,
                     params=params, files=files, args=args,
                     environment_files=environment_files)
        return identifier.stack_identity(ctxt.project_id, stack_name, STACK_ID)

    def show_stack(self, ctxt: Any, stack_identity: dict[str, Any],
                   resolve_outputs: bool = True) -> list[dict[str, Any]]:
        self._record("show_stack", stack_identity=stack_identity,
                     resolve_outputs=resolve_outputs)
        return [copy.deepcopy(self.stack)]

    def delete_stack(self, ctxt: Any, stack_identity: dict[str, Any],
                     cast: bool = False) -> None:
        self._record("delete_stack", stack_identity=stack_identity, cast=cast)

    def get_template(self, ctxt: Any, stack_identity: dict[str, Any]) -> dict[str, Any]:
        self._record("get_template", stack_identity=stack_identity)
        return copy.deepcopy(self.template)

    def list_stack_resources(self, ctxt: Any, stack_identity: dict[str, Any],
                             nested_depth: int = 0, with_detail: bool = False,
                             filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self._record("list_stack_resources", stack_identity=stack_identity,
                     nested_depth=nested_depth, with_detail=with_detail, filters=filters)
        return copy.deepcopy(self.resources_detail if with_detail else self.resources)

    def describe_stack_resource(self, ctxt: Any, stack_identity: dict[str, Any],
                                resource_name: str,
                                with_attr: list[str] | None = None) -> dict[str, Any]:
        self._record("describe_stack_resource", stack_identity=stack_identity,
                     resource_name=resource_name, with_attr=with_attr)
        return copy.deepcopy(self.resource)

    def list_events(self, ctxt: Any, stack_identity: dict[str, Any],
                    **kwargs: Any) -> list[dict[str, Any]]:
        self._record("list_events", stack_identity=stack_identity, **kwargs)
        filters = kwargs.get("filters") or {}
        if "uuid" in filters:
            return [copy.deepcopy(self.event)]
        events = self.events
        if "resource_name" in filters:
            events = [e for e in events if e["resource_name"] == filters["resource_name"]]
        return copy.deepcopy(events)

    def get_revision(self, ctxt: Any) -> str:
        self._record("get_revision")
        return "unknown"

    def list_services(self, ctxt: Any) -> list[dict[str, Any]]:
        self._record("list_services")
        return copy.deepcopy(self.services)


# -- pipelines -----------------------------------------------------------------

def identity_filter(project: str, user: str = "demo",
                    roles: str = "member") -> Callable[[Any], Any]:
    """Stands where authtoken would, with a chosen (non-admin) identity."""
    def make(app: Any) -> Any:
        def filt(environ: dict[str, Any], start_response: Any) -> Any:
            environ.update({"HTTP_X_PROJECT_ID": project, "HTTP_X_USER_ID": user,
                            "HTTP_X_USER_NAME": user, "HTTP_X_ROLES": roles})
            return app(environ, start_response)
        return filt
    return make


def pipeline_app(engine: Any, pipeline: str = "api-noauth",
                 replace: dict[str, Callable[[Any], Any]] | None = None) -> Any:
    """The real filters of ``[pipeline:<pipeline>]`` around API(engine_client=engine)."""
    parser = configparser.ConfigParser()
    parser.read(PASTE_INI)
    names = parser["pipeline:%s" % pipeline]["pipeline"].split()
    app: Any = v1.API(config.CONF, engine_client=engine)
    for name in reversed(names[:-1]):
        make = (replace or {}).get(name) or deploy.loadfilter("config:" + PASTE_INI,
                                                              name=name)
        app = make(app)
    return app


def request(app: Any, path: str, method: str = "GET", body: Any = None,
            headers: dict[str, str] | None = None) -> webob.Response:
    req = webob.Request.blank(path, method=method, headers=headers or {})
    req.accept = (headers or {}).get("Accept", "application/json")
    if body is not None:
        req.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        req.content_type = "application/json"
    return req.get_response(app)
