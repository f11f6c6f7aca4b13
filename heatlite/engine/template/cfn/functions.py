"""CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Join, ...).

One class per function, named after Heat's; several are the HOT class with
CFN's argument form. HOT versions up to 2013-05-23 also use some of them.
Messages are Heat's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.function import Function, Scope
from heatlite.engine.template.hot import functions as hot
from heatlite.engine.template.hot import functions_data as hot_data
from heatlite.engine.template.hot import functions_logic as hot_logic


class FindInMap(Function):
    """A function for resolving keys in the template mappings.

    ``{"Fn::FindInMap": [<mapping>, <key>, <value>]}``.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not isinstance(args, list) or len(args) != 3:
            raise KeyError("expected 3 arguments [mapping, key, value], got %r" % (args,))
        self._map, self._key, self._value = args

    def result(self) -> Any:
        mapping = self.scope.mapping(function.resolve(self._map))
        return mapping[function.resolve(self._key)][function.resolve(self._value)]


class GetAZs(Function):
    """A function for retrieving the availability zones.

    heatlite has no compute service to ask, so the answer is Heat's
    stack-less one: ``["nova"]``.
    """

    def result(self) -> Any:
        return ["nova"]


class ParamRef(Function):
    """A function for resolving parameter references.

    ``{"Ref": <param_name>}``.
    """

    def result(self) -> Any:
        name = function.resolve(self.args)
        try:
            return self.scope.parameter(name)
        except (KeyError, TypeError):
            raise exception.InvalidTemplateReference(resource=name, key="unknown") from None


class Ref(Function):
    """A function for resolving parameters or resource references.

    ``{"Ref": <name>}``: a resource's reference id when the template has a
    resource of that name, else the parameter's value. Which one is decided
    when first used, once every resource of the template is known.
    """

    def _target(self) -> Function:
        name = self.args
        if isinstance(name, str) and self.scope.declares_resource(name):
            return hot.GetResource(self.scope, self.fn_name, name)
        return ParamRef(self.scope, self.fn_name, name)

    def validate(self) -> None:
        self._target().validate()

    def dependencies(self, path: str) -> Iterator[str]:
        return self._target().dependencies(path)

    def result(self) -> Any:
        return self._target().result()


class GetAtt(hot.GetAttThenSelect):
    """A function for resolving resource attributes.

    ``{"Fn::GetAtt": [<resource_name>, <attribute_name>]}``.
    """

    def _parse_args(self) -> tuple[Any, Any, list[Any]]:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise ValueError('Arguments to "%s" must be of the form '
                             '[resource_name, attribute]' % self.fn_name)
        return self.args[0], self.args[1], []


class Select(Function):
    """A function for selecting an item from a list or map.

    ``{"Fn::Select": [<index>, <list or map>]}``; a missing index gives "".
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not isinstance(args, list) or len(args) != 2:
            raise ValueError('Arguments to "%s" must be of the form [index, collection]'
                             % fn_name)
        self._index, self._collection = args

    def result(self) -> Any:
        index = function.resolve(self._index)
        collection = function.resolve(self._collection)
        if collection == "":
            return ""
        if isinstance(collection, str):
            try:
                collection = json.loads(collection)
            except ValueError as exc:
                raise ValueError('"%s": %s' % (self.fn_name, exc)) from None
        if isinstance(collection, Mapping):
            if not isinstance(index, str):
                raise TypeError('Index to "%s" must be a string' % self.fn_name)
            return collection.get(index, "")
        if not isinstance(index, bool):
            try:
                index = int(index)
            except (TypeError, ValueError):
                pass
        if isinstance(collection, Sequence) and not isinstance(collection, str):
            if not isinstance(index, int) or isinstance(index, bool):
                raise TypeError('Index to "%s" must be an integer' % self.fn_name)
            try:
                return collection[index]
            except IndexError:
                return ""
        if collection is None:
            return ""
        raise TypeError("Arguments to %s not fully resolved" % self.fn_name)


class Join(hot.Join):
    """A function for joining strings.

    ``{"Fn::Join": [<delim>, [<string_1>, <string_2>, ...]]}``.
    """


class Split(Function):
    """A function for splitting strings.

    ``{"Fn::Split": [<delim>, <string>]}``.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        message = ('Incorrect arguments to "%s" should be: "%s" : [ ",", "str1,str2"]]'
                   % (fn_name, fn_name))
        if isinstance(args, str | Mapping) or not isinstance(args, list):
            raise TypeError(message)
        if len(args) != 2:
            raise ValueError(message)
        self._delim, self._string = args

    def result(self) -> Any:
        text = function.resolve(self._string)
        if not isinstance(self._delim, str) or not self._delim:
            raise TypeError("Delimiter for %s must be string" % self.fn_name)
        if not isinstance(text, str):
            raise TypeError("String to split must be string; got %s" % type(text))
        return text.split(self._delim)


