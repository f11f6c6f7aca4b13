"""A stack definition: a template given meaning with parameters.

Built from a Template, an Environment and the stack's identity, it holds
the Parameters, one ResourceDefinition per resource (type, parsed
properties, requirements...), the outputs and the dependency Graph, and it
validates all of them with Heat's messages. It is data plus checks: it
never runs a plugin's actions and never touches the database.

``StackScope`` is what the parsed functions resolve against: parameters,
conditions, the ``files`` map, CFN mappings, and per resource the reference
id and attribute values stored when it completed (``ResourceState``).
Resources and outputs whose condition is false are left out of the
definition (an output keeps its name with no value), as in Heat.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import function
from heatlite.engine import properties as props_mod
from heatlite.engine import resource as resource_mod
from heatlite.engine.resources import stack_resource, template_resource
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import plugin_lookup
from heatlite.engine.template import conditions as conditions_mod
from heatlite.engine.template import graph as graph_mod
from heatlite.engine.template import parameter_groups
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.parameters import Parameters


@dataclasses.dataclass
class ResourceState:
    """What templates may read of a resource: stored at completion."""

    ref_id: Any = None
    attrs: dict[str, Any] | None = None


class _AnyName(Mapping[str, Any]):
    """An attribute schema that has every name (OS::Heat::None)."""

    def __getitem__(self, key: str) -> Any:
        return None

    def __contains__(self, key: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class StackScope:
    """The Scope of heatlite.engine.function for one stack."""

    def __init__(self, parameters: Parameters, template: tmpl.Template | None = None) -> None:
        self.parameters = parameters
        self.template = template
        self.plugins: dict[str, type[resource_mod.Resource]] = {}
        self.states: dict[str, ResourceState] = {}
        # Resources that no longer exist (deleted): referring to them fails.
        self.gone: set[str] = set()
        # A provider template's view of the resource it implements
        # (resource_facade); None for a stack that is no template resource.
        self.facade: dict[str, Any] | None = None
        self.conditions = conditions_mod.Conditions(
            template.raw_section(tmpl.CONDITIONS) if template else None,
            self.parse_condition,
            template.version.section_names.get(tmpl.CONDITIONS, tmpl.CONDITIONS)
            if template else tmpl.CONDITIONS)

    def parameter(self, name: str) -> Any:
        return self.parameters[name]

    def declares_resource(self, name: str) -> bool:
        if self.has_resource(name):
            return True
        if self.template is None:
            return False
        resources = self.template.section(tmpl.RESOURCES)
        return isinstance(resources, Mapping) and name in resources

    def file(self, key: str) -> str | None:
        if self.template is None:
            return None
        return self.template.files.get(key)

    def mapping(self, name: str) -> Any:
        mappings = self.template.raw_section(tmpl.MAPPINGS) if self.template else None
        if not isinstance(mappings, Mapping):
            raise KeyError(name)
        return mappings[name]

    def condition(self, name: Any) -> bool:
        return self.conditions.is_enabled(name)

    def parse(self, snippet: Any, path: str = "") -> Any:
        if self.template is None:
            return snippet
        return self.template.parse(self, snippet, path)

    def parse_condition(self, snippet: Any, path: str = "") -> Any:
        if self.template is None:
            return snippet
        return self.template.parse_condition(self, snippet, path)

    def has_resource(self, name: str) -> bool:
        return name in self.plugins and name not in self.gone

    def attributes_schema(self, name: str) -> Mapping[str, Any]:
        plugin = self.plugins[name]
        return _AnyName() if plugin.ANY_ATTRIBUTES else plugin.ATTRIBUTES

    def reference_id(self, name: str) -> Any:
        state = self.states.get(name)
        if state is None or state.ref_id is None:
            return name
        return state.ref_id

    def attribute(self, name: str, attr: str, path: Sequence[Any] = ()) -> Any:
        """Resource ``name``'s stored attribute ``attr``, ``path`` followed."""
        state = self.states.get(name)
        if state is None or state.attrs is None:
            return None
        plugin = self.plugins.get(name)
        if plugin is None:
            value = state.attrs.get(attr)
            return None if value is None else attributes.select(value, path)
        return plugin.stored_attribute_at(state.attrs, attr, path)

    def all_attributes(self, name: str) -> dict[str, Any] | None:
        state = self.states.get(name)
        if state is None or state.attrs is None:
            return None
        return {k: v for k, v in state.attrs.items() if not k.startswith("_")}


