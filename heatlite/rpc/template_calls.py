"""Engine calls about templates and resource types (nothing is stored).

Server side: heatlite.engine.rpc.template_service.TemplateService. Every call
was added in version 1.1.
"""

from __future__ import annotations

from typing import Any

from heatlite.common.context import RequestContext
from heatlite.rpc.base import RPCClientBase

VERSION = "1.1"


class TemplateCalls(RPCClientBase):
    """validate, template versions and functions, resource types, preview."""

    def validate_template(self, ctxt: RequestContext, template: Any,
                          params: dict[str, Any] | None = None,
                          files: dict[str, str] | None = None,
                          environment_files: list[str] | None = None,
                          files_container: str | None = None, show_nested: bool = False,
                          ignorable_errors: list[str] | None = None) -> dict[str, Any]:
        """The validate document, or ``{"Error": message}`` for a bad template."""
        return self._call(ctxt, "validate_template", version=VERSION, template=template,
                          params=params, files=files, environment_files=environment_files,
                          files_container=files_container, show_nested=show_nested,
                          ignorable_errors=ignorable_errors)

    def list_template_versions(self, ctxt: RequestContext) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_template_versions", version=VERSION)

    def list_template_functions(self, ctxt: RequestContext, template_version: str,
                                with_condition: bool = False) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_template_functions", version=VERSION,
                          template_version=template_version, with_condition=with_condition)

    def list_resource_types(self, ctxt: RequestContext, support_status: str | None = None,
                            type_name: str | None = None, heat_version: str | None = None,
                            with_description: bool = False) -> list[Any]:
        return self._call(ctxt, "list_resource_types", version=VERSION,
                          support_status=support_status, type_name=type_name,
                          heat_version=heat_version, with_description=with_description)

    def resource_schema(self, ctxt: RequestContext, type_name: str,
                        with_description: bool = False) -> dict[str, Any]:
        return self._call(ctxt, "resource_schema", version=VERSION, type_name=type_name,
                          with_description=with_description)

    def generate_template(self, ctxt: RequestContext, type_name: str,
                          template_type: str = "cfn") -> dict[str, Any]:
        return self._call(ctxt, "generate_template", version=VERSION, type_name=type_name,
                          template_type=template_type)

    def preview_stack(self, ctxt: RequestContext, stack_name: str, template: Any,
                      params: dict[str, Any], files: dict[str, str], args: dict[str, Any],
                      environment_files: list[str] | None = None,
                      files_container: str | None = None) -> dict[str, Any]:
        """The stack document, with its resources, as it would be created."""
        return self._call(ctxt, "preview_stack", version=VERSION, stack_name=stack_name,
                          template=template, params=params, files=files, args=args,
                          environment_files=environment_files,
                          files_container=files_container)
