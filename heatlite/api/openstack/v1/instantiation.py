"""The body of a stack create/update/preview request, read as Heat reads it.

``template`` may be a dict or JSON/YAML text, ``environment`` a dict or YAML
text, ``parameters`` are merged into the environment, and every other key
(timeout_mins, disable_rollback, tags, ...) is an engine argument. Inputs
heatlite cannot honour yet (template_url, files_container) are a clear 501,
never silently ignored. ``adopt_stack_data`` (text or object) is parsed here
and its template is the stack's, as in Heat.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import webob.exc

from heatlite.common import environment_format
from heatlite.common import exception
from heatlite.common import template_format
from heatlite.common.wsgi import MALFORMED_REQUEST
from heatlite.rpc import api as rpc_api

PARAMS = (
    PARAM_STACK_NAME, PARAM_TEMPLATE, PARAM_TEMPLATE_URL, PARAM_USER_PARAMS,
    PARAM_ENVIRONMENT, PARAM_FILES, PARAM_ENVIRONMENT_FILES, PARAM_FILES_CONTAINER,
) = (
    "stack_name", "template", "template_url", "parameters",
    "environment", "files", "environment_files", "files_container",
)


NOT_A_MAPPING = "The environment is not a valid YAML mapping data type."


@contextlib.contextmanager
def parse_error_check(data_type: str) -> Iterator[None]:
    """A ValueError from a parser becomes Heat's 400 for ``data_type``."""
    try:
        yield
    except ValueError as err:
        raise webob.exc.HTTPBadRequest("%(type)s not in valid format: %(error)s"
                                       % {"type": data_type, "error": err}) from err


class InstantiationData:
    """Accessors over the JSON body of a create/update/preview request."""

    def __init__(self, data: dict[str, Any], patch: bool = False) -> None:
        self.data = data
        self.patch = patch
        if patch:
            self.data[rpc_api.PARAM_EXISTING] = True

    def stack_name(self) -> str:
        if PARAM_STACK_NAME not in self.data:
            raise webob.exc.HTTPBadRequest("No stack name specified")
        return self.data[PARAM_STACK_NAME]

    def template(self) -> dict[str, Any] | None:
        """The template as a dict (None for a PATCH that keeps the old one)."""
        if rpc_api.PARAM_ADOPT_STACK_DATA in self.data:
            return self.adopt_data()["template"]
        if PARAM_TEMPLATE in self.data:
            template = self.data[PARAM_TEMPLATE]
            if isinstance(template, dict):
                template_format.validate_template_limit(str(template))
                return template
        elif PARAM_TEMPLATE_URL in self.data:
            raise exception.NotImplementedYet(
                feature="Fetching a template from template_url")
        else:
            template = None
        if template is None:
            if self.patch:
                return None
            raise webob.exc.HTTPBadRequest("No template specified")
        if not isinstance(template, str):
            raise webob.exc.HTTPBadRequest(
                "Template not in valid format: The template is not a JSON "
                "object or YAML mapping.")
        with parse_error_check("Template"):
            return template_format.parse(template)

    def adopt_data(self) -> dict[str, Any]:
        """The parsed ``adopt_stack_data`` (a JSON/YAML text or an object)."""
        data = self.data[rpc_api.PARAM_ADOPT_STACK_DATA]
        try:
            if not isinstance(data, dict):
                data = template_format.simple_parse(data)
            template_format.validate_template_limit(str(data["template"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise webob.exc.HTTPBadRequest("Invalid adopt data: %s" % exc) from None
        if not isinstance(data["template"], dict):
            raise webob.exc.HTTPBadRequest("Invalid adopt data: the template is not a "
                                           "JSON object or YAML mapping.")
        return data

    def environment(self) -> dict[str, Any]:
        """The environment with every section present and parameters merged."""
        env: dict[str, Any] = {}
        if (PARAM_ENVIRONMENT in self.data
                and not self.data.get(PARAM_ENVIRONMENT_FILES)):
            env_data = self.data[PARAM_ENVIRONMENT]
            with parse_error_check("Environment"):
                if isinstance(env_data, dict):
                    env = environment_format.validate(env_data)
                elif isinstance(env_data, (str, bytes)) or env_data is None:
                    env = environment_format.parse(env_data)
                else:
                    raise ValueError(NOT_A_MAPPING)
        environment_format.default_for_missing(env)
        if not isinstance(env[PARAM_USER_PARAMS], dict):
            # The engine checks the other sections; this one is merged here.
            raise exception.BadRequest(
                message='The environment section "%s" must be a map' % PARAM_USER_PARAMS)
        parameters = self.data.get(PARAM_USER_PARAMS, {})
        if not isinstance(parameters, dict):
            raise webob.exc.HTTPBadRequest(MALFORMED_REQUEST)
        env[PARAM_USER_PARAMS].update(parameters)
        return env

    def files(self) -> dict[str, str]:
        """The files map: file names to their contents, all strings."""
        files = self.data.get(PARAM_FILES)
        if files is None:
            return {}
        if not isinstance(files, dict) or not all(
                isinstance(value, str) for value in files.values()):
            raise webob.exc.HTTPBadRequest(
                '"files" must be an object mapping file names to their '
                'contents (strings).')
        return files

    def environment_files(self) -> list[str] | None:
        return self.data.get(PARAM_ENVIRONMENT_FILES)

    def files_container(self) -> None:
        """heatlite has no Swift client: a container is refused, not ignored."""
        if self.data.get(PARAM_FILES_CONTAINER) is not None:
            raise exception.NotImplementedYet(feature="files_container")

    def args(self) -> dict[str, Any]:
        """Every key that is not one of the template/environment inputs
        (adopt_stack_data parsed)."""
        args = {k: v for k, v in self.data.items() if k not in PARAMS}
        if rpc_api.PARAM_ADOPT_STACK_DATA in args:
            args[rpc_api.PARAM_ADOPT_STACK_DATA] = self.adopt_data()
        return args
