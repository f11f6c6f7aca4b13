"""Accepting a new stack: validate everything, then store it for creation.

Validation runs synchronously in the RPC call, in Heat's order, so every
error reaches the client with Heat's class and message: request arguments,
template size and version, environment, name clash, per-tenant stack limit,
template sections, resources limit, stack name, parameters, resources,
dependencies, outputs. Storing writes the raw template, the stack row
(CREATE or ADOPT IN_PROGRESS, locked by this engine), the resource rows
(INIT COMPLETE) and the first event in one transaction; the walk itself
is create.py's.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from oslo_config import cfg
from oslo_utils import strutils

from heatlite.common import document_bounds
from heatlite.common import environment_format
from heatlite.common import exception
from heatlite.common import template_format
from heatlite.common.context import RequestContext
from heatlite.db import new_stacks
from heatlite.db import stack_listing
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import hooks
from heatlite.engine.stack import nested_validation
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template import environment as env_mod
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.parameters import ParamSchema
from heatlite.engine.walk.create import STARTED
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.threads import Operation, ThreadGroupManager
from heatlite.rpc import api as rpc_api

_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9_.-]{0,254}$")


@dataclasses.dataclass
class StackArgs:
    timeout_mins: int | None = None
    disable_rollback: bool = True
    tags: list[str] = dataclasses.field(default_factory=list)


def extract_args(args: Mapping[str, Any] | None) -> StackArgs:
    """timeout_mins, disable_rollback and tags, checked with Heat's messages."""
    args = args or {}
    out = StackArgs()
    timeout = args.get(rpc_api.PARAM_TIMEOUT)
    if timeout not in ("0", 0, None):
        try:
            value = int(timeout)
        except (TypeError, ValueError):
            value = None  # Heat ignores a timeout it cannot read
        if value is not None:
            if value <= 0:
                raise exception.BadRequest(message="Invalid timeout value %s" % value)
            out.timeout_mins = value
    if rpc_api.PARAM_DISABLE_ROLLBACK in args:
        raw = args[rpc_api.PARAM_DISABLE_ROLLBACK]
        try:
            out.disable_rollback = strutils.bool_from_string(raw, strict=True)
        except ValueError:
            raise exception.BadRequest(
                message='Unrecognized value "%s" for "%s", acceptable values are: true, '
                        'false.' % (raw, rpc_api.PARAM_DISABLE_ROLLBACK)) from None
    tags = args.get(rpc_api.PARAM_TAGS)
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")] if tags else []
    if tags is not None:
        if not isinstance(tags, list):
            raise exception.BadRequest(message="Invalid tags, not a list: %s" % tags)
        for tag in tags:
            if not isinstance(tag, str):
                raise exception.BadRequest(message='Invalid tag, "%s" is not a string' % tag)
            if len(tag) > 80:
                raise exception.BadRequest(
                    message='Invalid tag, "%s" is longer than 80 characters' % tag)
            if "," in tag:
                raise exception.BadRequest(message='Invalid tag, "%s" contains a comma' % tag)
        out.tags = list(tags)
    if args.get(rpc_api.PARAM_ADOPT_STACK_DATA):
        raise exception.NotImplementedYet(feature="Stack adopt")
    return out


def merged_environment(template: tmpl.Template, params: Any,
                       files: Mapping[str, str] | None,
                       environment_files: list[str] | None) -> Environment:
    """The request's environment with each environment file merged in order.

    Each name in ``environment_files`` must be a key of ``files`` (400
    otherwise); parameters merge with the files' parameter_merge_strategies.
    """
    if params is not None and not isinstance(params, Mapping):
        raise exception.BadRequest(message="The environment is not a JSON object.")
    if not environment_files:
        return Environment(params)
    if not isinstance(environment_files, list):
        raise exception.BadRequest(message="environment_files must be a list")
    files = files or {}
    envs = []
    for name in environment_files:
        if not isinstance(name, str) or name not in files:
            raise exception.BadRequest(
                message='The environment file "%s" was not found in the files map' % name)
        try:
            envs.append((name, environment_format.parse(files[name])))
        except ValueError as exc:
            raise exception.BadRequest(
                message="Environment not in valid format: %s" % exc) from None
    types = _param_types(template)
    return Environment(env_mod.merge(params or {}, envs, types))


def _param_types(template: tmpl.Template) -> dict[str, str]:
    out = {}
    section = template.section(tmpl.PARAMETERS)
    if isinstance(section, Mapping):
        for name, data in section.items():
            try:
                out[name] = ParamSchema(name, data, template.version).type
            except exception.HeatException:
                continue  # reported when the parameters are validated
    return out


def check_size(conf: cfg.ConfigOpts, template: Any) -> None:
    """``max_template_size`` of the template as JSON text, its depth first.

    Depth first: serializing a template nested past ~1000 levels (one that
    came in as a value, not text, e.g. with a raised max_json_body_depth)
    would end in a RecursionError, a 500, before the size is known.
    """
    document_bounds.check_depth(template, template_format.limits("Template", conf))
    size = len(json.dumps(template, default=str))
    if size > conf.max_template_size:
        raise exception.RequestLimitExceeded(
            message="Template size (%s bytes) exceeds maximum allowed size (%s bytes)."
            % (size, conf.max_template_size))