class Replace(hot.Replace):
    """A function for performing string substitutions.

    ``{"Fn::Replace": [{<key>: <value>, ...}, <template string>]}``.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        example = ('{"%s": [ {"$var1": "foo", "%%var2%%": "bar"}, "$var1 is %%var2%%"]}'
                   % fn_name)
        message = 'Incorrect arguments to "%s" should be: %s' % (fn_name, example)
        if isinstance(args, str | Mapping) or not isinstance(args, list):
            raise TypeError(message)
        if len(args) != 2:
            raise ValueError(message)
        super().__init__(scope, fn_name, {"params": args[0], "template": args[1]})


class Base64(Function):
    """A placeholder function for converting to base64.

    Like Heat, it performs no conversion: user data is accepted as text.
    """

    def result(self) -> Any:
        value = function.resolve(self.args)
        if not isinstance(value, str):
            raise TypeError('"%s" argument must be a string' % self.fn_name)
        return value


class MemberListToMap(Function):
    """A function to convert lists with enumerated keys and values to mapping.

    ``{"Fn::MemberListToMap": ["Name", "Value", [".member.0.Name=k",
    ".member.0.Value=v", ...]]}`` gives ``{"k": "v"}``.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not isinstance(args, list) or len(args) != 3:
            raise TypeError('Wrong Arguments try: "{\'%s\': [\'Name\', \'Value\', '
                            '[\'.member.0.Name=key\', \'.member.0.Value=door\']]}"'
                            % fn_name)
        self._keyname, self._valuename, self._list = args
        if not isinstance(self._keyname, str):
            raise TypeError("%s Key Name must be a string" % fn_name)
        if not isinstance(self._valuename, str):
            raise TypeError("%s Value Name must be a string" % fn_name)

    def result(self) -> Any:
        members = function.resolve(self._list)
        if not isinstance(members, Iterable) or isinstance(members, str | Mapping):
            raise TypeError("Member list must be a list")
        pairs: dict[str, str] = {}
        for item in members:
            if not isinstance(item, str):
                raise TypeError("Member list items must be strings")
            key, _sep, value = item.partition("=")
            pairs[key] = value
        return _member_pairs(pairs, self._keyname, self._valuename)


def _member_pairs(pairs: Mapping[str, str], keyname: str, valuename: str) -> dict[str, str]:
    """``.member.N.<keyname>=k`` and ``.member.N.<valuename>=v`` -> {k: v}."""
    names: dict[str, str] = {}
    values: dict[str, str] = {}
    for key, value in pairs.items():
        parts = key.split(".")
        if len(parts) == 4 and parts[1] == "member":
            if parts[3] == keyname:
                names[parts[2]] = value
            elif parts[3] == valuename:
                values[parts[2]] = value
    return {names[i]: values[i] for i in names if i in values}


class ResourceFacade(hot_data.ResourceFacade):
    """A function for retrieving data in a parent provider template.

    ``{"Fn::ResourceFacade": "Metadata" | "DeletionPolicy" | "UpdatePolicy"}``.
    """

    ATTRIBUTES = ("Metadata", "DeletionPolicy", "UpdatePolicy")


class If(hot_logic.If):
    """A function to return corresponding value based on condition evaluation.

    ``{"Fn::If": [<condition>, <value_if_true>, <value_if_false>]}``.
    """


class Equals(hot_logic.Equals):
    """A function for comparing whether two values are equal.

    ``{"Fn::Equals": [<value_1>, <value_2>]}``.
    """


class Not(hot_logic.Not):
    """A function that acts as a NOT operator on a condition.

    ``{"Fn::Not": [<condition>]}``.
    """

    def _check_args(self) -> None:
        if (not self.args or not isinstance(self.args, Sequence) or isinstance(self.args, str)
                or len(self.args) != 1):
            raise ValueError('Arguments to "%s" must be of the form: [condition]'
                             % self.fn_name)

    def result(self) -> Any:
        return not self._holds(function.resolve(self.args[0]))


class And(hot_logic.And):
    """A function that acts as an AND operator on conditions.

    ``{"Fn::And": [<condition_1>, <condition_2>, ...]}``.
    """


class Or(hot_logic.Or):
    """A function that acts as an OR operator on conditions.

    ``{"Fn::Or": [<condition_1>, <condition_2>, ...]}``.
    """
