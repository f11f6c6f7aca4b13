"""The two CloudFormation-format versions Heat knows.

``AWSTemplateFormatVersion: 2010-09-09`` has Conditions (Heat's
CfnTemplate); ``HeatTemplateFormatVersion: 2012-12-12`` does not (Heat's
HeatTemplate). Sections and keys are CFN's spelling of HOT's logical names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from heatlite.engine.template.cfn import functions as cfn
from heatlite.engine.template.hot.versions import FunctionTable, TemplateVersion

AWS_KEY, HEAT_KEY = "AWSTemplateFormatVersion", "HeatTemplateFormatVersion"

_SECTIONS = {"description": "Description", "mappings": "Mappings",
             "parameters": "Parameters", "resources": "Resources", "outputs": "Outputs"}
_RES_KEYS = {"type": "Type", "properties": "Properties", "metadata": "Metadata",
             "depends_on": "DependsOn", "deletion_policy": "DeletionPolicy",
             "update_policy": "UpdatePolicy", "description": "Description"}
_OUT_KEYS = {"description": "Description", "value": "Value"}

_FUNCTIONS: FunctionTable = MappingProxyType({
    "Fn::FindInMap": cfn.FindInMap, "Fn::GetAZs": cfn.GetAZs, "Ref": cfn.Ref,
    "Fn::GetAtt": cfn.GetAtt, "Fn::Select": cfn.Select, "Fn::Join": cfn.Join,
    "Fn::Split": cfn.Split, "Fn::Replace": cfn.Replace, "Fn::Base64": cfn.Base64,
    "Fn::MemberListToMap": cfn.MemberListToMap, "Fn::ResourceFacade": cfn.ResourceFacade,
})
_AWS_FUNCTIONS: FunctionTable = MappingProxyType({**_FUNCTIONS, "Fn::If": cfn.If})
_AWS_CONDITIONS: FunctionTable = MappingProxyType({
    "Fn::Equals": cfn.Equals, "Ref": cfn.ParamRef, "Fn::FindInMap": cfn.FindInMap,
    "Fn::Not": cfn.Not, "Fn::And": cfn.And, "Fn::Or": cfn.Or})
_POLICIES = MappingProxyType({"Delete": "Delete", "Retain": "Retain", "Snapshot": "Snapshot"})


AWS_2010_09_09 = TemplateVersion(
    kind="cfn", key=AWS_KEY, date="2010-09-09",
    section_names=MappingProxyType({**_SECTIONS, "conditions": "Conditions"}),
    resource_key_names=MappingProxyType({**_RES_KEYS, "condition": "Condition"}),
    output_key_names=MappingProxyType({**_OUT_KEYS, "condition": "Condition"}),
    functions=_AWS_FUNCTIONS, condition_functions=_AWS_CONDITIONS,
    deletion_policies=_POLICIES)

HEAT_2012_12_12 = TemplateVersion(
    kind="cfn", key=HEAT_KEY, date="2012-12-12",
    section_names=MappingProxyType(dict(_SECTIONS)),
    resource_key_names=MappingProxyType(dict(_RES_KEYS)),
    output_key_names=MappingProxyType(dict(_OUT_KEYS)),
    functions=_FUNCTIONS, condition_functions=MappingProxyType({}),
    deletion_policies=_POLICIES)

# version key -> {version: TemplateVersion}
VERSIONS: Mapping[str, Mapping[str, TemplateVersion]] = MappingProxyType({
    AWS_KEY: MappingProxyType({"2010-09-09": AWS_2010_09_09}),
    HEAT_KEY: MappingProxyType({"2012-12-12": HEAT_2012_12_12}),
})
