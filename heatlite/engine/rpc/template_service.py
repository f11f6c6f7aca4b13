"""TemplateService: the RPC endpoint for templates and resource types.

validate_template, list_template_versions, list_template_functions,
list_resource_types, resource_schema, generate_template and preview_stack:
calls that read a template or the type registry and store nothing. Each
hands over to the module that does the job (new_stack for checking,
template_docs / type_docs / preview for the answers).
"""

from __future__ import annotations

import logging
from typing import Any

import oslo_messaging

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.stack import template_docs
from heatlite.engine.stack import type_docs
from heatlite.engine.template import template as tmpl
from heatlite.engine.walk import new_stack
from heatlite.engine.walk import preview

LOG = logging.getLogger(__name__)

# Heat's error codes a validation may be asked to ignore (ResourceTypeUnavailable).
IGNORABLE_ERROR_CODES = ("99001",)
_VALIDATE_STACK_NAME = "dummy"


class TemplateService:
    """Server side of heatlite.rpc.template_calls.TemplateCalls (1.1)."""

    target = oslo_messaging.Target(version="1.5")

    RPC_METHODS = ("validate_template", "list_template_versions", "list_template_functions",
                   "list_resource_types", "resource_schema", "generate_template",
                   "preview_stack")

    def __init__(self, service: EngineService) -> None:
        self.service = service

    def validate_template(self, ctxt: RequestContext, template: Any,
                          params: dict[str, Any] | None = None,
                          files: dict[str, str] | None = None,
                          environment_files: list[str] | None = None,
                          files_container: str | None = None, show_nested: bool = False,
                          ignorable_errors: list[str] | None = None) -> dict[str, Any]:
        """Heat's answer: the document, or ``{"Error": message}`` for a bad template.

        A bad version or environment is raised instead, as Heat raises it
        before it starts validating.
        """
        LOG.info("validate_template")
        if template is None:
            raise exception.BadRequest(message="No Template provided.")
        if ignorable_errors:
            invalid = sorted(set(ignorable_errors) - set(IGNORABLE_ERROR_CODES))
            if invalid:
                raise exception.BadRequest(message="Invalid codes in ignore_errors : %s"
                                           % invalid)
        if files_container:
            raise exception.NotImplementedYet(feature="files_container")
        conf = self.service.conf
        new_stack.check_size(conf, template)
        parsed = tmpl.Template(template, files)
        env = new_stack.merged_environment(parsed, params, files, environment_files)
        try:
            defn = new_stack.build_definition(conf, ctxt, self.service.registry,
                                              _VALIDATE_STACK_NAME, parsed, env, "None",
                                              strict=False,
                                              ignorable_errors=ignorable_errors or ())
        except (exception.NotImplementedYet, exception.ResourceTypeUnavailable):
            raise  # Heat answers these as errors of their own, not {"Error": ...}
        except exception.HeatException as exc:
            if exc.http_status != 400:
                raise
            return {"Error": str(exc)}
        return template_docs.validate_result(defn, show_nested)

    def list_template_versions(self, ctxt: RequestContext) -> list[dict[str, Any]]:
        return template_docs.template_versions()

    def list_template_functions(self, ctxt: RequestContext, template_version: str,
                                with_condition: bool = False) -> list[dict[str, Any]]:
        return template_docs.template_functions(template_version, with_condition)

    def list_resource_types(self, ctxt: RequestContext, support_status: str | None = None,
                            type_name: str | None = None, heat_version: str | None = None,
                            with_description: bool = False) -> list[Any]:
        return type_docs.list_types(self.service.registry, support_status, type_name,
                                    heat_version, with_description)

    def resource_schema(self, ctxt: RequestContext, type_name: str,
                        with_description: bool = False) -> dict[str, Any]:
        return type_docs.schema(self.service.registry, type_name, with_description)

    def generate_template(self, ctxt: RequestContext, type_name: str,
                          template_type: str = "cfn") -> dict[str, Any]:
        return type_docs.generate_template(self.service.registry, type_name, template_type)

    def preview_stack(self, ctxt: RequestContext, stack_name: str, template: Any,
                      params: dict[str, Any] | None, files: dict[str, str] | None,
                      args: dict[str, Any] | None,
                      environment_files: list[str] | None = None,
                      files_container: str | None = None) -> dict[str, Any]:
        """The stack as it would be created; nothing is stored."""
        LOG.info("Previewing stack %s", stack_name)
        if files_container:
            raise exception.NotImplementedYet(feature="files_container")
        stack_args = new_stack.extract_args(args)
        conf = self.service.conf
        new_stack.check_size(conf, template)
        parsed = tmpl.Template(template, files)
        env = new_stack.merged_environment(parsed, params, files, environment_files)
        defn = new_stack.build_definition(conf, ctxt, self.service.registry, stack_name,
                                          parsed, env, preview.PREVIEW_ID)
        return preview.preview_document(ctxt, defn, stack_args)
