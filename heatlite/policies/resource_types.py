"""Resource types only an admin may use in a template (checked by the engine)."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "resource_types:%s"

ADMIN_ONLY_TYPES = (
    "OS::Nova::Flavor", "OS::Cinder::EncryptedVolumeType", "OS::Cinder::VolumeType",
    "OS::Cinder::Quota", "OS::Neutron::Quota", "OS::Nova::Quota", "OS::Octavia::Quota",
    "OS::Manila::ShareType", "OS::Neutron::ProviderNet", "OS::Neutron::QoSPolicy",
    "OS::Neutron::QoSBandwidthLimitRule", "OS::Neutron::QoSDscpMarkingRule",
    "OS::Neutron::QoSMinimumBandwidthRule", "OS::Neutron::QoSMinimumPacketRateRule",
    "OS::Neutron::Segment", "OS::Nova::HostAggregate", "OS::Cinder::QoSSpecs",
    "OS::Cinder::QoSAssociation", "OS::Keystone::*", "OS::Blazar::Host",
    "OS::Octavia::Flavor", "OS::Octavia::FlavorProfile", "OS::Octavia::AvailabilityZone",
    "OS::Octavia::AvailabilityZoneProfile",
)


def list_rules() -> list[policy.RuleDefault]:
    return [policy.RuleDefault(name=POLICY_ROOT % type_name,
                               check_str=base.RULE_PROJECT_ADMIN,
                               scope_types=base.PROJECT_SCOPE)
            for type_name in ADMIN_ONLY_TYPES]
