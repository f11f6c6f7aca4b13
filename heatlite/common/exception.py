"""The one exception hierarchy of heatlite, each class with its HTTP status.

Class names and messages are Heat's: they travel over RPC by name and reach
clients as ``error.type`` and ``error.message`` in Heat's error body, and
clients (python-heatclient, scripts) match on them. The fault middleware
reads ``http_status`` from the class; anything that is not a HeatException
(a builtin ValueError included) is a bug and becomes a 500.

Keep this module free of heatlite imports: every layer imports it.
"""

from __future__ import annotations

from typing import Any


class HeatException(Exception):
    """Base class: ``msg_fmt % kwargs`` is the message."""

    msg_fmt = "An unknown exception occurred."
    http_status = 500
    # A failure the client caused is safe to show verbatim.
    safe = True
    # Heat's number of the error, for the few it numbers (ignore_errors).
    error_code: str | None = None

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        try:
            self.message = self.msg_fmt % kwargs
        except (KeyError, TypeError, ValueError):
            # A wrong keyword is our bug, but the caller still deserves
            # the raw format string rather than a second exception.
            self.message = self.msg_fmt
        # No positional args: oslo.messaging rebuilds a remote exception as
        # ``cls(*args, **kwargs)`` and our constructors take keywords only.
        super().__init__()

    def __str__(self) -> str:
        return self.message

    def __deepcopy__(self, memo: dict[int, Any]) -> HeatException:
        return self.__class__(**self.kwargs)


# -- 400 -------------------------------------------------------------------

class BadRequest(HeatException):
    http_status = 400
    msg_fmt = "%(message)s"


class InvalidTemplateVersion(HeatException):
    http_status = 400
    msg_fmt = "The template version is invalid: %(explanation)s"


class InvalidTemplateSection(HeatException):
    http_status = 400
    msg_fmt = "The template section is invalid: %(section)s"


class InvalidTemplateReference(HeatException):
    http_status = 400
    msg_fmt = 'The specified reference "%(resource)s" (in %(key)s) is incorrect.'


class InvalidTemplateAttribute(HeatException):
    http_status = 400
    msg_fmt = "The Referenced Attribute (%(resource)s %(key)s) is incorrect."


class UserParameterMissing(HeatException):
    http_status = 400
    msg_fmt = "The Parameter (%(key)s) was not provided."


class UnknownUserParameter(HeatException):
    http_status = 400
    msg_fmt = "The Parameter (%(key)s) was not defined in template."


class InvalidSchemaError(HeatException):
    http_status = 400
    msg_fmt = "%(message)s"


def _heat_path(items: list[Any]) -> str:
    """Path items as Heat joins them: ``a.b``, numbers as ``a[0]``."""
    text = ""
    for item in items:
        item = item if isinstance(item, int) else str(item)
        if isinstance(item, int) or item.isdigit():
            text += "[%s]" % item
        elif text:
            text += ".%s" % item
        else:
            text = item
    return text


class HeatExceptionWithPath(HeatException):
    """An error at a place in a template: ``<error>: <path>: <message>``.

    Each part is optional. Like Heat, the parts are formatted (with their
    ": " separators) before they become ``kwargs``, and ``kwargs`` is what
    oslo.messaging sends to rebuild the exception on the caller's side. So
    an error that crossed RPC formats its formatted parts once more and
    reads ``Property error: : resources.r.properties.p: : <message>``,
    which is what a Heat deployment's API answers and clients match on.
    """

    msg_fmt = "%(error)s%(path)s%(message)s"

    def __init__(self, error: str | None = None, path: list[Any] | str | None = None,
                 message: str | None = None) -> None:
        self.error = error or ""
        if isinstance(path, list):
            self.path = path
        else:
            self.path = [path] if isinstance(path, str) else []
        self.error_message = message or ""
        joined = _heat_path(self.path)
        super().__init__(error="%s: " % self.error if self.error else "",
                         path="%s: " % joined if joined else "",
                         message=self.error_message)


class StackValidationFailed(HeatExceptionWithPath):
    """A template or parameter problem; ``path`` is a list of keys like
    ['resources', 'r', 'properties']."""

    http_status = 400


class StackResourceLimitExceeded(HeatException):
    http_status = 400
    msg_fmt = "You have reached the maximum resources per stack, %(limit)s."


