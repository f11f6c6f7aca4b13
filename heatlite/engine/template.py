"""A template: its format and version, its sections, and parsing snippets.

Which version a template is comes from its version key; what that version
allows (sections, keys, functions) is a table in heatlite.engine.hot.versions.
Parsing turns ``{fn_name: args}`` maps into Function objects bound to a Scope
(heatlite.engine.function). Meaning is given elsewhere: parameters in
parameters.py, resources and outputs in definition.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine.function import Scope
from heatlite.engine.hot.versions import VERSIONS, HotVersion

HOT_KEY = "heat_template_version"
CFN_VERSIONS = {"AWSTemplateFormatVersion": ("2010-09-09",),
                "HeatTemplateFormatVersion": ("2012-12-12",)}
VERSION_KEYS = (HOT_KEY,) + tuple(CFN_VERSIONS)

SECTIONS = (VERSION, DESCRIPTION, PARAMETER_GROUPS, PARAMETERS, RESOURCES,
            OUTPUTS, CONDITIONS) = (
    "heat_template_version", "description", "parameter_groups", "parameters",
    "resources", "outputs", "conditions")
RES_TYPE, RES_PROPERTIES, RES_METADATA, RES_DEPENDS_ON = (
    "type", "properties", "metadata", "depends_on")
RES_DELETION_POLICY, RES_UPDATE_POLICY, RES_DESCRIPTION = (
    "deletion_policy", "update_policy", "description")
RES_EXTERNAL_ID, RES_CONDITION = "external_id", "condition"
OUTPUT_VALUE, OUTPUT_DESCRIPTION, OUTPUT_CONDITION = "value", "description", "condition"


def available_versions() -> list[str]:
    """``<key>.<version>`` for every template version heatlite recognises."""
    names = ["%s.%s" % (HOT_KEY, v) for v in VERSIONS]
    names += ["%s.%s" % (k, v) for k, vs in CFN_VERSIONS.items() for v in vs]
    return sorted(names)


def get_version(raw: Mapping[str, Any]) -> tuple[str, str]:
    """The (version key, version) pair of a template, with Heat's errors."""
    present = sorted(k for k in VERSION_KEYS if isinstance(raw.get(k), str))
    if len(present) > 1:
        raise exception.InvalidTemplateVersion(
            explanation="Ambiguous versions (%s)" % ", ".join(present))
    if not present:
        raise exception.InvalidTemplateVersion(
            explanation="Template version was not provided")
    key = present[0]
    return key, raw[key]


def _check_known(key: str, version: str) -> None:
    known = sorted(VERSIONS) if key == HOT_KEY else sorted(CFN_VERSIONS[key])
    if version in known:
        return
    should = "should be one of" if len(known) > 1 else "should be"
    raise exception.InvalidTemplateVersion(
        explanation='"%s: %s". "%s" %s: %s' % (key, version, key, should,
                                              ", ".join(known)))


class Template:
    """A HOT template of a known version, checked section by section."""

    def __init__(self, raw: Mapping[str, Any], files: Mapping[str, str] | None = None) -> None:
        if not isinstance(raw, Mapping):
            raise exception.StackValidationFailed(
                message="The template is not a JSON object or YAML mapping.")
        key, version = get_version(raw)
        _check_known(key, version)
        if key != HOT_KEY:
            raise exception.NotImplementedYet(
                feature="CloudFormation-format templates (%s %s)" % (key, version))
        self.raw = raw
        self.files = dict(files or {})
        self.version_key = key
        self.version_name = version
        self.hot: HotVersion = VERSIONS[version]

    # -- sections --------------------------------------------------------

    def section(self, name: str) -> Any:
        """A section's content; an empty section reads as an empty map."""
        return self.raw.get(name) or {}

    @property
    def description(self) -> str:
        value = self.raw.get(DESCRIPTION)
        return value if value else "No description"

    def validate(self) -> None:
        """Top-level sections, then the shape of resources and outputs."""
        for name in self.raw:
            if name not in self.hot.sections:
                raise exception.InvalidTemplateSection(section=name)
        self._check_entries(RESOURCES, RES_TYPE, self.hot.resource_keys)
        self._check_entries(OUTPUTS, OUTPUT_VALUE, self.hot.output_keys)
        if self.raw.get(CONDITIONS):
            raise exception.NotImplementedYet(feature="The template conditions section")
        if self.raw.get(PARAMETER_GROUPS):
            raise exception.NotImplementedYet(feature="The template parameter_groups section")

    def _check_entries(self, section: str, required: str, allowed: tuple[str, ...]) -> None:
        data = self.section(section)
        obj = section[:-1]
        missing = "Each %s must contain a %s key." % (obj, required)
        if not isinstance(data, Mapping):
            raise exception.StackValidationFailed(
                message='"%s" must contain a map of %s maps. Found a [%s] instead'
                % (section, obj, type(data)))
        for _name, attrs in sorted(data.items()):
            if not attrs:
                raise exception.StackValidationFailed(message=missing)
            if not isinstance(attrs, Mapping):
                raise exception.StackValidationFailed(
                    message='"%s" must contain a map of %s maps. Found a [%s] instead'
                    % (section, obj, type(attrs)))
            for attr in attrs:
                if attr not in allowed:
                    raise exception.StackValidationFailed(
                        message='"%s" is not a valid keyword inside a %s definition'
                        % (attr, obj))
            if required not in attrs:
                raise exception.StackValidationFailed(message=missing)

    # -- parsing -----------------------------------------------------------

    def parse(self, scope: Scope, snippet: Any) -> Any:
        """``snippet`` with every function call replaced by a Function."""
        functions = self.hot.functions
        if isinstance(snippet, Mapping):
            if len(snippet) == 1:
                (name, args), = snippet.items()
                fn_class = functions.get(name) if isinstance(name, str) else None
                if fn_class is not None:
                    return fn_class(scope, name, self.parse(scope, args))
            return {k: self.parse(scope, v) for k, v in snippet.items()}
        if isinstance(snippet, list):
            return [self.parse(scope, v) for v in snippet]
        return snippet
