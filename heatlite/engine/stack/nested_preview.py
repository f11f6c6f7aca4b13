"""The nested stack a resource of a definition would have, parsed only.

Heat's previews (POST /stacks/preview, and an update preview with
``show_nested``) look into the nested stack each stack resource would build
from its properties. Nothing is stored. A resource whose nested stack
cannot be built from the definition alone (properties waiting on another
resource's attributes, a group that needs its current members) gives None
and is shown as itself, as Heat shows a stack resource it cannot preview.
"""

from __future__ import annotations

from heatlite.engine.stack import nested_validation
from heatlite.engine.stack.definition import StackDefinition


def child_of(defn: StackDefinition, name: str, child_name: str | None = None,
             child_id: str | None = None) -> StackDefinition | None:
    """The nested definition of resource ``name``, or None (see the module).

    ``child_name`` and ``child_id`` default to Heat's preview naming: the
    parent's name and the resource's, the parent's id.
    """
    rd = defn.resources[name]
    plugin = nested_validation.stack_plugin(defn, rd)
    if plugin is None:
        return None
    try:
        spec = plugin.child_spec()
    except Exception:  # needs the running stack (a group's current members)
        return None
    return nested_validation.child_definition(
        defn, rd, spec, child_name or nested_validation.child_name(defn, name),
        child_id or defn.stack_id)