class RequestLimitExceeded(HeatException):
    http_status = 400
    msg_fmt = "Request limit exceeded: %(message)s"


class NotSupported(HeatException):
    http_status = 400
    msg_fmt = "%(feature)s is not supported."


class InvalidGlobalResource(HeatException):
    http_status = 400
    msg_fmt = ("There was an error loading the definition of the global "
               "resource type %(type_name)s.")


class ResourcePropertyConflict(HeatException):
    http_status = 400
    msg_fmt = "Cannot define the following properties at the same time: %(props)s."


class PropertyUnspecifiedError(HeatException):
    http_status = 400
    msg_fmt = "At least one of the following properties must be specified: %(props)s."


class InvalidEncryptionKey(HeatException):
    http_status = 400
    msg_fmt = "Can not decrypt data with the auth_encryption_key in heat config."


class CircularDependencyException(HeatException):
    http_status = 400
    msg_fmt = "Circular Dependency Found: %(cycle)s"


class Invalid(HeatException):
    http_status = 400
    msg_fmt = "Data supplied was not valid: %(reason)s"


# -- 403 -------------------------------------------------------------------

class Forbidden(HeatException):
    http_status = 403
    msg_fmt = "You are not authorized to use %(action)s."

    def __init__(self, action: str = "this action", **kwargs: Any) -> None:
        super().__init__(action=action, **kwargs)


class InvalidTenant(HeatException):
    http_status = 403
    msg_fmt = "Searching Tenant %(target)s from Tenant %(actual)s forbidden."


# -- 404 -------------------------------------------------------------------

class EntityNotFound(HeatException):
    http_status = 404
    msg_fmt = "The %(entity)s (%(name)s) could not be found."


class ResourceNotFound(EntityNotFound):
    msg_fmt = "The Resource (%(resource_name)s) could not be found in Stack %(stack_name)s."


class ResourceTypeNotFound(HeatException):
    http_status = 404
    msg_fmt = "The Resource Type (%(type_name)s) could not be found."


class ResourceTypeUnavailable(HeatException):
    """A type Heat knows whose OpenStack service this deployment lacks."""

    http_status = 400
    # Heat's only numbered error: POST /validate may be told to ignore it.
    error_code = "99001"
    msg_fmt = ("HEAT-E99001 Service %(service_name)s is not available for resource type "
               "%(resource_type)s, reason: %(reason)s")


class TemplateNotFound(HeatException):
    http_status = 404
    msg_fmt = "%(message)s"


class NotFound(HeatException):
    """Something the engine looked for is missing; its text stays engine-side.

    As Heat's, the text is not in ``kwargs``: rebuilt on the API's side of
    RPC the exception reads "Not found", which is what a Heat deployment
    answers (its single-process run shows the engine's text).
    """

    http_status = 404
    msg_fmt = "Not found"

    def __init__(self, message: str = "Not found") -> None:
        super().__init__()
        self.message = message


# -- 409 -------------------------------------------------------------------

class StackExists(HeatException):
    http_status = 409
    msg_fmt = "The Stack (%(stack_name)s) already exists."


class ActionInProgress(HeatException):
    http_status = 409
    msg_fmt = ("Stack %(stack_name)s already has an action (%(action)s) "
               "in progress.")


class ActionNotComplete(HeatException):
    http_status = 409
    msg_fmt = ("Stack %(stack_name)s has an action (%(action)s) in progress "
               "or failed state.")


class InvalidRestrictedAction(HeatException):
    """Refused because something else still uses the target (Heat: 500)."""

    http_status = 409
    msg_fmt = "%(message)s"


class StopActionFailed(HeatException):
    http_status = 500
    msg_fmt = ("Failed to stop stack (%(stack_name)s) on other engine "
               "(%(engine_id)s)")


class EventSendFailed(HeatException):
    """The engine running a stack's operation did not take a cancel message."""

    http_status = 500
    msg_fmt = ("Failed to send message to stack (%(stack_name)s) on other engine "
               "(%(engine_id)s)")


# -- 5xx -------------------------------------------------------------------

class NotImplementedYet(HeatException):
    """An API that Heat has and heatlite does not serve yet: a clear 501."""

    http_status = 501
    msg_fmt = "%(feature)s is not implemented in heatlite yet."


