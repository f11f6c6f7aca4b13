"""The resource types of Heat that need another OpenStack service.

Heat ships plugins for Nova, Neutron, Cinder, Manila... and hides a type
whose service has no endpoint in the catalog: it is left out of GET
/resource_types, its schema answers ResourceTypeUnavailable, and a
template using it fails validation with ResourceTypeUnavailable ("Service
manila is not available for resource type OS::Manila::Share, reason: manila
sharev2 endpoint is not in service catalog."). heatlite talks to no other
service, so these types are always in that state. They are known (a
placeholder plugin per type, looked up after every real plugin, so a
plugin that implements one of them wins) and refused as Heat refuses them,
rather than "could not be found".

``SERVICES`` is Heat's client name of each service, its catalog service
type, and the types that need it (Heat's ``default_client_name``; the heat
client's own types are heatlite's).
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from heatlite.common import exception
from heatlite.engine import resource

SERVICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "aodh": ("alarming", (
        "OS::Aodh::Alarm", "OS::Aodh::CombinationAlarm", "OS::Aodh::CompositeAlarm",
        "OS::Aodh::EventAlarm", "OS::Aodh::GnocchiAggregationByMetricsAlarm",
        "OS::Aodh::GnocchiAggregationByResourcesAlarm", "OS::Aodh::GnocchiResourcesAlarm",
        "OS::Aodh::LBMemberHealthAlarm", "OS::Aodh::PrometheusAlarm")),
    "barbican": ("key-manager", (
        "OS::Barbican::CertificateContainer", "OS::Barbican::GenericContainer",
        "OS::Barbican::Order", "OS::Barbican::RSAContainer", "OS::Barbican::Secret")),
    "blazar": ("reservation", (
        "OS::Blazar::Host", "OS::Blazar::Lease")),
    "cinder": ("volumev3", (
        "AWS::EC2::Volume", "AWS::EC2::VolumeAttachment",
        "OS::Cinder::EncryptedVolumeType", "OS::Cinder::QoSAssociation",
        "OS::Cinder::QoSSpecs", "OS::Cinder::Quota", "OS::Cinder::Volume",
        "OS::Cinder::VolumeAttachment", "OS::Cinder::VolumeType")),
    "designate": ("dns", (
        "OS::Designate::RecordSet", "OS::Designate::Zone")),
    "glance": ("image", (
        "OS::Glance::WebImage")),
    "ironic": ("baremetal", (
        "OS::Ironic::Port")),
    "keystone": ("identity", (
        "OS::Keystone::Domain", "OS::Keystone::Endpoint", "OS::Keystone::Group",
        "OS::Keystone::GroupRoleAssignment", "OS::Keystone::Project",
        "OS::Keystone::Region", "OS::Keystone::Role", "OS::Keystone::Service",
        "OS::Keystone::User", "OS::Keystone::UserRoleAssignment")),
    "magnum": ("container-infra", (
        "OS::Magnum::BayModel", "OS::Magnum::Cluster", "OS::Magnum::ClusterTemplate")),
    "manila": ("sharev2", (
        "OS::Manila::SecurityService", "OS::Manila::Share", "OS::Manila::ShareNetwork",
        "OS::Manila::ShareType")),
    "mistral": ("workflowv2", (
        "OS::Mistral::CronTrigger", "OS::Mistral::ExternalResource",
        "OS::Mistral::Workflow")),
    "neutron": ("network", (
        "AWS::EC2::NetworkInterface", "AWS::EC2::RouteTable", "AWS::EC2::Subnet",
        "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPC",
        "AWS::EC2::VPCGatewayAttachment", "OS::Neutron::AddressScope",
        "OS::Neutron::ExtraRoute", "OS::Neutron::ExtraRouteSet", "OS::Neutron::Firewall",
        "OS::Neutron::FirewallPolicy", "OS::Neutron::FirewallRule",
        "OS::Neutron::FloatingIP", "OS::Neutron::FloatingIPAssociation",
        "OS::Neutron::FlowClassifier", "OS::Neutron::IKEPolicy",
        "OS::Neutron::IPsecPolicy", "OS::Neutron::IPsecSiteConnection",
        "OS::Neutron::L2Gateway", "OS::Neutron::L2GatewayConnection",
        "OS::Neutron::MeteringLabel", "OS::Neutron::MeteringRule", "OS::Neutron::Net",
        "OS::Neutron::NetworkGateway", "OS::Neutron::Port", "OS::Neutron::PortChain",
        "OS::Neutron::PortPair", "OS::Neutron::PortPairGroup", "OS::Neutron::ProviderNet",
        "OS::Neutron::QoSBandwidthLimitRule", "OS::Neutron::QoSDscpMarkingRule",
        "OS::Neutron::QoSMinimumBandwidthRule", "OS::Neutron::QoSMinimumPacketRateRule",
        "OS::Neutron::QoSPolicy", "OS::Neutron::Quota", "OS::Neutron::RBACPolicy",
        "OS::Neutron::Router", "OS::Neutron::RouterGateway",
        "OS::Neutron::RouterInterface", "OS::Neutron::SecurityGroup",
        "OS::Neutron::SecurityGroupRule", "OS::Neutron::Segment", "OS::Neutron::Subnet",
        "OS::Neutron::SubnetPool", "OS::Neutron::TaaS::TapFlow",
        "OS::Neutron::TaaS::TapService", "OS::Neutron::Trunk", "OS::Neutron::VPNService")),
    "nova": ("compute", (
        "AWS::EC2::EIP", "AWS::EC2::EIPAssociation", "AWS::EC2::Instance",
        "OS::Nova::Flavor", "OS::Nova::FloatingIPAssociation", "OS::Nova::HostAggregate",
        "OS::Nova::KeyPair", "OS::Nova::Quota", "OS::Nova::Server",
        "OS::Nova::ServerGroup")),
    "octavia": ("load-balancer", (
        "OS::Octavia::AvailabilityZone", "OS::Octavia::AvailabilityZoneProfile",
        "OS::Octavia::Flavor", "OS::Octavia::FlavorProfile", "OS::Octavia::HealthMonitor",
        "OS::Octavia::L7Policy", "OS::Octavia::L7Rule", "OS::Octavia::Listener",
        "OS::Octavia::LoadBalancer", "OS::Octavia::Pool", "OS::Octavia::PoolMember",
        "OS::Octavia::Quota")),
    "openstack": ("network", (
        "OS::Neutron::FloatingIPPortForward")),
    "swift": ("object-store", (
        "AWS::S3::Bucket", "OS::Heat::SwiftSignal", "OS::Heat::SwiftSignalHandle",
        "OS::Swift::Container")),
    "trove": ("database", (
        "OS::Trove::Cluster", "OS::Trove::Instance")),
    "zaqar": ("messaging", (
        "OS::Zaqar::MistralTrigger", "OS::Zaqar::Queue", "OS::Zaqar::SignedQueueURL",
        "OS::Zaqar::Subscription")),
    "zun": ("container", (
        "OS::Zun::Container")),
}

_SERVICE_OF = {type_name: client for client, (_, names) in SERVICES.items()
               for type_name in names}
# Heat's reason when a client's service type has no catalog endpoint, and
# the shorter one its resource_schema gives.
NO_ENDPOINT = "%s %s endpoint is not in service catalog."
NOT_IN_CATALOG = "Service endpoint not in service catalog."


class ServiceResource(resource.Resource):
    """A Heat type whose service heatlite does not have (never created)."""

    ANY_PROPERTIES = True
    ANY_ATTRIBUTES = True
    SERVICE: ClassVar[str] = ""
    TYPE_NAME: ClassVar[str] = ""

    @classmethod
    def unavailable(cls, type_name: str, reason: str | None = None) -> exception.HeatException:
        if reason is None:
            reason = NO_ENDPOINT % (cls.SERVICE, SERVICES[cls.SERVICE][0])
        return exception.ResourceTypeUnavailable(service_name=cls.SERVICE,
                                                 resource_type=type_name, reason=reason)

    @classmethod
    def check_available(cls, type_name: str) -> None:
        raise cls.unavailable(type_name)

    def handle_create(self) -> Any:
        # Validation refuses the type first; this only guards the create itself.
        raise self.unavailable(self.TYPE_NAME)


@functools.cache
def placeholder(type_name: str) -> type[resource.Resource] | None:
    """The placeholder plugin of a Heat type that needs a service, else None."""
    client = _SERVICE_OF.get(type_name)
    if client is None:
        return None
    name = "Unavailable_" + type_name.replace("::", "_")
    return type(name, (ServiceResource,), {"SERVICE": client, "TYPE_NAME": type_name})
