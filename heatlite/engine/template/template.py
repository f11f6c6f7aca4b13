"""A template: its format and version, its sections, and parsing snippets.

Which version a template is comes from its version key; what that version
allows (sections, keys, functions) is a TemplateVersion from hot/versions.py
or cfn/versions.py. ``section(name)`` reads a section by its logical (HOT)
name whatever the format, with CFN resource and output keys renamed to
HOT's, so the rest of the engine reads one shape. Parsing turns
``{fn_name: args}`` maps into Function objects bound to a Scope
(heatlite.engine.function). Meaning is given elsewhere: parameters in
parameters.py, conditions in conditions.py, resources and outputs in
definition.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import document_bounds
from heatlite.common import exception
from heatlite.common import template_format
from heatlite.engine import function
from heatlite.engine.function import Scope
from heatlite.engine.template.cfn import versions as cfn_versions
from heatlite.engine.template.hot.versions import ALIASES, HOT_KEY, VERSIONS, TemplateVersion

CFN_VERSIONS = {key: tuple(table) for key, table in cfn_versions.VERSIONS.items()}
VERSION_KEYS = (HOT_KEY,) + tuple(CFN_VERSIONS)

SECTIONS = (VERSION, DESCRIPTION, PARAMETER_GROUPS, PARAMETERS, RESOURCES,
            OUTPUTS, CONDITIONS, MAPPINGS) = (
    "heat_template_version", "description", "parameter_groups", "parameters",
    "resources", "outputs", "conditions", "mappings")
RES_TYPE, RES_PROPERTIES, RES_METADATA, RES_DEPENDS_ON = (
    "type", "properties", "metadata", "depends_on")
RES_DELETION_POLICY, RES_UPDATE_POLICY, RES_DESCRIPTION = (
    "deletion_policy", "update_policy", "description")
RES_EXTERNAL_ID, RES_CONDITION = "external_id", "condition"
OUTPUT_VALUE, OUTPUT_DESCRIPTION, OUTPUT_CONDITION = "value", "description", "condition"


def version_table() -> list[TemplateVersion]:
    """Every distinct template version, CFN first then HOT by date."""
    cfn = [v for table in cfn_versions.VERSIONS.values() for v in table.values()]
    hot = sorted({v.date: v for v in VERSIONS.values()}.values(), key=lambda v: v.date)
    return sorted(cfn, key=lambda v: v.name) + hot


def aliases(version: TemplateVersion) -> list[str]:
    """The release-name aliases of a version (``heat_template_version.newton``)."""
    if version.kind != "hot":
        return []
    return ["%s.%s" % (HOT_KEY, a) for a, d in ALIASES.items() if d == version.date]


def find_version(name: str) -> TemplateVersion | None:
    """The version named ``<key>.<version>`` (an alias included), or None."""
    key, _sep, version = name.partition(".")
    if key == HOT_KEY:
        return VERSIONS.get(version)
    return cfn_versions.VERSIONS.get(key, {}).get(version)


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


def _lookup(key: str, version: str) -> TemplateVersion:
    table = VERSIONS if key == HOT_KEY else cfn_versions.VERSIONS[key]
    found = table.get(version)
    if found is not None:
        return found
    known = sorted(table)
    should = "should be one of" if len(known) > 1 else "should be"
    raise exception.InvalidTemplateVersion(
        explanation='"%s: %s". "%s" %s: %s' % (key, version, key, should,
                                              ", ".join(known)))


def _rename(data: Any, names: Mapping[str, str]) -> Any:
    """A CFN entry with its keys spelled the HOT way (unknown keys kept)."""
    if not isinstance(data, Mapping):
        return data
    back = {raw: logical for logical, raw in names.items()}
    return {back.get(k, k): v for k, v in data.items()}


class Template:
    """A template of a known version, checked section by section."""

    def __init__(self, raw: Mapping[str, Any], files: Mapping[str, str] | None = None) -> None:
        if not isinstance(raw, Mapping):
            raise exception.StackValidationFailed(
                message="The template is not a JSON object or YAML mapping.")
        # hostile depth is a 400 here, not a RecursionError in _parse
        document_bounds.check_depth(raw, template_format.limits("Template"))
        key, version = get_version(raw)
        self.version = _lookup(key, version)
        self.raw = raw
        self.files = dict(files or {})
        self.version_key = key
        self.version_name = version

    @property
    def hot(self) -> TemplateVersion:
        """The version table (the name predates CFN support)."""
        return self.version

    @property
    def is_cfn(self) -> bool:
        return self.version.kind == "cfn"

    # -- sections --------------------------------------------------------

    def raw_section(self, name: str) -> Any:
        """A section by logical name, as written; absent: None."""
        raw_name = self.version.section_names.get(name)
        return self.raw.get(raw_name) if raw_name else None

    def section(self, name: str) -> Any:
        """A section by logical name; empty reads as an empty map.

        Resource and output entries of a CFN template come back with HOT's
        key names (``Type`` -> ``type``...).
        """
        data = self.raw_section(name) or {}
        if not self.is_cfn or not isinstance(data, Mapping):
            return data
        if name == RESOURCES:
            return {k: _rename(v, self.version.resource_key_names) for k, v in data.items()}
        if name == OUTPUTS:
            return {k: _rename(v, self.version.output_key_names) for k, v in data.items()}
        return data

    @property
    def description(self) -> str:
        value = self.raw_section(DESCRIPTION)
        return value if value else "No description"

    def validate(self) -> None:
        """Top-level sections, then the shape of resources and outputs."""
        for name in self.raw:
            if name not in self.version.sections:
                raise exception.InvalidTemplateSection(section=name)
        self._check_entries(RESOURCES, RES_TYPE, self.version.resource_key_names)
        self._check_entries(OUTPUTS, OUTPUT_VALUE, self.version.output_key_names)
        conditions = self.raw_section(CONDITIONS)
        if conditions is not None and not isinstance(conditions, Mapping):
            raise exception.StackValidationFailed(
                error="Conditions validation error",
                message="Condition definitions must be a map. Found a %s instead"
                % type(conditions).__name__)
        mappings = self.raw_section(MAPPINGS)
        if mappings is not None and not isinstance(mappings, Mapping):
            raise exception.StackValidationFailed(
                message='"Mappings" must contain a map. Found a [%s] instead'
                % type(mappings))

    def _check_entries(self, section: str, required: str, keys: Mapping[str, str]) -> None:
        raw_name = self.version.section_names[section]
        data = self.raw.get(raw_name) or {}
        obj = raw_name[:-1]
        key = keys[required]
        missing = "Each %s must contain a %s key." % (obj, key)
        if not isinstance(data, Mapping):
            raise exception.StackValidationFailed(
                message='"%s" must contain a map of %s maps. Found a [%s] instead'
                % (raw_name, obj, type(data)))
        for _name, attrs in sorted(data.items(), key=lambda kv: str(kv[0])):
            if not attrs:
                raise exception.StackValidationFailed(message=missing)
            if not isinstance(attrs, Mapping):
                raise exception.StackValidationFailed(
                    message='"%s" must contain a map of %s maps. Found a [%s] instead'
                    % (raw_name, obj, type(attrs)))
            for attr in attrs:
                if attr not in keys.values():
                    raise exception.StackValidationFailed(
                        message='"%s" is not a valid keyword inside a %s definition'
                        % (attr, obj))
            if key not in attrs:
                raise exception.StackValidationFailed(message=missing)

    # -- parsing -----------------------------------------------------------

    def parse(self, scope: Scope, snippet: Any, path: str = "") -> Any:
        """``snippet`` with every function call replaced by a Function."""
        return _parse(self.version.functions, scope, snippet, path)

    def parse_condition(self, scope: Scope, snippet: Any, path: str = "") -> Any:
        """Parse with the condition functions (a condition definition)."""
        return _parse(self.version.condition_functions, scope, snippet, path)


def _parse(table: Mapping[str, Any], scope: Scope, snippet: Any, path: str) -> Any:
    if isinstance(snippet, Mapping):
        if len(snippet) == 1:
            (name, args), = snippet.items()
            fn_class = table.get(name) if isinstance(name, str) else None
            if fn_class is not None:
                fn_path = ".".join([path, name]) if path else name
                try:
                    if isinstance(fn_class, type) and issubclass(fn_class, function.Macro):
                        return fn_class(scope, name, args, fn_path)
                    return fn_class(scope, name, _parse(table, scope, args, fn_path))
                except (ValueError, TypeError, KeyError) as exc:
                    raise exception.StackValidationFailed(path=fn_path,
                                                          message=str(exc)) from None
        out = {}
        for key, value in snippet.items():
            parsed = _parse(table, scope, value, "%s.%s" % (path, key) if path else str(key))
            if not function.is_omitted(parsed):
                out[key] = parsed
        return out
    if isinstance(snippet, list):
        items = (_parse(table, scope, v, "%s[%d]" % (path, i)) for i, v in enumerate(snippet))
        return [item for item in items if not function.is_omitted(item)]
    return snippet
