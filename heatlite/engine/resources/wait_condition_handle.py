"""Wait condition handles: where servers send the signals a wait condition counts.

OS::Heat::WaitConditionHandle, OS::Heat::UpdateWaitConditionHandle and
AWS::CloudFormation::WaitConditionHandle. A handle does nothing but take
signals: each one is checked, stored in the handle's metadata under its id
(in one locked transaction, so concurrent signals are all kept) and wakes
the wait condition through signals.deliver. Heat's shapes: the native
handle fills in missing keys (``status`` SUCCESS, ``reason`` "Signal <n>
received", ``data`` null, ``id`` n); the AWS handle takes exactly Data,
Reason, Status and UniqueId.

Instead of a Keystone stack user and token, the handle hands out a
heatlite signal token (signal_urls.py): ``endpoint`` + ``token`` (and
``curl_cli``, which works as printed) for TOKEN_SIGNAL, a signed URL for
CFN_SIGNAL and TEMP_URL_SIGNAL, the authenticated API's URL for
HEAT_SIGNAL. ZAQAR_SIGNAL needs a service heatlite does not have.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from oslo_config import cfg

from heatlite.common import config
from heatlite.common import exception
from heatlite.db import resource_metadata
from heatlite.db import session
from heatlite.db import stacks as stack_rows
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.software import signal_urls

TRANSPORTS = (CFN_SIGNAL, TEMP_URL_SIGNAL, HEAT_SIGNAL, NO_SIGNAL, ZAQAR_SIGNAL,
              TOKEN_SIGNAL) = ("CFN_SIGNAL", "TEMP_URL_SIGNAL", "HEAT_SIGNAL", "NO_SIGNAL",
                               "ZAQAR_SIGNAL", "TOKEN_SIGNAL")
STATUSES = (STATUS_FAILURE, STATUS_SUCCESS) = ("FAILURE", "SUCCESS")


def engine_conf() -> cfg.ConfigOpts:
    """The engine's configuration (the one its database was set up from)."""
    return session.get_conf() if session.is_configured() else config.CONF


def stack_tenant(stack_id: str) -> str:
    row = stack_rows.get(stack_id)
    return row.tenant if row is not None else ""


def refuse_zaqar(transport: str | None) -> None:
    if transport == ZAQAR_SIGNAL:
        raise exception.NotImplementedYet(feature="ZAQAR_SIGNAL (a Zaqar queue)")


def signal_info(res: resource.Resource, transport: str | None) -> dict[str, Any] | None:
    """What a server needs to signal ``res`` by ``transport`` (Heat's map)."""
    ctx, conf = res.ctx, engine_conf()
    tenant = stack_tenant(ctx.stack_id)
    if transport in (CFN_SIGNAL, TEMP_URL_SIGNAL):
        return {"alarm_url": signal_urls.signed_url(conf, tenant, ctx.stack_name,
                                                    ctx.stack_id, ctx.name, ctx.uuid)}
    if transport == HEAT_SIGNAL:
        return {"alarm_url": signal_urls.native_signal_url(
                    conf, tenant, ctx.stack_name, ctx.stack_id, ctx.name),
                "auth_url": conf.clients_keystone.auth_uri or None,
                "project_id": tenant}
    if transport == NO_SIGNAL:
        return {}
    return None


class BaseHandle(resource.Resource):
    """Stores signals in its metadata; subclasses name the keys."""
    # Signals live in the metadata of the resource's uuid and survive a
    # redrive; a fresh id is harmless before COMPLETE.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)

    METADATA_KEYS: ClassVar[tuple[str, str, str, str]] = ("data", "reason", "status", "id")

    @property
    def keys(self) -> dict[str, str]:
        data, reason, status, unique_id = self.METADATA_KEYS
        return {"data": data, "reason": reason, "status": status, "id": unique_id}

    def handle_create(self) -> Any:
        # Heat's id is the Keystone stack user's; a fresh 32-hex id here.
        self.resource_id_set(uuid.uuid4().hex)
        return None

    def normalise(self, details: Any, stored: Mapping[str, Any]) -> Any:
        return details

    def _format_ok(self, entry: Any) -> bool:
        return (isinstance(entry, Mapping) and set(entry) == set(self.METADATA_KEYS)
                and entry[self.keys["status"]] in STATUSES)

    def handle_signal(self, details: Any) -> str | None:
        written: list[dict[str, Any]] = []

        def merge(current: dict[str, Any]) -> dict[str, Any]:
            entry = self.normalise(details, current)
            if not self._format_ok(entry):
                raise exception.Invalid(reason="Metadata format invalid")
            entry = dict(entry)
            unique_id = str(entry.pop(self.keys["id"]))
            written.append(dict(entry))
            return dict(current, **{unique_id: entry})

        resource_metadata.merge(self.ctx.uuid, merge)
        entry = written[-1]
        return "status:%s reason:%s" % (entry[self.keys["status"]], entry[self.keys["reason"]])

    def signals(self) -> list[Mapping[str, Any]]:
        return statuses_of(self.ctx.uuid)

    def handle_delete(self) -> Any:
        return None


