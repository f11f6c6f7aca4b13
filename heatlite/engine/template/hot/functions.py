"""The HOT intrinsic functions heatlite implements, one class per function.

Names follow Heat's classes, because a version table (hot/versions.py) picks
a class per function name and the differences between versions are
differences between these classes. Messages are Heat's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import function
from heatlite.engine import value_size
from heatlite.engine.function import Function, Scope


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)


class GetParam(Function):
    """A function for resolving parameter references.

    ``get_param: name`` or ``get_param: [name, path...]``."""

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not args:
            raise ValueError('Function "%s" must have arguments' % self.fn_name)
        if isinstance(args, str):
            name, path = args, []
        elif _is_list(args):
            name, path = args[0], list(args[1:])
        else:
            raise TypeError('Argument to "%s" must be string or list' % self.fn_name)
        if not isinstance(name, str):
            raise TypeError('Parameter name in "%s" must be string' % self.fn_name)
        try:
            value = self.scope.parameter(name)
        except KeyError:
            raise exception.UserParameterMissing(key=name) from None
        try:
            for key in path:
                value = self._step(value, key)
        except (KeyError, IndexError, TypeError):
            return ""
        return value

    def _step(self, collection: Any, key: Any) -> Any:
        if not isinstance(collection, Mapping | Sequence):
            raise TypeError('"%s" can\'t traverse path' % self.fn_name)
        if not isinstance(key, str | int):
            raise TypeError('Path components in "%s" must be strings' % self.fn_name)
        if _is_list(collection) and isinstance(key, str):
            try:
                key = int(key)
            except ValueError:
                raise TypeError("Path components in '%s' must be a string that can be "
                                "parsed into an integer." % self.fn_name) from None
        return collection[key]


class GetResource(Function):
    """A function for resolving resource references.

    ``get_resource: name``: the resource's reference id."""

    def _name(self, path: str = "unknown") -> str:
        name = function.resolve(self.args)
        if not isinstance(name, str) or not self.scope.has_resource(name):
            raise exception.InvalidTemplateReference(resource=name, key=path)
        return name

    def validate(self) -> None:
        super().validate()
        self._name()

    def dependencies(self, path: str) -> Iterator[str]:
        yield from super().dependencies(path)
        yield self._name(path)

    def result(self) -> Any:
        return self.scope.reference_id(self._name())


class GetAttThenSelect(Function):
    """A function for resolving resource attributes.

    ``get_attr: [resource, attribute, path...]`` (2013-05-23)."""

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        self._resource_name, self._attribute, self._path = self._parse_args()

    def _parse_args(self) -> tuple[Any, Any, list[Any]]:
        if not _is_list(self.args):
            raise TypeError('Argument to "%s" must be a list' % self.fn_name)
        if len(self.args) < 2:
            raise ValueError('Arguments to "%s" must be of the form '
                             '[resource_name, attribute, (path), ...]' % self.fn_name)
        return self.args[0], self.args[1], list(self.args[2:])

    def _name(self, path: str = "unknown") -> str:
        name = function.resolve(self._resource_name)
        if not isinstance(name, str) or not self.scope.has_resource(name):
            raise exception.InvalidTemplateReference(resource=name, key=path)
        return name

    def dependencies(self, path: str) -> Iterator[str]:
        yield from super().dependencies(path)
        yield self._name(path)

    def _allow_without_attribute_name(self) -> bool:
        return False

    def validate(self) -> None:
        super().validate()
        name = self._name()
        if self._allow_without_attribute_name() and self._attribute is None:
            return
        attr = function.resolve(self._attribute)
        if attr not in self.scope.attributes_schema(name):
            raise exception.InvalidTemplateAttribute(resource=name, key=attr)

    def result(self) -> Any:
        name = self._name()
        attr = function.resolve(self._attribute)
        return self.scope.attribute(name, attr, function.resolve(self._path))


class GetAtt(GetAttThenSelect):
    """A function for resolving resource attributes.

    ``get_attr`` from 2014-10-16: the path is part of the attribute."""

    def result(self) -> Any:
        name = self._name()
        attr = function.resolve(self._attribute)
        path = list(function.resolve(self._path))
        if isinstance(attr, str) and attr.startswith(attributes.MEMBER_PREFIX) \
                and attr.count(".") == 1 and path:
            # Heat hands the path to the resource: for a nested resource
            # (``resource.<name>``) its head names that resource's attribute.
            attr, path = "%s.%s" % (attr, path[0]), path[1:]
        return self.scope.attribute(name, attr, path)