class EngineUnavailable(HeatException):
    """No engine answered the RPC call in time, or the broker is unreachable."""

    http_status = 503
    msg_fmt = ("The orchestration engine did not answer in time "
               "(%(method)s): %(reason)s")


class DatabaseUnavailable(HeatException):
    """The engine lost its database (outage, failover, lost connection).

    A 503 the client may retry: the engine reconnects by itself. The
    driver's text (host names, SQL) stays in the engine's log.
    """

    http_status = 503
    msg_fmt = ("The orchestration engine could not reach its database "
               "(%(method)s); try again later.")


class Error(HeatException):
    """An unexpected engine failure reported with its own message."""

    msg_fmt = "%(message)s"


class ResourceFailure(HeatException):
    """A resource action failed; wraps the cause for the stack's reason."""

    msg_fmt = "%(exc_type)s: %(message)s"

    def __init__(self, exception: BaseException, resource_path: str = "",
                 action: str = "") -> None:
        self.exc = exception
        self.action = action
        exc_type = type(exception).__name__
        text = str(exception)
        if resource_path:
            text = "%s: %s" % (resource_path, text)
        super().__init__(exc_type=exc_type, message=text)


def remote_name(exc: BaseException) -> str:
    """The Heat class name of an exception, without oslo.messaging's suffix."""
    name = type(exc).__name__
    return name[:-len("_Remote")] if name.endswith("_Remote") else name


# -- stack operations (update, actions, hooks, snapshots) ------------------

class InvalidBreakPointHook(HeatException):
    http_status = 400
    msg_fmt = "%(message)s"


class ResourceActionRestricted(HeatException):
    http_status = 400
    msg_fmt = "%(action)s is restricted for resource."


class ResourceActionNotSupported(HeatException):
    http_status = 400
    msg_fmt = "%(action)s is not supported for resource."


class ImmutableParameterModified(HeatException):
    http_status = 400
    msg_fmt = "The following parameters are immutable and may not be updated: %(keys)s"

    def __init__(self, *names: str, **kwargs: Any) -> None:
        if names:
            kwargs["keys"] = ", ".join(names)
        super().__init__(**kwargs)


class InvalidMergeStrategyForParam(HeatException):
    http_status = 400
    msg_fmt = "Invalid merge strategy '%(strategy)s' for parameter '%(param)s'."


class ConflictingMergeStrategyForParam(HeatException):
    http_status = 400
    msg_fmt = ("Conflicting merge strategy '%(strategy)s' for parameter '%(param)s' "
               "in file '%(env_file)s'.")



class SnapshotNotFound(EntityNotFound):
    msg_fmt = "The Snapshot (%(snapshot)s) for Stack (%(stack)s) could not be found."


# -- signals (wait conditions, deployments) --------------------------------

class HeatSignatureError(HeatException):
    """A signed signal URL whose token does not match (Heat's CFN API name)."""

    http_status = 403
    msg_fmt = ("The request signature we calculated does not match the "
               "signature you provided")


class ResourceNotAvailable(HeatException):
    http_status = 404
    msg_fmt = "The Resource (%(resource_name)s) is not available."


# -- nested stacks ------------------------------------------------------------

class NestedStackFailed(HeatException):
    """A nested stack's action failed; its reason becomes the parent resource's.

    The nested stack's reason ``Resource CREATE failed: <Err>: resources.<r>:
    <msg>`` reads ``<Err>: resources.<parent>.resources.<r>: <msg>`` on the
    parent's resource, as Heat nests the path.
    """

    msg_fmt = "%(message)s"

    def __init__(self, status_reason: str, action: str) -> None:
        self.status_reason = status_reason or ""
        self.stack_action = action
        super().__init__(message=self.status_reason)

    def reason_for(self, resource_path: str) -> str:
        text = self.status_reason
        prefix = "Resource %s failed: " % self.stack_action.upper()
        if text.startswith(prefix):
            error, sep, rest = text[len(prefix):].partition(": ")
            if sep and rest.startswith("resources."):
                return "%s: %s.%s" % (error, resource_path, rest)
            return "%s: %s" % (resource_path, text[len(prefix):])
        return "Error: %s: %s" % (resource_path, text)
