"""Software deployments: apply a config to a server and wait for its outputs.

OS::Heat::SoftwareDeployment and OS::Heat::StructuredDeployment, Heat's
behaviour: for each action listed in ``actions`` (or, for a ``component``
config, each action one of its configs names) the deployment derives a
config (the source config's inputs with their values, plus the ``deploy_*``
inputs telling the server where and how to signal), stores it and points
the deployment at it; engine/software/software_deployments.py then writes the
server's ``deployments`` metadata, which the server's agent polls. Unless
the transport is NO_SIGNAL the resource waits, blocking on the SignalBoard,
until the deployment is COMPLETE (outputs received) or FAILED, which fails
the resource with "Deployment to server failed: <reason>"; a non-zero
deploy_status_code is such a failure (signal_deployment sets the reason).

Transports: CFN_SIGNAL (a signed POST URL) and TEMP_URL_SIGNAL (a signed
PUT URL) use heatlite's signed signal URLs; HEAT_SIGNAL hands out the
authenticated resource-signal URL of the API; NO_SIGNAL completes at once.
Outputs are the resource's attributes: deploy_stdout, deploy_stderr,
deploy_status_code and every output the config declares.
"""

from __future__ import annotations

import collections.abc
import time
from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.common.context import get_admin_context
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import software_config as sc
from heatlite.engine.resources import wait_condition_handle as wch
from heatlite.engine.software import signal_urls
from heatlite.engine.software import signals
from heatlite.engine.software import software_config_io as swc_io
from heatlite.engine.software import software_configs
from heatlite.engine.software import software_deployments
from heatlite.rpc import api as rpc_api

TRANSPORTS = (CFN_SIGNAL, TEMP_URL_SIGNAL, HEAT_SIGNAL, NO_SIGNAL, ZAQAR_SIGNAL) = (
    "CFN_SIGNAL", "TEMP_URL_SIGNAL", "HEAT_SIGNAL", "NO_SIGNAL", "ZAQAR_SIGNAL")
DEPLOY_ACTIONS = ("CREATE", "UPDATE", "DELETE", "SUSPEND", "RESUME")
IN_PROGRESS, COMPLETE, FAILED = (rpc_api.SOFTWARE_DEPLOYMENT_IN_PROGRESS,
                                 rpc_api.SOFTWARE_DEPLOYMENT_COMPLETE,
                                 rpc_api.SOFTWARE_DEPLOYMENT_FAILED)
_SIGNAL_ID_DOC = "ID of signal to use for signaling output values"
_VERB_DOC = "HTTP verb to use for signaling output values"


