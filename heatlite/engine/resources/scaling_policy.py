"""OS::Heat::ScalingPolicy: resize an AutoScalingGroup when signalled.

A signal (POST .../resources/<policy>/signal, or the signed ``alarm_url``)
computes the group's new size from ``adjustment_type`` and
``scaling_adjustment`` (autoscaling.new_capacity) and resizes the group's
nested stack in-process. The cooldown is the group's (cooldown.py): this
policy's ``cooldown``, when set, replaces the group's for its signals. ``alarm_url`` is a signed
signal URL that needs no token; ``signal_url`` the authenticated native one.
"""

from __future__ import annotations

from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import autoscaling

class ScalingPolicy(resource.Resource):
    """OS::Heat::ScalingPolicy (see the module docstring)."""
    # Nothing outside the engine: running an interrupted action again is safe.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)

    PROPERTIES = {
        "auto_scaling_group_id": properties.Schema(
            properties.STRING, "AutoScaling group ID to apply policy to.", required=True),
        "adjustment_type": properties.Schema(
            properties.STRING, "Type of adjustment (absolute or percentage).",
            required=True, update_allowed=True,
            constraints=[constraints.AllowedValues(list(autoscaling.ADJUSTMENT_TYPES))]),
        "scaling_adjustment": properties.Schema(
            properties.NUMBER, "Size of adjustment.", required=True, update_allowed=True),
        "cooldown": properties.Schema(
            properties.INTEGER, "Cooldown period, in seconds.", update_allowed=True),
        "min_adjustment_step": properties.Schema(
            properties.INTEGER, "Minimum number of resources that are added or removed "
            "when the AutoScaling group scales up or down. This can be used only when "
            "specifying percent_change_in_capacity for the adjustment_type property.",
            update_allowed=True, constraints=[constraints.Range(min=0)]),
    }
    ATTRIBUTES = {
        "alarm_url": attributes.Schema(
            "A signed url to handle the alarm.", type=attributes.STRING),
        "signal_url": attributes.Schema(
            "A url to handle the alarm using native API.", type=attributes.STRING),
    }

    def validate(self) -> None:
        if (self.properties.get("min_adjustment_step") is not None and
                self.properties["adjustment_type"] != autoscaling.PERCENT_CHANGE_IN_CAPACITY):
            raise exception.StackValidationFailed(
                message="min_adjustment_step property should only be specified for "
                        "adjustment_type with value percent_change_in_capacity.")

    def handle_create(self) -> Any:
        self.resource_id_set(self.physical_resource_name())
        return None

    def get_attribute(self, name: str) -> Any:
        if self.ctx.nested is None:
            return None
        alarm, native = self.ctx.nested.signal_urls(self.ctx)
        return {"alarm_url": alarm, "signal_url": native}.get(name)

    def handle_signal(self, details: Any) -> Any:
        """Scale the group (NoActionRequired when it does not scale)."""
        runner = self.ctx.nested
        if runner is None:
            raise exception.NotImplementedYet(feature="Scaling outside an engine")
        runner.scale_group(self.ctx, self.properties["auto_scaling_group_id"],
                           self.properties["adjustment_type"],
                           self.properties["scaling_adjustment"],
                           self.properties.get("min_adjustment_step"),
                           self.properties.get("cooldown"))
        return None


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::ScalingPolicy": ScalingPolicy}
