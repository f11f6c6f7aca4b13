"""Intrinsic functions: the base class and the walks over parsed snippets.

A parsed snippet is plain JSON data in which ``{fn_name: args}`` maps have
been replaced by Function objects (see heatlite.engine.template.template). The walks
here resolve a snippet to data, validate it with a path for the error
message, and list the resources it depends on. The concrete functions of
each template version live in heatlite.engine.template.hot.functions.

Functions see the stack only through a ``Scope``: parameters, and what is
known of each resource (its attribute schema before it exists; its stored
reference id and attribute values once it is done). They never call a
resource plugin.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from heatlite.common import exception
from heatlite.engine import value_size


class Scope(Protocol):
    """What a function may ask of its stack."""

    def parameter(self, name: str) -> Any:
        """The parameter's value; KeyError when the template has none."""

    def has_resource(self, name: str) -> bool:
        """Whether an enabled resource of that name exists in the stack."""

    def declares_resource(self, name: str) -> bool:
        """Whether the template names such a resource (enabled or not)."""

    def attributes_schema(self, name: str) -> Mapping[str, Any]:
        """Attribute names the resource's type declares."""

    def reference_id(self, name: str) -> Any:
        """The stored reference id, or None while the resource has none."""

    def attribute(self, name: str, attr: str, path: Sequence[Any] = ()) -> Any:
        """The stored attribute value with ``path`` followed into it, or None
        while not resolved."""

    def all_attributes(self, name: str) -> dict[str, Any] | None:
        """Every stored attribute, or None while the resource is not done."""

    def file(self, key: str) -> str | None:
        """The content of ``files[key]``, or None when the map has no such key."""

    def mapping(self, name: str) -> Any:
        """A CFN ``Mappings`` entry; KeyError when there is none."""

    def condition(self, name: Any) -> bool:
        """Whether a named condition (or a literal boolean) holds."""

    def parse(self, snippet: Any, path: str = "") -> Any:
        """Parse a snippet with the template's function table (for macros)."""

    def parse_condition(self, snippet: Any, path: str = "") -> Any:
        """Parse a snippet with the template's condition function table."""


class Function(abc.ABC):
    """One intrinsic function call found in a template."""

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        self.scope = scope
        self.fn_name = fn_name
        self.args = args

    def validate(self) -> None:
        """Static checks; by default those of the arguments."""
        validate(self.args, [])

    @abc.abstractmethod
    def result(self) -> Any:
        """The value the function stands for, from what the scope knows now."""

    def dependencies(self, path: str) -> Iterator[str]:
        """Names of the resources this call depends on (arguments included)."""
        return dependencies(self.args, ".".join([path, self.fn_name]))

    def __repr__(self) -> str:
        return "<%s {%s: %r}>" % (type(self).__name__, self.fn_name, self.args)


class Macro(Function):
    """A function replaced, when parsed, by part of its arguments.

    ``if`` is one: its condition is known as soon as parameters are, so
    only the chosen branch is parsed, and only that branch's functions are
    validated, resolved and followed for dependencies. ``parsed`` may be
    ``OMIT`` (``...``): the enclosing item is then left out, as Heat does.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any, path: str = "") -> None:
        super().__init__(scope, fn_name, args)
        self.path = path
        self.parsed = self.expand()

    @abc.abstractmethod
    def expand(self) -> Any:
        """The parsed snippet this call stands for."""

    def validate(self) -> None:
        validate(self.parsed, [])

    def result(self) -> Any:
        return resolve(self.parsed)

    def dependencies(self, path: str) -> Iterator[str]:
        return dependencies(self.parsed, ".".join([path, self.fn_name]))


# A value that stands for "not mentioned in the template" (an ``if`` whose
# false branch was omitted); containers drop it when resolved.
OMIT = Ellipsis


def is_omitted(snippet: Any) -> bool:
    """Whether a parsed snippet stands for nothing at all."""
    return snippet is OMIT or (isinstance(snippet, Macro) and is_omitted(snippet.parsed))


def resolve(snippet: Any, charge: value_size.Charge | None = None) -> Any:
    """Replace every Function in ``snippet`` by its result.

    Items that stand for nothing (an omitted ``if`` branch) are dropped from
    maps and lists; at the top they resolve to None. The results of all
    the calls in ``snippet`` together are held to max_evaluated_value_size
    (value_size.py), so a list of many large calls is refused too.
    """
    if isinstance(snippet, Function):
        value = snippet.result()
        if charge is not None:
            charge.add('"%s"' % snippet.fn_name, value)
        return None if value is OMIT else value
    if isinstance(snippet, Mapping):
        charge = charge or value_size.Charge()
        return {k: resolve(v, charge) for k, v in snippet.items() if not is_omitted(v)}
    if isinstance(snippet, list | tuple):
        charge = charge or value_size.Charge()
        return [resolve(v, charge) for v in snippet if not is_omitted(v)]
    if snippet is OMIT:
        return None
    return snippet


def validate(snippet: Any, path: list[str] | str | None = None) -> None:
    """Validate every Function in ``snippet``; errors carry the path to it.

    The path follows Heat: map keys are joined with dots, list items are
    written ``key[i]``, and the failing function's name ends the path.
    """
    if path is None:
        path = []
    elif isinstance(path, str):
        path = [path]
    if isinstance(snippet, Function):
        try:
            snippet.validate()
        except exception.NotImplementedYet:
            raise
        except (exception.HeatException, TypeError, ValueError, KeyError) as exc:
            # str() as Heat does, even for a KeyError's quoted message.
            raise exception.StackValidationFailed(
                path=path + [snippet.fn_name], message=str(exc)) from None
    elif isinstance(snippet, Mapping):
        for key, value in snippet.items():
            validate(value, path + [str(key)])
    elif isinstance(snippet, list | tuple):
        base = list(path)
        parent = base.pop() if base else ""
        for i, value in enumerate(snippet):
            validate(value, base + ["%s[%d]" % (parent, i)])


def dependencies(snippet: Any, path: str = "") -> Iterator[str]:
    """Resource names ``snippet`` depends on; unknown names raise.

    ``path`` names the place for InvalidTemplateReference, as Heat does
    (``<resource>.properties.<key>``...).
    """
    if isinstance(snippet, Function):
        yield from snippet.dependencies(path)
    elif isinstance(snippet, Mapping):
        for key, value in snippet.items():
            yield from dependencies(value, ".".join([path, str(key)]))
    elif isinstance(snippet, list | tuple):
        for i, value in enumerate(snippet):
            yield from dependencies(value, "%s[%d]" % (path, i))


def contains_function(snippet: Any) -> bool:
    """Whether any Function occurs in ``snippet``."""
    if isinstance(snippet, Function):
        return True
    if isinstance(snippet, Mapping):
        return any(contains_function(v) for v in snippet.values())
    if isinstance(snippet, list | tuple):
        return any(contains_function(v) for v in snippet)
    return False