class SoftwareDeployment(resource.Resource):
    """OS::Heat::SoftwareDeployment."""

    PROPERTIES = {
        "config": properties.Schema(
            properties.STRING, "ID of software configuration resource to execute when "
            "applying to the server.", update_allowed=True),
        "server": properties.Schema(
            properties.STRING, "ID of resource to apply configuration to. Normally this "
            "should be a Nova server ID.", required=True),
        "input_values": properties.Schema(
            properties.MAP, "Input values to apply to the software configuration on "
            "this server.", update_allowed=True),
        "actions": properties.Schema(
            properties.LIST, "Which lifecycle actions of the deployment resource will "
            "result in this deployment being triggered.", update_allowed=True,
            default=["CREATE", "UPDATE"],
            constraints=[constraints.AllowedValues(DEPLOY_ACTIONS)]),
        "name": properties.Schema(
            properties.STRING, "Name of the derived config associated with this "
            "deployment. This is used to apply a sort order to the list of "
            "configurations currently deployed to a server.", update_allowed=True),
        "signal_transport": properties.Schema(
            properties.STRING, "How the server should signal to heat with the "
            "deployment output values. CFN_SIGNAL will allow an HTTP POST to a signed "
            "URL. TEMP_URL_SIGNAL will allow an HTTP PUT to a signed URL. HEAT_SIGNAL "
            "will allow calls to the Heat API resource-signal. NO_SIGNAL will result in "
            "the resource going to the COMPLETE state without waiting for any signal. "
            "Default: [DEFAULT] default_deployment_signal_transport.",
            constraints=[constraints.AllowedValues(TRANSPORTS)]),
    }
    ATTRIBUTES = {
        "deploy_stdout": attributes.Schema(
            "Captured stdout from the configuration execution.", type=attributes.STRING),
        "deploy_stderr": attributes.Schema(
            "Captured stderr from the configuration execution.", type=attributes.STRING),
        "deploy_status_code": attributes.Schema(
            "Returned status code from the configuration execution.",
            type=attributes.STRING),
    }
    # Any output the config declares is an attribute too.
    ANY_ATTRIBUTES = True

    # -- helpers -------------------------------------------------------------

    @property
    def transport(self) -> str:
        return str(self.properties.get("signal_transport")
                   or wch.engine_conf().default_deployment_signal_transport)

    def validate(self) -> None:
        wch.refuse_zaqar(self.transport)

    def _ctxt(self) -> Any:
        return sc.tenant_context(self.ctx.stack_id)

    def _load_config(self, config_id: str | None = None) -> dict[str, Any]:
        config_id = config_id or self.properties.get("config")
        if not config_id:
            return {rpc_api.SOFTWARE_CONFIG_INPUTS: [], rpc_api.SOFTWARE_CONFIG_OUTPUTS: []}
        doc = software_configs.show_config(self._ctxt(), config_id)
        doc[rpc_api.SOFTWARE_CONFIG_INPUTS] = doc.get(rpc_api.SOFTWARE_CONFIG_INPUTS) or []
        doc[rpc_api.SOFTWARE_CONFIG_OUTPUTS] = doc.get(rpc_api.SOFTWARE_CONFIG_OUTPUTS) or []
        return doc

    def _signal_inputs(self) -> list[dict[str, Any]]:
        ctx, conf = self.ctx, wch.engine_conf()
        tenant = wch.stack_tenant(ctx.stack_id)
        if self.transport in (CFN_SIGNAL, TEMP_URL_SIGNAL):
            url = signal_urls.signed_url(conf, tenant, ctx.stack_name, ctx.stack_id,
                                         ctx.name, ctx.uuid)
            verb = "POST" if self.transport == CFN_SIGNAL else "PUT"
            return [{"name": "deploy_signal_id", "value": url,
                     "description": _SIGNAL_ID_DOC},
                    {"name": "deploy_signal_verb", "value": verb, "description": _VERB_DOC}]
        if self.transport == HEAT_SIGNAL:
            return [{"name": "deploy_auth_url",
                     "value": conf.clients_keystone.auth_uri or signal_urls.heat_url(
                         conf, tenant), "description": "URL for API authentication"},
                    {"name": "deploy_project_id", "value": tenant,
                     "description": "ID of project for API authentication"},
                    {"name": "deploy_signal_id",
                     "value": signal_urls.native_signal_url(conf, tenant, ctx.stack_name,
                                                            ctx.stack_id, ctx.name),
                     "description": _SIGNAL_ID_DOC},
                    {"name": "deploy_signal_verb", "value": "POST",
                     "description": _VERB_DOC}]
        return []

    def derived_inputs(self, action: str, source: Mapping[str, Any]) -> list[dict[str, Any]]:
        ctx = self.ctx
        extra = [
            {"name": "deploy_server_id", "value": self.properties["server"],
             "description": "ID of the server being deployed to"},
            {"name": "deploy_action", "value": action,
             "description": "Name of the current action being deployed"},
            {"name": "deploy_stack_id", "value": "%s/%s" % (ctx.stack_name, ctx.stack_id),
             "description": "ID of the stack this deployment belongs to"},
            {"name": "deploy_resource_name", "value": ctx.name,
             "description": "Name of this deployment resource in the stack"},
            {"name": "deploy_signal_transport", "value": self.transport,
             "description": "How the server should signal to heat with the deployment "
                            "output values."},
        ] + self._signal_inputs()
        return swc_io.derive_inputs(source[rpc_api.SOFTWARE_CONFIG_INPUTS],
                                    dict(self.properties.get("input_values") or {}), extra)

    def derived_config(self, action: str, source: Mapping[str, Any],
                       inputs: list[dict[str, Any]]) -> Any:
        """The config text the server gets (StructuredDeployment substitutes)."""
        return source.get(rpc_api.SOFTWARE_CONFIG_CONFIG)

    def empty_config(self) -> Any:
        return ""

    def _create_derived(self, action: str, source: Mapping[str, Any]) -> str:
        inputs = self.derived_inputs(action, source)
        config = self.derived_config(action, source, inputs)
        doc = software_configs.create_config(
            self._ctxt(), source.get(rpc_api.SOFTWARE_CONFIG_GROUP) or sc.UNGROUPED,
            self.properties.get("name") or source.get(rpc_api.SOFTWARE_CONFIG_NAME)
            or self.physical_resource_name(),
            config if config else self.empty_config(), inputs,
            source[rpc_api.SOFTWARE_CONFIG_OUTPUTS],
            source.get(rpc_api.SOFTWARE_CONFIG_OPTIONS), limit=sc.config_limit())
        return str(doc[rpc_api.SOFTWARE_CONFIG_ID])

    def _triggered(self, action: str, source: Mapping[str, Any]) -> bool:
        if source.get(rpc_api.SOFTWARE_CONFIG_GROUP) == "component":
            configs = (source.get(rpc_api.SOFTWARE_CONFIG_CONFIG) or {}).get("configs") or []
            return any(action in (c.get("actions") or []) for c in configs)
        return action in (self.properties.get("actions") or [])

    def _previous_config_id(self) -> str | None:
        if self.resource_id is None:
            return None
        try:
            return str(software_deployments.show_deployment(
                get_admin_context(), self.resource_id)[rpc_api.SOFTWARE_DEPLOYMENT_CONFIG_ID])
        except exception.NotFound:
            return None

    def _delete_config(self, config_id: str | None) -> None:
        if not config_id:
            return
        try:
            software_configs.delete_config(self._ctxt(), config_id)
        except (exception.NotFound, exception.InvalidRestrictedAction):
            pass

    def handle_action(self, action: str, source: Mapping[str, Any] | None = None) -> Any:
        """Derive and deploy the config for ``action``; the cookie to wait on."""
        source = self._load_config() if source is None else source
        if not self._triggered(action, source):
            return None
        config_id = self._create_derived(action, source)
        waiting = self.transport != NO_SIGNAL
        values = {"config_id": config_id, "action": action,
                  "input_values": self.properties.get("input_values"),
                  "status": IN_PROGRESS if waiting else COMPLETE,
                  "status_reason": ("Deploy data available" if waiting
                                    else "Not waiting for outputs signal")}
        if self.resource_id is None:
            # The resource's own uuid: a signal arriving while the resource
            # is IN_PROGRESS (its physical id not stored yet) still finds it.
            deployment_id = self.ctx.uuid
            self.resource_id_set(deployment_id)
            software_deployments.create_deployment(
                self._ctxt(), self.properties["server"], deployment_id=deployment_id,
                limit=int(wch.engine_conf().max_software_deployments_per_tenant),
                **values)
        else:
            previous = self._previous_config_id()
            software_deployments.update_deployment(
                get_admin_context(), self.resource_id, **values)
            self._delete_config(previous)
        return self.resource_id if waiting else None

    def wait_deployment(self, cookie: Any) -> bool:
        """Block until the deployment ``cookie`` is COMPLETE; FAILED raises."""
        if not cookie:
            return True
        admin = get_admin_context()

        def done() -> bool:
            doc = software_deployments.show_deployment(admin, cookie)
            state = doc[rpc_api.SOFTWARE_DEPLOYMENT_STATUS]
            if state == FAILED:
                raise exception.Error(message="Deployment to server failed: %s"
                                      % doc[rpc_api.SOFTWARE_DEPLOYMENT_STATUS_REASON])
            return state == COMPLETE

        # Woken by a signal to this resource, or by the REST API changing the
        # deployment itself (software_config_service notifies its id).
        signals.BOARD.wait_for([self.ctx.uuid, cookie], done, self.sleep, None)
        return True

    # -- takeover ----------------------------------------------------------------

    # An interrupted action waits on the deployment it already made or
    # changed (its id is stored at once) rather than deploying twice.
    RESUME_AFTER_TAKEOVER = dict(
        resource.resumable(resource.CHECK, "CREATE", "UPDATE", "SUSPEND", "RESUME"),
        **resource.resumable(resource.REDRIVE, "DELETE"))

    def takeover_cookie(self, action: str) -> Any:
        doc = None
        if self.resource_id is not None:
            try:
                doc = software_deployments.show_deployment(get_admin_context(),
                                                           self.resource_id)
            except exception.NotFound:
                self.resource_id_set(None)  # died before the deployment was stored
        if doc is None or doc[rpc_api.SOFTWARE_DEPLOYMENT_ACTION] != action:
            return self.handle_action(action)
        return self.resource_id if self.transport != NO_SIGNAL else None

    # -- the contract ----------------------------------------------------------

    def handle_create(self) -> Any:
        return self.handle_action("CREATE")

    def check_create_complete(self, cookie: Any) -> bool:
        return self.wait_deployment(cookie)

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        source = self._load_config()
        previous = self._previous_config_id()
        if previous:
            try:
                old = self._load_config(previous)
            except exception.NotFound:
                old = None
            if old is not None:
                before = {i[swc_io.NAME]: i.get(swc_io.VALUE)
                          for i in old[rpc_api.SOFTWARE_CONFIG_INPUTS]}
                for item in self.derived_inputs("UPDATE", source):
                    name = item[swc_io.NAME]
                    if item.get(swc_io.REPLACE_ON_CHANGE) and name in before \
                            and item.get(swc_io.VALUE) != before[name]:
                        raise resource.UpdateReplace(self.name)
        return self.handle_action("UPDATE", source)

    def check_update_complete(self, cookie: Any) -> bool:
        return self.wait_deployment(cookie)

    def handle_suspend(self) -> Any:
        return self.handle_action("SUSPEND")

    def check_suspend_complete(self, cookie: Any) -> bool:
        return self.wait_deployment(cookie)

    def handle_resume(self) -> Any:
        return self.handle_action("RESUME")

    def check_resume_complete(self, cookie: Any) -> bool:
        return self.wait_deployment(cookie)

    def handle_delete(self) -> Any:
        if self.resource_id is None:
            return None
        try:
            return self.handle_action("DELETE")
        except exception.NotFound:
            return None

    def check_delete_complete(self, cookie: Any) -> bool:
        self.wait_deployment(cookie)
        if self.resource_id is not None:
            derived = self._previous_config_id()
            try:
                software_deployments.delete_deployment(get_admin_context(),
                                                       self.resource_id)
            except exception.NotFound:
                pass
            self._delete_config(derived)
        return True

    def handle_signal(self, details: Any) -> str | None:
        if details is not None and not isinstance(details, Mapping):
            raise exception.Invalid(reason="Signal data must be a map")
        return software_deployments.signal_deployment(
            get_admin_context(), self.resource_id or self.ctx.uuid, details,
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()))

    # -- attributes ------------------------------------------------------------

    def _outputs(self) -> dict[str, Any]:
        if self.resource_id is None:
            return {}
        try:
            doc = software_deployments.show_deployment(get_admin_context(),
                                                       self.resource_id)
        except exception.NotFound:
            return {}
        values = doc[rpc_api.SOFTWARE_DEPLOYMENT_OUTPUT_VALUES]
        return dict(values) if isinstance(values, collections.abc.Mapping) else {}

    def get_attribute(self, name: str) -> Any:
        return self._outputs().get(name)

    def extra_attribute_data(self) -> dict[str, Any]:
        return {k: v for k, v in self._outputs().items() if not k.startswith("_")}