@dataclasses.dataclass
class ResourceDefinition:
    """One resource of the template, parsed."""

    name: str
    type_name: str
    plugin: type[resource_mod.Resource]
    properties: dict[str, Any]
    metadata: dict[str, Any]
    depends_on: list[str]
    deletion_policy: str
    update_policy: dict[str, Any]
    description: str
    requires: frozenset[str] = frozenset()
    # The parsed ``external_id`` (HOT 2016-10-14+): the resource is not
    # created but adopted by that id, never updated, and retained on delete.
    external_id: Any = None

    def external_ref(self) -> str | None:
        """The external id resolved now, None for a resource the stack owns."""
        if self.external_id is None:
            return None
        value = function.resolve(self.external_id)
        return None if value is None else str(value)

    def property_set(self) -> props_mod.Properties:
        schema = _any_schema(self.properties) if self.plugin.ANY_PROPERTIES \
            else self.plugin.PROPERTIES
        return props_mod.Properties(schema, self.properties,
                                    [tmpl.RESOURCES, self.name, tmpl.RES_PROPERTIES])


def _any_schema(data: Mapping[str, Any]) -> dict[str, props_mod.Schema]:
    return {key: props_mod.Schema(props_mod.ANY) for key in data}


@dataclasses.dataclass
class OutputDefinition:
    name: str
    value: Any
    description: Any

    def description_text(self) -> str:
        return "No description given" if self.description is None else str(self.description)


def _typed(name: str, key: str, value: Any, types: tuple[type, ...], typename: str) -> Any:
    if value is not None and not isinstance(value, types):
        raise exception.StackValidationFailed(
            message="Resource %s %s type must be %s" % (name, key, typename))
    return value


# The resource and event columns a name and a type are stored in.
NAME_MAX = TYPE_MAX = 255


def _check_column_fit(name: str, type_name: str) -> None:
    """Heat leaves these lengths to the database, which answers 500 on
    MariaDB and PostgreSQL; heatlite refuses them on every backend."""
    if len(name) > NAME_MAX:
        raise exception.StackValidationFailed(
            message='Resource name "%s..." is longer than %d characters'
            % (name[:40], NAME_MAX))
    if len(type_name) > TYPE_MAX:
        raise exception.StackValidationFailed(
            message='The type of resource "%s" ("%s...") is longer than %d characters'
            % (name, type_name[:40], TYPE_MAX))


