"""Template handling: validate, resource types, template versions, preview.

Heat serves these from its stacks controller (the policy names are
``stacks:validate_template`` and so on); heatlite keeps them in their own
controller because they read templates and the type registry, never a
stored stack. Actions not defined here answer 501 via Controller.default.
"""

from __future__ import annotations

from heatlite.api.openstack.v1 import util


class TemplateController(util.Controller):
    """/v1/{tenant_id}/validate, /resource_types, /template_versions, /stacks/preview"""

    REQUEST_SCOPE = "stacks"