class StructuredDeployment(SoftwareDeployment):
    """OS::Heat::StructuredDeployment: ``{get_input: name}`` in a structured
    config is replaced by the input's value before the server sees it."""

    PROPERTIES = dict(
        SoftwareDeployment.PROPERTIES,
        input_key=properties.Schema(
            properties.STRING, "Name of key to use for substituting inputs during "
            "deployment.", default="get_input"),
        input_values_validate=properties.Schema(
            properties.STRING, "Perform a check on the input values passed to verify "
            "that each required input has a corresponding value. When the property is "
            "set to STRICT and no value is passed, an exception is raised.",
            default="LAX", constraints=[constraints.AllowedValues(("LAX", "STRICT"))]))

    def empty_config(self) -> Any:
        return {}

    def derived_config(self, action: str, source: Mapping[str, Any],
                       inputs: list[dict[str, Any]]) -> Any:
        values = {i[swc_io.NAME]: i.get(swc_io.VALUE) for i in inputs}
        return substitute(values, str(self.properties["input_key"]),
                          source.get(rpc_api.SOFTWARE_CONFIG_CONFIG),
                          self.properties["input_values_validate"] == "STRICT")


def substitute(inputs: Mapping[str, Any], input_key: str, snippet: Any, strict: bool) -> Any:
    """``snippet`` with each ``{input_key: name}`` replaced by ``inputs[name]``."""
    if isinstance(snippet, Mapping):
        if len(snippet) == 1:
            key, arg = next(iter(snippet.items()))
            if key == input_key and isinstance(arg, str):
                if strict and arg not in inputs:
                    raise exception.UserParameterMissing(key=arg)
                return inputs.get(arg)
        return {k: substitute(inputs, input_key, v, strict) for k, v in snippet.items()}
    if isinstance(snippet, list):
        return [substitute(inputs, input_key, v, strict) for v in snippet]
    return snippet


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {
        "OS::Heat::SoftwareDeployment": SoftwareDeployment,
        "OS::Heat::StructuredDeployment": StructuredDeployment,
    }