def build_definition(conf: cfg.ConfigOpts, ctxt: RequestContext, registry: Registry,
                     stack_name: str, parsed: tmpl.Template, env: Environment,
                     stack_id: str, strict: bool = True,
                     timeout_secs: float | None = None,
                     ignorable_errors: Iterable[str] = ()) -> StackDefinition:
    """Sections, resource limit, parameters, resources, graph, outputs, then
    the nested templates of the whole tree (nested_validation.py): checked.

    ``strict`` False (POST /validate) checks schemas but not values;
    ``timeout_secs`` is the stack's, for plugins that check against it;
    a resource failing with one of ``ignorable_errors`` is skipped.
    """
    parsed.validate()
    max_resources = conf.max_resources_per_stack
    resources = parsed.section(tmpl.RESOURCES)
    if max_resources != -1 and isinstance(resources, Mapping) and \
            len(resources) > max_resources:
        raise exception.RequestLimitExceeded(message="Maximum resources per stack exceeded.")
    check_stack_name(stack_name)
    defn = StackDefinition(parsed, env, registry, stack_name, stack_id, ctxt.project_id or "")
    defn.timeout_secs = timeout_secs
    defn.ignorable_errors = frozenset(ignorable_errors)
    defn.parameters.validate(values=strict)
    defn.load()
    defn.validate(strict)
    nested_validation.validate_tree(defn, nested_validation.Limits.from_conf(conf),
                                    plugin_checks=strict)
    return defn


def validate_new_stack(conf: cfg.ConfigOpts, ctxt: RequestContext, registry: Registry,
                       stack_name: str, template: Any, params: Any,
                       files: Mapping[str, str] | None, stack_id: str,
                       environment_files: list[str] | None,
                       timeout_secs: float | None = None) -> StackDefinition:
    """Every check Heat makes before it stores a stack; returns the definition."""
    check_size(conf, template)
    parsed = tmpl.Template(template, files)
    env = merged_environment(parsed, params, files, environment_files)
    if stacks.get_by_name(ctxt.project_id, stack_name) is not None:
        raise exception.StackExists(stack_name=stack_name)
    limit = conf.max_stacks_per_tenant
    if not ctxt.is_admin and limit >= 0 and stack_listing.count_live(ctxt.project_id) >= limit:
        raise exception.RequestLimitExceeded(
            message="You have reached the maximum stacks per tenant, %d. Please delete some "
                    "stacks." % limit)
    return build_definition(conf, ctxt, registry, stack_name, parsed, env, stack_id,
                            timeout_secs=timeout_secs)


def check_stack_name(stack_name: Any) -> None:
    """Heat's stack name rule and messages."""
    if not isinstance(stack_name, str):
        raise exception.StackValidationFailed(
            message="Invalid stack name %s, must be a string" % stack_name)
    if not _NAME_RE.match(stack_name):
        raise exception.StackValidationFailed(
            message='Invalid stack name %s must contain only alphanumeric or "_-." '
                    'characters, must start with alpha and must be 255 characters or '
                    'less.' % stack_name)


def new_stack_id() -> str:
    return str(uuid.uuid4())


def stored_environment(defn: StackDefinition,
                       breakpoints: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The environment stored with a stack: its own, with the hooks
    (breakpoints) that were taken out for validation put back."""
    return hooks.merge_back(defn.env.as_dict(), breakpoints or {})


def resource_rows(defn: StackDefinition) -> list[dict[str, Any]]:
    """The INIT COMPLETE resource rows of a stack about to be created."""
    return [{"name": name, "type": rd.type_name, "action": status.INIT,
             "status": status.COMPLETE, "status_reason": "",
             "requires": sorted(rd.requires), "rsrc_metadata": {}, "data": {}}
            for name, rd in defn.resources.items()]


def store_new_stack(ctxt: RequestContext, defn: StackDefinition, args: StackArgs,
                    files: Mapping[str, str] | None, engine_id: str,
                    recorder: Recorder, action: str = status.CREATE,
                    reason: str = STARTED,
                    environment: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Store template, stack (``action`` IN_PROGRESS, locked by us), INIT
    resources and the first event, in one transaction.

    ``environment`` is what to store (default: the definition's; see
    ``stored_environment``). Returns the resource rows by name.
    StackExists can still come from the database when another request
    took the name meanwhile; then nothing is stored.
    """
    env = dict(environment) if environment is not None else defn.env.as_dict()
    stored = new_stacks.store(
        defn.template.raw, dict(files or {}), env,
        {"id": defn.stack_id, "name": defn.stack_name,
         "tenant": ctxt.project_id, "username": ctxt.username, "user_id": ctxt.user_id,
         "action": action, "status": status.IN_PROGRESS, "status_reason": reason,
         "timeout": args.timeout_mins, "disable_rollback": args.disable_rollback,
         "nested_depth": 0},
        args.tags, engine_id, resource_rows(defn),
        recorder.first_stack_event(action, status.IN_PROGRESS, reason))
    return {row.name: row for row in stored.resources}


def launch(threads: ThreadGroupManager, op: Operation, run: Callable[[], None],
           release_lock: Callable[[], None], ctxt: RequestContext,
           defn: StackDefinition) -> dict[str, Any]:
    """Start a just-stored stack's walk and return its identity.

    The stack was stored locked by this engine; if its walk cannot start,
    the lock goes back at once instead of waiting to be taken over.
    """
    try:
        threads.start(op, run)
    except Exception:
        release_lock()
        raise
    return {"tenant": ctxt.project_id or "", "stack_name": defn.stack_name,
            "stack_id": defn.stack_id, "path": ""}