class GetAttAllAttributes(GetAtt):
    """A function for resolving resource attributes.

    ``get_attr`` from 2015-10-15: ``[resource]`` alone gives every attribute."""

    def _parse_args(self) -> tuple[Any, Any, list[Any]]:
        if not self.args:
            raise ValueError('Arguments to "%s" can be of the next forms: '
                             '[resource_name] or [resource_name, attribute, (path), ...]'
                             % self.fn_name)
        if _is_list(self.args):
            if len(self.args) > 1:
                return super()._parse_args()
            return self.args[0], None, []
        raise TypeError('Argument to "%s" must be a list' % self.fn_name)

    def _allow_without_attribute_name(self) -> bool:
        return True

    def result(self) -> Any:
        if self._attribute is None:
            return self.scope.all_attributes(self._name())
        return super().result()


class Replace(Function):
    """A function for performing string substitutions.

    ``str_replace: {template: ..., params: {...}}`` (up to 2015-04-30).

    Longer keys are replaced first; among equal lengths, the smaller key.
    """

    strict = False
    allow_empty_value = True

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not isinstance(args, Mapping):
            raise TypeError('Arguments to "%s" must be a map' % fn_name)
        try:
            self._mapping, self._string = args["params"], args["template"]
        except KeyError:
            example = ("%s:\n              template: This is var1 template var2\n"
                       "              params:\n                var1: a\n"
                       "                var2: string" % fn_name)
            raise KeyError('"%s" syntax should be %s' % (fn_name, example)) from None
        if not isinstance(self._mapping, Mapping | Function):
            raise TypeError('"%s" parameters must be a mapping' % fn_name)

    def _replacement(self, value: Any, param: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str | int | float | bool):
            raise TypeError('"%s" params must be strings or numbers, param %s is '
                            'not valid' % (self.fn_name, param))
        return str(value)

    def result(self) -> Any:
        template = function.resolve(self._string)
        mapping = function.resolve(self._mapping)
        if not isinstance(template, str):
            raise TypeError('"%s" template must be a string' % self.fn_name)
        if not isinstance(mapping, Mapping):
            raise TypeError('"%s" params must be a map' % self.fn_name)
        for key in mapping:
            if not isinstance(key, str):
                raise TypeError('"%s" param placeholders must be strings' % self.fn_name)
        keys = sorted(sorted(mapping), key=len, reverse=True)
        unused = set(keys)
        # Split on each key in turn, longest first; join back inside out so
        # text produced by one replacement is never searched again.
        result = self._substitute(template, keys, mapping, unused, value_size.limit())
        if self.strict and unused:
            raise ValueError("The following params were not found in the template: %s"
                             % ",".join(sorted(sorted(unused), key=len, reverse=True)))
        return result

    def _substitute(self, text: str, keys: list[str], mapping: Mapping[str, Any],
                    unused: set[str], budget: int) -> str:
        """``text`` with ``keys`` replaced; the length is counted as the
        pieces are made, so a result over ``budget`` is never built."""
        if not keys:
            return text
        key, rest = keys[0], keys[1:]
        value = self._replacement(mapping[key], key)
        parts = text.split(key)
        if len(parts) > 1:
            unused.discard(key)
        value_size.check('"%s"' % self.fn_name, len(value) * (len(parts) - 1), budget)
        done, size = [], len(value) * (len(parts) - 1)
        for part in parts:
            done.append(self._substitute(part, rest, mapping, unused, budget - size))
            size += len(done[-1])
            value_size.check('"%s"' % self.fn_name, size, budget)
        return value.join(done)


