"""HOT functions that shape data: files, lists, maps, strings and URLs.

One class per function, named after Heat's class so the version tables
(hot/versions.py) read like Heat's. Messages are Heat's, because clients
and template authors match on them. The first docstring line is what
``GET /template_versions/{v}/functions`` shows.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib import parse as urlparse

from heatlite.engine import function
from heatlite.engine import value_size
from heatlite.engine.function import Function, Scope


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)


class GetFile(Function):
    """A function for including a file inline.

    ``get_file: <key>`` is the content of the request's ``files`` map under
    that key; a missing key is the template's error.
    """

    def result(self) -> Any:
        key = function.resolve(self.args)
        if not isinstance(key, str):
            raise TypeError('Argument to "%s" must be a string' % self.fn_name)
        content = self.scope.file(key)
        if content is None:
            raise ValueError('No content found in the "files" section for %s path: %s'
                             % (self.fn_name, key))
        return content


class ResourceFacade(Function):
    """A function for retrieving data in a parent provider template.

    Only a nested stack has a facade resource (its scope's ``facade``, set
    by heatlite.engine.nested.nested); elsewhere asking for one is an error.
    """

    ATTRIBUTES: tuple[str, ...] = ("metadata", "deletion_policy", "update_policy")

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if args not in self.ATTRIBUTES:
            raise ValueError('Incorrect arguments to "%s" should be one of: %s'
                             % (fn_name, ", ".join(self.ATTRIBUTES)))

    def result(self) -> Any:
        facade = getattr(self.scope, "facade", None)
        if facade is None:
            raise ValueError('"%s" is only available inside a provider template'
                             % self.fn_name)
        return facade.get(self.args)


class Repeat(Function):
    """A function for iterating over a list of items.

    ``repeat: {template: <body>, for_each: {<var>: <list>}}`` gives one copy
    of the body per combination of items, each var replaced in strings.
    """

    nested_loop_default = True

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not isinstance(args, Mapping):
            raise TypeError('Arguments to "%s" must be a map' % fn_name)
        if "for_each" not in args or "template" not in args:
            example = ("repeat:\n              template: This is %var%\n"
                       "              for_each:\n                %var%: ['a', 'b', 'c']")
            raise KeyError('"repeat" syntax should be %s' % example)
        self._for_each = args["for_each"]
        self._template = args["template"]
        self._nested = self._read_permutations()

    def _read_permutations(self) -> bool:
        return True

    def validate(self) -> None:
        super().validate()
        if not isinstance(self._for_each, Function | Mapping):
            raise TypeError('The "for_each" argument to "%s" must contain a map'
                            % self.fn_name)

    def _check_values(self, value: Any) -> None:
        if not _is_list(value):
            raise TypeError('The values of the "for_each" argument to "%s" must be lists'
                            % self.fn_name)

    def _replace(self, keys: Sequence[str], values: Sequence[Any], template: Any) -> Any:
        if isinstance(template, str):
            for key, value in zip(keys, values, strict=False):
                template = template.replace(key, value)
            return template
        if _is_list(template):
            return [self._replace(keys, values, item) for item in template]
        if isinstance(template, Mapping):
            return {self._replace(keys, values, k): self._replace(keys, values, v)
                    for k, v in template.items()}
        return template

    def result(self) -> Any:
        for_each = function.resolve(self._for_each)
        if not isinstance(for_each, Mapping) or not for_each:
            raise TypeError('The "for_each" argument to "%s" must contain a map'
                            % self.fn_name)
        keys = list(for_each)
        lists = []
        for key in keys:
            value = for_each[key]
            if value is None:
                lists.append([])
                continue
            self._check_values(value)
            lists.append(list(value))
        if not self._nested and len({len(v) for v in lists}) > 1:
            raise ValueError("For %s, the length of for_each values should be equal if "
                             "no nested loop." % self.fn_name)
        template = function.resolve(self._template)
        budget = value_size.limit()
        count = math.prod(len(v) for v in lists) if self._nested else min(map(len, lists))
        # every copy is at least as large as the body without its variables
        value_size.check('"%s"' % self.fn_name,
                         count * value_size.size_of(template, budget), budget)
        combos = itertools.product(*lists) if self._nested else zip(*lists, strict=False)
        out, size = [], 0
        for combo in combos:
            out.append(self._replace(keys, combo, template))
            size += value_size.size_of(out[-1], budget - size)
            value_size.check('"%s"' % self.fn_name, size, budget)
        return out


class RepeatWithMap(Repeat):
    """A function for iterating over a list of items or a dict of keys.

    From 2016-10-14 a for_each value may be a map: its keys are iterated.
    """

    def _check_values(self, value: Any) -> None:
        if not (_is_list(value) or isinstance(value, Mapping)):
            raise TypeError('The values of the "for_each" argument to "%s" must be '
                            'lists or maps' % self.fn_name)


class RepeatWithNestedLoop(RepeatWithMap):
    """A function for iterating over a list of items or a dict of keys.

    From 2017-09-01 ``permutations: false`` pairs the lists item by item
    (they must then be lists of equal length) instead of nesting the loops.
    """

    def _read_permutations(self) -> bool:
        value = self.args.get("permutations", True)
        if not isinstance(value, bool):
            raise TypeError('"permutations" should be boolean type for %s function.'
                            % self.fn_name)
        return value

    def _check_values(self, value: Any) -> None:
        if self._nested:
            super()._check_values(value)
        else:
            Repeat._check_values(self, value)


class Digest(Function):
    """A function for performing digest operations.

    ``digest: [<algorithm>, <value>]`` with any algorithm hashlib offers.
    """

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not (isinstance(args, list) and all(isinstance(a, str) for a in args)):
            raise TypeError('Argument to function "%s" must be a list of strings'
                            % self.fn_name)
        if len(args) != 2:
            raise ValueError('Function "%s" usage: ["<algorithm>", "<value>"]'
                             % self.fn_name)
        algorithm, value = args
        if algorithm.lower() not in hashlib.algorithms_available:
            raise ValueError("Algorithm must be one of %s" % str(hashlib.algorithms_available))
        digest = hashlib.new(algorithm)
        digest.update(value.encode("latin-1", errors="replace"))
        return digest.hexdigest()


class StrSplit(Function):
    """A function for splitting delimited strings into a list.

    ``str_split: [<delimiter>, <string>, (<index>)]``; with an index, only
    that item.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        self._example = '"%s" : [ ",", "apples,pears", <index>]' % fn_name
        if isinstance(args, str | Mapping):
            raise TypeError('Incorrect arguments to "%s" should be: %s'
                            % (fn_name, self._example))

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not isinstance(args, list) or len(args) < 2:
            raise ValueError('Incorrect arguments to "%s" should be: %s'
                             % (self.fn_name, self._example))
        delim, text = args[0], args[1]
        if text is None:
            return None
        if not isinstance(text, str) or not isinstance(delim, str) or not delim:
            raise ValueError('Incorrect arguments to "%s" should be: %s'
                             % (self.fn_name, self._example))
        items = text.split(delim)
        if len(args) < 3:
            return items
        try:
            index = int(args[2])
        except (TypeError, ValueError):
            raise ValueError('Incorrect index to "%s" should be: %s'
                             % (self.fn_name, self._example)) from None
        try:
            return items[index]
        except IndexError:
            raise ValueError('Incorrect index to "%s" should be between 0 and %s'
                             % (self.fn_name, len(items) - 1)) from None