def statuses_of(handle_uuid: str) -> list[Mapping[str, Any]]:
    """The signals stored on a handle, each a map (status, reason, data)."""
    return [v for v in resource_metadata.get(handle_uuid).values() if isinstance(v, Mapping)]


class HeatWaitConditionHandle(BaseHandle):
    """OS::Heat::WaitConditionHandle."""

    PROPERTIES = {
        "signal_transport": properties.Schema(
            properties.STRING,
            "How the client will signal the wait condition. CFN_SIGNAL will allow an "
            "HTTP POST to a signed URL. TEMP_URL_SIGNAL is the same in heatlite (a "
            "signed URL). HEAT_SIGNAL will allow calls to the Heat API resource-signal. "
            "TOKEN_SIGNAL will allow an HTTP POST to a Heat API endpoint with the "
            "provided token. NO_SIGNAL will result in the resource going to a "
            "signalled state without waiting for any signal.",
            default=TOKEN_SIGNAL, constraints=[constraints.AllowedValues(TRANSPORTS)]),
    }
    ATTRIBUTES = {
        "token": attributes.Schema(
            "Token which can be used for signalling handle when signal_transport is "
            "set to TOKEN_SIGNAL. None for all other signal transports.",
            type=attributes.STRING),
        "endpoint": attributes.Schema(
            "Endpoint/url which can be used for signalling handle when "
            "signal_transport is set to TOKEN_SIGNAL. None for all other signal "
            "transports.", type=attributes.STRING),
        "curl_cli": attributes.Schema(
            "Convenience attribute, provides curl CLI command prefix, which can be "
            "used for signalling handle completion or failure when signal_transport "
            "is set to TOKEN_SIGNAL. You can signal success by adding --data-binary "
            "'{\"status\": \"SUCCESS\"}' , or signal failure by adding --data-binary "
            "'{\"status\": \"FAILURE\"}'. This attribute is set to None for all other "
            "signal transports.", type=attributes.STRING),
        "signal": attributes.Schema(
            "JSON serialized map that includes the endpoint, token and/or other "
            "attributes the client must use for signalling this handle. The contents "
            "of this map depend on the type of signal selected in the "
            "signal_transport property.", type=attributes.STRING),
    }

    def validate(self) -> None:
        refuse_zaqar(self.properties.get("signal_transport"))

    def handle_create(self) -> Any:
        super().handle_create()
        if self.properties.get("signal_transport") == TOKEN_SIGNAL:
            ctx, conf = self.ctx, engine_conf()
            tenant = stack_tenant(ctx.stack_id)
            self.data_set("token", signal_urls.token(conf, tenant, ctx.stack_id, ctx.name,
                                                     ctx.uuid))
            self.data_set("endpoint", signal_urls.endpoint(conf, tenant, ctx.stack_name,
                                                           ctx.stack_id, ctx.name))
        return None

    def normalise(self, details: Any, stored: Mapping[str, Any]) -> Any:
        if details is not None and not isinstance(details, Mapping):
            return details
        number = len(stored) + 1
        entry = dict(details or {})
        entry.setdefault("reason", "Signal %s received" % number)
        entry.setdefault("data", None)
        entry.setdefault("id", number)
        entry.setdefault("status", STATUS_SUCCESS)
        return entry

    def get_attribute(self, name: str) -> Any:
        if self.resource_id is None:
            return None
        if name == "signal":
            return json.dumps(signal_info(self, self.properties.get("signal_transport")))
        if name in ("token", "endpoint"):
            return self.data().get(name)
        if name == "curl_cli":
            token, endpoint = self.data().get("token"), self.data().get("endpoint")
            if token is None or endpoint is None:
                return None
            return signal_urls.curl_cli(token, endpoint)
        return None


class AWSWaitConditionHandle(BaseHandle):
    """AWS::CloudFormation::WaitConditionHandle: its reference is the signed URL."""

    METADATA_KEYS = ("Data", "Reason", "Status", "UniqueId")

    def handle_create(self) -> Any:
        super().handle_create()
        ctx = self.ctx
        self.data_set("ec2_signed_url", signal_urls.signed_url(
            engine_conf(), stack_tenant(ctx.stack_id), ctx.stack_name, ctx.stack_id,
            ctx.name, ctx.uuid))
        return None

    def get_reference_id(self) -> str | None:
        if self.resource_id is not None:
            return str(self.data().get("ec2_signed_url"))
        return self.name

    def handle_signal(self, details: Any) -> str | None:
        if details is None:
            return None
        return super().handle_signal(details)


class UpdateWaitConditionHandle(AWSWaitConditionHandle):
    """OS::Heat::UpdateWaitConditionHandle: replaced (new URL, no signals) on
    every stack update, so senders must signal again."""

    REPLACE_ON_UPDATE = True


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {
        "OS::Heat::WaitConditionHandle": HeatWaitConditionHandle,
        "OS::Heat::UpdateWaitConditionHandle": UpdateWaitConditionHandle,
        "AWS::CloudFormation::WaitConditionHandle": AWSWaitConditionHandle,
    }
