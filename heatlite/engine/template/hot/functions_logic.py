"""HOT condition functions (equals, not, and, or, contains...), ``if`` and yaql.

``if`` is a Macro: the condition is settled when the template is parsed
(parameters are known by then), so only the chosen branch exists from then
on. Conditions are named in the ``conditions`` section or written inline;
the scope evaluates names (heatlite.engine.template.conditions). ``Invalid`` stands
for a function that a version has, but not inside ``conditions``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from oslo_config import cfg

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine import value_size
from heatlite.engine.function import Function, Macro, Scope
from heatlite.engine.template.hot import yaql_budget



@functools.cache
def _yaql_library() -> tuple[Any, Any] | None:
    """yaql and its exceptions module, or None if it is not installed.

    Imported the first time a template uses the function, not with the
    engine: ~2 MiB that most processes never need. Without it the function
    refuses clearly (501).
    """
    try:
        return (importlib.import_module("yaql"),
                importlib.import_module("yaql.language.exceptions"))
    except ImportError:  # pragma: no cover - depends on the installation
        return None


class Invalid(Function):
    """A function that is not allowed in this place (a condition definition)."""

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        raise ValueError('The function "%s" is invalid in this context' % fn_name)

    def result(self) -> Any:  # pragma: no cover - never constructed
        return None


class Equals(Function):
    """A function for comparing whether two values are equal.

    ``equals: [<value_1>, <value_2>]`` is true when they are equal.
    """

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not args or not isinstance(args, list) or len(args) != 2:
            raise ValueError('Arguments to "%s" must be of the form: [value_1, value_2]'
                             % fn_name)
        self._first, self._second = args

    def result(self) -> Any:
        return function.resolve(self._first) == function.resolve(self._second)


class If(Macro):
    """A function to return corresponding value based on condition evaluation.

    ``if: [<condition>, <value_if_true>, <value_if_false>]``.
    """

    def _read_args(self) -> tuple[Any, Any, Any]:
        if len(self.args) != 3:
            raise ValueError()
        return self.args[0], self.args[1], self.args[2]

    def expand(self) -> Any:
        try:
            if not self.args or not isinstance(self.args, Sequence) or isinstance(
                    self.args, str):
                raise ValueError()
            condition, if_true, if_false = self._read_args()
        except ValueError:
            raise ValueError('Arguments to "%s" must be of the form: [condition_name, '
                             'value_if_true, value_if_false]' % self.fn_name) from None
        parsed = self.scope.parse_condition(condition, self.path)
        chosen = if_true if self.scope.condition(function.resolve(parsed)) else if_false
        if chosen is function.OMIT:
            return function.OMIT
        return self.scope.parse(chosen, self.path)


class IfNullable(If):
    """A function to return corresponding value based on condition evaluation.

    From 2021-04-16 the false branch may be left out: the enclosing item is
    then treated as not mentioned in the template.
    """

    def _read_args(self) -> tuple[Any, Any, Any]:
        if not 2 <= len(self.args) <= 3:
            raise ValueError()
        if len(self.args) == 2:
            return self.args[0], self.args[1], function.OMIT
        return self.args[0], self.args[1], self.args[2]


class ConditionBoolean(Function):
    """Base of not/and/or: arguments are condition names, booleans or calls."""

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        self._check_args()

    def _check_args(self) -> None:
        if not isinstance(self.args, Sequence) or isinstance(self.args, str):
            raise ValueError('Arguments to "%s" must be a list of conditions' % self.fn_name)
        if len(self.args) < 2:
            raise ValueError('The minimum number of condition arguments to "%s" is 2.'
                             % self.fn_name)

    def _holds(self, condition: Any) -> bool:
        return self.scope.condition(condition)


class Not(ConditionBoolean):
    """A function that acts as a NOT operator on a condition.

    ``not: <condition>``.
    """

    def _check_args(self) -> None:
        if self.args is None:
            raise ValueError('Argument to "%s" must be a condition' % self.fn_name)

    def result(self) -> Any:
        return not self._holds(function.resolve(self.args))


class And(ConditionBoolean):
    """A function that acts as an AND operator on conditions.

    ``and: [<condition_1>, <condition_2>, ...]``, at least two.
    """

    def result(self) -> Any:
        return all(self._holds(c) for c in function.resolve(self.args))


class Or(ConditionBoolean):
    """A function that acts as an OR operator on conditions.

    ``or: [<condition_1>, <condition_2>, ...]``, at least two.
    """

    def result(self) -> Any:
        return any(self._holds(c) for c in function.resolve(self.args))


class Yaql(Function):
    """A function for executing a yaql expression.

    ``yaql: {expression: <text>, data: <map>}`` evaluates the expression on
    ``$.data``; the iterator and memory limits come from the [yaql] options,
    the time limit too (yaql_budget.py), and the result is held to
    max_evaluated_value_size.
    """

    _engines: dict[tuple[int, int], Any] = {}

    def __init__(self, scope: Scope, fn_name: str, args: Any) -> None:
        super().__init__(scope, fn_name, args)
        if not isinstance(args, Mapping):
            raise TypeError('Arguments to "%s" must be a map.' % fn_name)
        if "expression" not in args or set(args) - {"expression", "data"}:
            example = ("%s:\n              expression: $.data.var1.sum()\n"
                       "              data:\n                var1: [3, 2, 1]" % fn_name)
            raise KeyError('"%s" syntax should be %s' % (fn_name, example))
        self._expression = args["expression"]
        self._data = args.get("data", {})

    @classmethod
    def _library(cls) -> tuple[Any, Any]:
        library = _yaql_library()
        if library is None:
            raise exception.NotImplementedYet(
                feature='The template function "yaql" (the yaql library is not installed)')
        return library

    @classmethod
    def _engine(cls) -> Any:
        yaql, _ = cls._library()
        limits = (cfg.CONF.yaql.limit_iterators, cfg.CONF.yaql.memory_quota)
        engine = cls._engines.get(limits)
        if engine is None:
            options = {"yaql.limitIterators": limits[0], "yaql.memoryQuota": limits[1]}
            engine = (yaql.YaqlFactory().create(options), yaql.create_context())
            cls._engines[limits] = engine
        return engine

    def _parse(self, expression: Any) -> Any:
        if not isinstance(expression, str):
            raise TypeError('The "expression" argument to %s must contain a string.'
                            % self.fn_name)
        parser, _context = self._engine()
        _, yaql_exceptions = self._library()
        try:
            return parser(expression)
        except yaql_exceptions.YaqlException as exc:
            raise ValueError("Bad expression %s." % exc) from None

    def validate(self) -> None:
        super().validate()
        if not isinstance(self._expression, Function):
            self._parse(self._expression)

    def result(self) -> Any:
        statement = self._parse(function.resolve(self._expression))
        data = function.resolve(self._data)
        _parser, context = self._engine()
        try:
            value = yaql_budget.evaluate(statement, data, context,
                                         cfg.CONF.yaql.evaluation_timeout)
        except exception.HeatException:
            raise
        except Exception as exc:  # any failure of the user's expression is theirs
            raise ValueError("Bad expression %s." % exc) from None
        value_size.check('"%s"' % self.fn_name, value_size.size_of(value, value_size.limit()))
        return value