class ReplaceJson(Replace):
    """A function for performing string substitutions.

    ``str_replace`` from 2015-10-15: maps and lists go in as JSON."""

    def _empty(self, param: str) -> ValueError:
        return ValueError("%s has an undefined or empty value for param %s, must be a "
                          "defined non-empty value" % (self.fn_name, param))

    def _replacement(self, value: Any, param: str) -> str:
        if value is None:
            if self.allow_empty_value:
                return ""
            raise self._empty(param)
        if isinstance(value, Mapping | list | tuple):
            if not self.allow_empty_value and len(value) == 0:
                raise self._empty(param)
            try:
                return json.dumps(value, sort_keys=True)
            except TypeError:
                raise TypeError('"%s" params must be strings, numbers, list or map. '
                                'Failed to json serialize %s' % (self.fn_name, value)) from None
        if not isinstance(value, str | int | float | bool):
            raise TypeError('"%s" params must be strings, numbers, list or map.'
                            % self.fn_name)
        text = str(value)
        if not self.allow_empty_value and not text:
            raise self._empty(param)
        return text


class Join(Function):
    """A function for joining strings.

    ``list_join: [delim, [strings]]`` (up to 2015-04-30)."""

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        example = '"%s" : [ " ", [ "str1", "str2"]]' % fn_name
        message = 'Incorrect arguments to "%s" should be: %s' % (fn_name, example)
        if not isinstance(args, list):
            raise TypeError(message)
        if len(args) != 2:
            raise ValueError(message)
        self._delim, self._strings = args

    def result(self) -> Any:
        strings = function.resolve(self._strings)
        if strings is None:
            strings = []
        if not _is_list(strings):
            raise TypeError('"%s" must operate on a list' % self.fn_name)
        delim = function.resolve(self._delim)
        if not isinstance(delim, str):
            raise TypeError('"%s" delimiter must be a string' % self.fn_name)
        out = []
        for item in strings:
            if item is None:
                item = ""
            if not isinstance(item, str):
                raise TypeError("Items to join must be strings not %s" % repr(item)[:200])
            out.append(item)
        return _bounded_join(self.fn_name, delim, out)


class JoinMultiple(Function):
    """A function for joining one or more lists of strings.

    ``list_join: [delim, [..], [..]...]`` from 2015-10-15; maps/lists as JSON."""

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        example = '"%s" : [ " ", [ "str1", "str2"] ...]' % fn_name
        message = 'Incorrect arguments to "%s" should be: %s' % (fn_name, example)
        if not isinstance(args, list):
            raise TypeError(message)
        if len(args) < 2:
            raise ValueError(message)
        self._delim, self._lists = args[0], args[1:]

    def result(self) -> Any:
        strings: list[Any] = []
        for joinlist in function.resolve(self._lists):
            if joinlist:
                if not _is_list(joinlist):
                    raise TypeError('"%s" must operate on a list' % self.fn_name)
                strings.extend(joinlist)
        delim = function.resolve(self._delim)
        if not isinstance(delim, str):
            raise TypeError('"%s" delimiter must be a string' % self.fn_name)
        return _bounded_join(self.fn_name, delim, (self._text(s) for s in strings))

    @staticmethod
    def _text(item: Any) -> str:
        if item is None:
            return ""
        if isinstance(item, str):
            return item
        if isinstance(item, Mapping | list | tuple):
            try:
                return json.dumps(item, sort_keys=True)
            except TypeError:
                raise TypeError("Items to join must be string, map or list. %s failed "
                                "json serialization" % repr(item)[:200]) from None
        raise TypeError("Items to join must be string, map or list not %s"
                        % repr(item)[:200])


def _bounded_join(fn_name: str, delim: str, texts: Iterable[str]) -> str:
    """``delim.join(texts)``, refused once its length passes the budget
    (the items may be one list repeated many times by reference)."""
    budget = value_size.limit()
    out, size = [], -len(delim)
    for text in texts:
        size += len(delim) + len(text)
        value_size.check('"%s"' % fn_name, size, budget)
        out.append(text)
    return delim.join(out)


class Removed(Function):
    """This function existed in previous versions of HOT, but has been removed.

    A function this HOT version no longer has."""

    def validate(self) -> None:
        raise exception.InvalidTemplateVersion(
            explanation="The function %s is not supported in this version of HOT."
            % self.fn_name)

    def result(self) -> Any:
        self.validate()


class ReplaceJsonStrict(ReplaceJson):
    """A function for performing string substitutions.

    ``str_replace_strict``: every param must occur in the template."""

    strict = True


class ReplaceJsonVeryStrict(ReplaceJsonStrict):
    """A function for performing string substitutions.

    ``str_replace_vstrict``: strict, and no param may be empty."""

    allow_empty_value = False