class MapMerge(Function):
    """A function for merging maps.

    ``map_merge: [<map>, <map>...]``: later maps win; a null item is empty.
    """

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not _is_list(args):
            raise TypeError('Incorrect arguments to "%s" should be: "%s" : [ { "key1": '
                            '"val1" }, { "key2": "val2" } ]' % (self.fn_name, self.fn_name))
        merged: dict[Any, Any] = {}
        for item in args:
            if item is None:
                continue
            if not isinstance(item, Mapping):
                raise TypeError("Incorrect arguments: Items to merge must be maps. %s is "
                                "type %s instead of a dict" % (repr(item)[:200], type(item)))
            merged.update(item)
        return merged


class MapReplace(Function):
    """A function for performing substitutions on maps.

    ``map_replace: [<map>, {keys: {old: new}, values: {old: new}}]``.
    """

    def _example(self) -> str:
        return ('"%s" : [ { "key1": "val1" }, {"keys": {"key1": "key2"}, "values": '
                '{"val1": "val2"}}]' % self.fn_name)

    def _as_map(self, value: Any) -> Mapping[Any, Any]:
        if value is None:
            return {}
        if isinstance(value, Mapping):
            return value
        raise TypeError('Incorrect arguments: to "%s", arguments must be a list of maps. '
                        'Example:  %s' % (self.fn_name, self._example()))

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not isinstance(args, list) or len(args) != 2:
            raise TypeError('Incorrect arguments to "%s" should be: %s'
                            % (self.fn_name, self._example()))
        source, replacements = self._as_map(args[0]), self._as_map(args[1])
        for key in replacements:
            if key not in ("keys", "values"):
                raise ValueError('Incorrect arguments to "%s" should be: %s'
                                 % (self.fn_name, self._example()))
        new_keys = self._as_map(replacements.get("keys"))
        new_values = self._as_map(replacements.get("values"))
        out: dict[Any, Any] = {}
        for key, value in source.items():
            target = new_keys.get(key) if _hashable(key) else None
            if target is None:
                target = key
            elif target in source and target != key:
                raise ValueError("key replacement %s collides with a key in the input map"
                                 % target)
            elif target in out:
                raise ValueError("key replacement %s collides with a key in the output map"
                                 % target)
            out[target] = new_values.get(value, value) if _hashable(value) else value
        return out


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class Filter(Function):
    """A function for filtering out values from lists.

    ``filter: [<values>, <list>]`` is the list without those values.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not _is_list(args):
            raise TypeError('Argument to "%s" must be a list' % fn_name)
        if len(args) != 2:
            raise ValueError('"%s" expected 2 arguments of the form [values, sequence] but '
                             'got %d arguments instead' % (fn_name, len(args)))
        self._values, self._sequence = args

    def result(self) -> Any:
        sequence = function.resolve(self._sequence)
        if not sequence:
            return sequence
        if not isinstance(sequence, list):
            raise TypeError('"%s" only works with lists' % self.fn_name)
        values = function.resolve(self._values)
        if not values:
            return sequence
        if not isinstance(values, list):
            raise TypeError('"%s" filters a list of values' % self.fn_name)
        return [item for item in sequence if item not in values]


class MakeURL(Function):
    """A function for performing substitutions on maps.

    (Heat's own description.) ``make_url`` builds a correctly escaped URL
    from scheme, username, password, host, port, path, query and fragment.
    """

    KEYS = ("scheme", "username", "password", "host", "port", "path", "query", "fragment")

    def _check(self, args: Mapping[str, Any]) -> None:
        for key in self.KEYS:
            if key not in args:
                continue
            value = args[key]
            if isinstance(value, Function):
                continue
            if key == "query":
                if not isinstance(value, Mapping):
                    raise TypeError('The "%s" argument to "%s" must be a map'
                                    % (key, self.fn_name))
                return
            if key == "port":
                self._check_port(value, args)
            elif not isinstance(value, str):
                raise TypeError('The "%s" argument to "%s" must be a string'
                                % (key, self.fn_name))

    def _check_port(self, value: Any, args: Mapping[str, Any]) -> None:
        port = value
        if not isinstance(port, int) or isinstance(port, bool):
            try:
                port = int(port)
            except (TypeError, ValueError):
                raise ValueError('Invalid URL port "%s" for %s called with %s'
                                 % (value, self.fn_name, args)) from None
        if not 0 < port <= 65535:
            raise ValueError("Invalid URL port %d, must be in range 1-65535" % port)

    def validate(self) -> None:
        super().validate()
        if not isinstance(self.args, Mapping):
            raise TypeError('The arguments to "%s" must be a map' % self.fn_name)
        invalid = set(self.args) - set(self.KEYS)
        if invalid:
            raise ValueError('Invalid arguments to "%s": %s'
                             % (self.fn_name, ", ".join(sorted(map(str, invalid)))))
        self._check(self.args)

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not isinstance(args, Mapping):
            raise TypeError('The arguments to "%s" must be a map' % self.fn_name)
        self._check(args)
        scheme = args.get("scheme", "")
        if ":" in scheme:
            raise ValueError("URL \"scheme\" should not contain ':'")
        netloc = self._netloc(args)
        path = urlparse.quote(args.get("path", ""))
        query = urlparse.urlencode(args.get("query") or {}).replace("%2F", "/")
        fragment = urlparse.quote(args.get("fragment", ""))
        return urlparse.urlunsplit((scheme, netloc, path, query, fragment))

    @staticmethod
    def _netloc(args: Mapping[str, Any]) -> str:
        out = ""
        username = urlparse.quote(args.get("username", ""), safe="")
        password = urlparse.quote(args.get("password", ""), safe="")
        if username or password:
            out += username + (":" + password if password else "") + "@"
        host = args.get("host", "")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        host = urlparse.quote(host, safe=":")
        out += "[%s]" % host if ":" in host else host
        port = args.get("port", "")
        if port:
            out += ":%s" % port
        return out


class ListConcat(Function):
    """A function for extending lists.

    ``list_concat: [<list>, <list>...]``; a null item is an empty list.
    """

    unique = False

    def result(self) -> Any:
        args = function.resolve(self.args)
        if not _is_list(args):
            raise TypeError('Incorrect arguments to "%s" should be: "%s" : [ [ <value 1>, '
                            '<value 2> ], [ <value 3>, <value 4> ] ]'
                            % (self.fn_name, self.fn_name))
        out: list[Any] = []
        for item in args:
            if item is None:
                continue
            if not _is_list(item):
                raise TypeError("Incorrect arguments: Items to concat must be lists. %s "
                                "contains an item that is not a list: %s"
                                % (_dumps(args), _dumps(item)))
            out.extend(item)
        if not self.unique:
            return out
        unique: list[Any] = []
        for item in out:
            if item not in unique:
                unique.append(item)
        return unique


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


class ListConcatUnique(ListConcat):
    """A function for extending lists with unique items.

    As list_concat, keeping the first of equal items.
    """

    unique = True


class Contains(Function):
    """A function for checking whether specific value is in sequence.

    ``contains: [<value>, <sequence>]`` is true or false.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not args or not isinstance(args, list):
            raise TypeError('Incorrect arguments to "%s" should be: "%s" : [ "value1", '
                            '[ "value1", "value2"]]' % (fn_name, fn_name))
        if len(args) != 2:
            raise ValueError('Arguments to "%s" must be of the form: [value1, [value1, '
                             'value2]]' % fn_name)
        self._value, self._sequence = args

    def result(self) -> Any:
        value = function.resolve(self._value)
        sequence = function.resolve(self._sequence)
        if not isinstance(sequence, Sequence):
            raise TypeError('Second argument to "%s" should be a sequence.' % self.fn_name)
        if isinstance(sequence, str) and not isinstance(value, str):
            return False
        try:
            return value in sequence
        except TypeError:
            return False