class StackDefinition:
    """Parameters, resources, outputs and graph of one stack."""

    # The timeout of the action this definition is validated for (seconds),
    # set by whoever knows it; plugins see it as stack_timeout_secs.
    timeout_secs: float | None = None
    # Heat error codes validation skips a resource for (POST /validate's
    # ignore_errors), set by whoever validates.
    ignorable_errors: frozenset[str] = frozenset()

    def __init__(self, template: tmpl.Template, env: Environment, registry: Registry,
                 stack_name: str, stack_id: str, project_id: str) -> None:
        self.template = template
        self.env = env
        self.stack_name = stack_name
        self.stack_id = stack_id
        self.project_id = project_id
        self.parameters = Parameters(template.section(tmpl.PARAMETERS), template.hot,
                                     env.params, env.param_defaults,
                                     stack_name, stack_id, project_id)
        self.scope = StackScope(self.parameters, template)
        self.resources: dict[str, ResourceDefinition] = {}
        # Resources of the template whose condition is false.
        self.disabled: set[str] = set()
        self.outputs: dict[str, OutputDefinition] = {}
        self._registry = registry
        self.graph: graph_mod.Graph[str] = graph_mod.Graph({})

    @property
    def registry(self) -> Registry:
        """The type registry the resources were resolved with."""
        return self._registry

    # -- building ----------------------------------------------------------

    def load(self) -> None:
        """Parse resources and outputs and build the graph (Heat's order)."""
        raw_resources = self.template.section(tmpl.RESOURCES)
        for name, snippet in raw_resources.items():
            if not self._enabled(snippet.get(tmpl.RES_CONDITION),
                                 [tmpl.RESOURCES, name, tmpl.RES_CONDITION]):
                self.disabled.add(name)
                continue
            self.resources[name] = self._resource(name, snippet)
        dup = set(self.template.section(tmpl.PARAMETERS)) & set(raw_resources)
        if dup:
            raise exception.StackValidationFailed(message="Duplicate names %s" % dup)
        for name, snippet in self.template.section(tmpl.OUTPUTS).items():
            path = [tmpl.OUTPUTS, name]
            value = None
            if self._enabled(snippet.get(tmpl.OUTPUT_CONDITION), path + [tmpl.OUTPUT_CONDITION]):
                value = self.template.parse(self.scope, snippet.get(tmpl.OUTPUT_VALUE),
                                            ".".join(path + [tmpl.OUTPUT_VALUE]))
            self.outputs[name] = OutputDefinition(name, value,
                                                  snippet.get(tmpl.OUTPUT_DESCRIPTION))
        requires = {name: self._requirements(defn) for name, defn in self.resources.items()}
        for name, reqs in requires.items():
            self.resources[name].requires = frozenset(reqs)
        self.graph = graph_mod.Graph(requires)
        try:
            self.graph.validate()
        except graph_mod.CycleError as exc:
            raise exception.CircularDependencyException(
                cycle=" -> ".join(exc.cycle + exc.cycle[:1])) from None

    def _enabled(self, condition: Any, path: list[str]) -> bool:
        """Whether a resource's or output's ``condition`` holds (Heat's errors)."""
        if condition is None:
            return True
        if not isinstance(condition, str | bool | Mapping):
            raise exception.StackValidationFailed(
                path=path, message="Invalid condition \"%s\"" % (condition,))
        parsed = self.scope.parse_condition(condition, ".".join(path))
        try:
            return self.scope.condition(function.resolve(parsed))
        except (ValueError, TypeError, KeyError) as exc:
            raise exception.StackValidationFailed(path=path, message=str(exc)) from None

    def _plugin(self, name: str, type_name: str) -> type[resource_mod.Resource]:
        """The type's plugin through the environment's resource_registry."""
        try:
            return plugin_lookup.resolve(self._registry, type_name, self.env,
                                         self.template.files, name)
        except exception.ResourceTypeNotFound as exc:
            raise exception.StackValidationFailed(message=str(exc)) from None

    def _resource(self, name: str, snippet: Mapping[str, Any]) -> ResourceDefinition:
        if "/" in name:
            raise exception.StackValidationFailed(message='Resource name may not contain "/"')
        type_name = snippet[tmpl.RES_TYPE]
        if not isinstance(type_name, str):
            raise exception.StackValidationFailed(
                message="Resource %s %s type must be string" % (name, tmpl.RES_TYPE))
        _check_column_fit(name, type_name)
        plugin = self._plugin(name, type_name)
        self.scope.plugins[name] = plugin
        depends = _typed(name, tmpl.RES_DEPENDS_ON, snippet.get(tmpl.RES_DEPENDS_ON),
                         (str, list), "string or list") or []
        if isinstance(depends, str):
            depends = [depends]
        for dep in depends:
            if not isinstance(dep, str):
                raise exception.StackValidationFailed(
                    message="Resource %s %s must be a list of strings"
                    % (name, tmpl.RES_DEPENDS_ON))
        policy = _typed(name, tmpl.RES_DELETION_POLICY,
                        snippet.get(tmpl.RES_DELETION_POLICY), (str,), "string")
        if policy is not None and policy not in self.template.hot.deletion_policies:
            raise exception.StackValidationFailed(
                message='Invalid deletion policy "%s"' % policy)
        parse = self.template.parse
        base = ".".join([tmpl.RESOURCES, name])
        external_id = self._external_id(name, plugin, snippet, base)
        if external_id is not None:
            policy = "Retain"  # Heat never deletes an external resource
        return ResourceDefinition(
            name=name, type_name=type_name, plugin=plugin,
            properties=parse(self.scope, _typed(
                name, tmpl.RES_PROPERTIES, snippet.get(tmpl.RES_PROPERTIES), (dict,), "map")
                or {}, base + "." + tmpl.RES_PROPERTIES),
            metadata=parse(self.scope, _typed(
                name, tmpl.RES_METADATA, snippet.get(tmpl.RES_METADATA), (dict,), "map") or {},
                base + "." + tmpl.RES_METADATA),
            depends_on=list(depends),
            deletion_policy=self.template.hot.deletion_policies[policy] if policy else "Delete",
            update_policy=parse(self.scope, _typed(
                name, tmpl.RES_UPDATE_POLICY, snippet.get(tmpl.RES_UPDATE_POLICY), (dict,),
                "map") or {}, base + "." + tmpl.RES_UPDATE_POLICY),
            description=_typed(name, tmpl.RES_DESCRIPTION, snippet.get(tmpl.RES_DESCRIPTION),
                               (str,), "string") or "",
            external_id=external_id)

    def _external_id(self, name: str, plugin: type[resource_mod.Resource],
                     snippet: Mapping[str, Any], base: str) -> Any:
        """The parsed ``external_id`` of a resource (a string or a function)."""
        raw = snippet.get(tmpl.RES_EXTERNAL_ID)
        if raw is None:
            return None
        parsed = self.template.parse(self.scope, raw, base + "." + tmpl.RES_EXTERNAL_ID)
        _typed(name, tmpl.RES_EXTERNAL_ID, parsed, (str, function.Function), "string")
        if issubclass(plugin, stack_resource.StackResource):
            # Heat adopts a nested stack there (and fails on its members);
            # referencing an existing stack by id is not built.
            raise exception.NotImplementedYet(
                feature='The resource "%s" key on a nested stack resource (resource %s, '
                        'type %s)' % (tmpl.RES_EXTERNAL_ID, name, snippet[tmpl.RES_TYPE]))
        return parsed

    def _requirements(self, defn: ResourceDefinition) -> set[str]:
        external = defn.external_ref()
        if external:
            # As Heat: an external resource waits for nothing, and may not
            # be told to.
            if defn.depends_on:
                raise exception.StackValidationFailed(
                    message="Invalid dependency with external %s resource: %s"
                    % (defn.type_name, external))
            return set()
        implicit: set[str] = set()
        for section, snippet in ((tmpl.RES_PROPERTIES, defn.properties),
                                 (tmpl.RES_METADATA, defn.metadata)):
            try:
                implicit.update(function.dependencies(snippet, ".".join([defn.name, section])))
            except (ValueError, TypeError, KeyError) as exc:
                # A malformed argument of a function naming a resource
                # (get_resource: {get_param: 7}): found while ordering the
                # resources, before validation would have said it.
                raise exception.StackValidationFailed(
                    path=[tmpl.RESOURCES, defn.name, section], message=str(exc)) from None
        explicit = set()
        for dep in defn.depends_on:
            if dep in self.disabled:
                continue  # a conditionally disabled resource: ignored, as Heat
            if dep not in self.resources:
                raise exception.InvalidTemplateReference(resource=dep, key=defn.name)
            explicit.add(dep)
        return implicit | explicit

    # -- validation ----------------------------------------------------------

    def validate(self, strict: bool = True, plugin_checks: bool = False) -> None:
        """Resources and outputs: what can be checked before any exists.

        Parameters are validated before ``load`` (``parameters.validate()``),
        as Heat reports a bad parameter before a bad resource. ``strict``
        False is POST /validate's mode: property values are not checked
        (parameters may have no value yet), only their names and functions.
        With ``plugin_checks`` as well (a nested stack validated with its
        root), each plugin's own validate() still runs and the values it
        reads are checked then, as Heat validates a nested stack.
        """
        parameter_groups.validate(self.template.raw_section(tmpl.PARAMETER_GROUPS),
                                  self.parameters.user_parameters())
        self.scope.conditions.validate()
        for name in self.graph.toposort():
            self._validate_resource(self.resources[name], strict, plugin_checks)
        for name, output in self.outputs.items():
            function.validate(output.value, [tmpl.OUTPUTS, name, tmpl.OUTPUT_VALUE])

    def _validate_resource(self, defn: ResourceDefinition, strict: bool = True,
                           plugin_checks: bool = False) -> None:
        base = [tmpl.RESOURCES, defn.name]
        if defn.external_id is None:
            try:
                defn.plugin.check_available(defn.type_name)
            except exception.HeatException as exc:
                if exc.error_code in self.ignorable_errors:
                    return  # POST /validate?ignore_errors=: the resource is skipped
                raise
        try:
            function.validate(defn.properties, tmpl.RES_PROPERTIES)
            function.validate(defn.metadata, tmpl.RES_METADATA)
        except exception.StackValidationFailed as exc:
            raise exception.StackValidationFailed(error=exc.error, path=base + exc.path,
                                                  message=exc.error_message) from None
        if defn.external_id is not None:
            # Heat validates only that an external resource exists; the
            # built-in types have nothing to look up, so nothing more.
            function.validate(defn.external_id, base + [tmpl.RES_EXTERNAL_ID])
            return
        if defn.deletion_policy == "Snapshot":
            raise exception.StackValidationFailed(
                path=base + [tmpl.RES_DELETION_POLICY],
                message='"Snapshot" deletion policy not supported')
        # The whole update_policy against the type's schema, values included,
        # as Heat checks it at validation (not only when the group runs).
        props_mod.Properties(defn.plugin.UPDATE_POLICY, defn.update_policy,
                             base + [tmpl.RES_UPDATE_POLICY]).validate(skip_unresolved=True)
        props = defn.property_set()
        if strict:
            props.validate(skip_unresolved=True)
        else:
            props.check_names()
            if not plugin_checks:
                return
        self._check_facade(defn)
        if not any(function.contains_function(v) and _depends(v)
                   for v in defn.properties.values()):
            values = props.resolve_all() if strict else props_mod.OnDemand(props)
            self._plugin_validate(defn, values)

    def _plugin_validate(self, defn: ResourceDefinition, values: Mapping[str, Any]) -> None:
        plugin = defn.plugin(self.context_for(defn, values))
        try:
            plugin.validate()
        except ValueError as exc:
            # A value read on demand (OnDemand) that cannot be: Heat names
            # the error's type and the resource, not the property.
            raise exception.StackValidationFailed(
                error=type(exc).__name__, path=[tmpl.RESOURCES, defn.name],
                message=str(exc)) from None

    def _check_facade(self, defn: ResourceDefinition) -> None:
        """A template resource standing in for another type must fit it."""
        if not issubclass(defn.plugin, template_resource.TemplateResource):
            return
        facade = self._registry.facade(defn.type_name, self.env, defn.name)
        if facade is not None:
            template_resource.check_facade(
                defn.plugin, plugin_lookup.plugin_of(facade, self.env, self.template.files),
                defn.type_name)

    def context_for(self, defn: ResourceDefinition, properties: Mapping[str, Any],
                    uuid: str = "00000000-0000-4000-8000-000000000000",
                    action: str = "INIT") -> resource_mod.ResourceContext:
        return resource_mod.ResourceContext(
            name=defn.name, stack_name=self.stack_name, stack_id=self.stack_id,
            uuid=uuid, action=action, properties=properties,
            stack_timeout_secs=self.timeout_secs)



def _depends(snippet: Any) -> bool:
    try:
        return any(True for _ in function.dependencies(snippet))
    except exception.HeatException:
        return True
