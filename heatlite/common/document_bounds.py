"""Bounds on a parsed document's shape: expanded size, aliases and depth.

A YAML document of a kilobyte can stand for gigabytes once its aliases are
followed (a "billion laughs"): the loader shares one object per anchor, but
anything that serializes or copies the result expands it. So the composed
node graph is measured before any Python object is built, with each node's
expanded size computed once (a memo per node), and a document whose
expansion, alias uses or nesting pass a budget is refused. JSON has no
aliases; its nesting is measured on the parsed value. Both walks are
iterative: hostile depth must not become a RecursionError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from heatlite.common import exception


@dataclass(frozen=True)
class Limits:
    """The budgets one document is held to."""

    what: str           # "Template" or "Environment", for the messages
    max_size: int       # characters once every alias is expanded
    max_aliases: int    # uses of an anchor (each is a copy when serialized)
    max_depth: int      # nested collections


def _too_large(limits: Limits, size: int) -> exception.RequestLimitExceeded:
    return exception.RequestLimitExceeded(
        message="%s size (%s bytes) exceeds maximum allowed size (%s bytes)."
        % (limits.what, size, limits.max_size))


def check_text_size(text: str | bytes, limits: Limits) -> None:
    """RequestLimitExceeded when the raw text alone is over ``max_size``."""
    if len(text) > limits.max_size:
        raise _too_large(limits, len(text))


def too_deep(limits: Limits) -> exception.RequestLimitExceeded:
    """The error for a document nested past ``max_depth``."""
    return exception.RequestLimitExceeded(
        message="%s nesting exceeds maximum allowed depth (%s)."
        % (limits.what, limits.max_depth))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_yaml_node(root: yaml.Node, limits: Limits) -> None:
    """RequestLimitExceeded when the composed graph breaks a budget.

    A node met again through an alias counts once more towards the
    aliases, and its (memoized) size counts again towards the expanded
    size, which is what a serializer would write. A recursive alias (a node
    inside itself) expands without end and is refused.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    aliases = 0
    # (node, depth, children left to visit or None before the first visit)
    stack: list[tuple[yaml.Node, int, list[yaml.Node] | None]] = [(root, 1, None)]
    while stack:
        node, depth, todo = stack.pop()
        key = id(node)
        if todo is None:
            if key in sizes:
                aliases += 1
                if aliases > limits.max_aliases:
                    raise exception.RequestLimitExceeded(
                        message="%s uses more than %s YAML aliases."
                        % (limits.what, limits.max_aliases))
                continue
            if key in on_path:
                raise exception.RequestLimitExceeded(
                    message="%s has a recursive YAML alias." % limits.what)
            if depth > limits.max_depth:
                raise too_deep(limits)
            on_path.add(key)
            todo = _children(node)
        if todo:
            child = todo.pop()
            stack.append((node, depth, todo))
            stack.append((child, depth + 1, None))
            continue
        on_path.discard(key)
        sizes[key] = _node_size(node, sizes)
        if sizes[key] > limits.max_size:
            raise _too_large(limits, sizes[key])


def _node_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """About the length of the node's JSON text, its children already sized."""
    if isinstance(node, yaml.ScalarNode):
        return len(node.value) + 2
    return 2 + sum(sizes[id(child)] + 1 for child in _children(node))


def check_depth(value: Any, limits: Limits) -> None:
    """RequestLimitExceeded when a parsed value nests past ``max_depth``."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limits.max_depth:
            raise too_deep(limits)
        stack.extend((child, depth + 1) for child in children)
