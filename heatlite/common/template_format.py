"""Template text -> dict: JSON or YAML, safe loading, size and shape limits.

Errors carry Heat's wording. A malformed or non-mapping template raises
ValueError, which the caller reports in its own frame (the API as
"Template not in valid format: ..." 400, as Heat does); an oversized one
raises RequestLimitExceeded (400). Size is measured twice: on the text
before parsing, and on the YAML node graph with every alias expanded
before any object is built (common/document_bounds.py), so a small alias
bomb is refused without ever being expanded. YAML timestamps stay strings, so
``heat_template_version: 2018-08-31`` is the str Heat's version table is keyed
on, not a datetime.date.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from oslo_config import cfg

from heatlite.common import config
from heatlite.common import document_bounds
from heatlite.common import exception

_LoaderBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

VERSION_KEYS = ("HeatTemplateFormatVersion", "heat_template_version",
                "AWSTemplateFormatVersion")


class YamlLoader(_LoaderBase):  # type: ignore[misc,valid-type]
    """Safe loader (C when available) whose strings and timestamps are str."""

    def construct_as_str(self, node: yaml.Node) -> Any:
        return self.construct_scalar(node)


YamlLoader.add_constructor("tag:yaml.org,2002:str", YamlLoader.construct_as_str)
YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", YamlLoader.construct_as_str)


def limits(what: str = "Template",
           conf: cfg.ConfigOpts | None = None) -> document_bounds.Limits:
    """The budgets a template (or environment) document is parsed under."""
    conf = conf or config.CONF
    return document_bounds.Limits(what=what, max_size=conf.max_template_size,
                                  max_aliases=conf.max_yaml_aliases,
                                  max_depth=conf.max_template_depth)


def load_yaml(text: str | bytes, bounds: document_bounds.Limits | None = None) -> Any:
    """Load YAML safely within ``bounds``; a YAMLError carries the position.

    The node graph is composed and measured first, then constructed.
    """
    bounds = bounds or limits()
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        document_bounds.check_yaml_node(node, bounds)
        return loader.construct_document(node)
    except yaml.YAMLError as err:
        if "exceeded maximum nesting depth" in str(err):
            # libyaml's own bound (1000), past ours: no slow re-parse for it
            raise document_bounds.too_deep(bounds) from None
        _add_snippets(err, text)
        raise err
    finally:
        loader.dispose()


def _add_snippets(err: yaml.YAMLError, text: str | bytes) -> None:
    """Give the C loader's marks the text, so the message shows the line.

    Heat re-parses with the pure-Python loader for that; on a large
    document that takes seconds, while the marks already know the place.
    """
    buffer = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    for name in ("context_mark", "problem_mark"):
        mark = getattr(err, name, None)
        if mark is not None and mark.buffer is None:
            setattr(err, name, yaml.Mark(mark.name, mark.index, mark.line,
                                         mark.column, buffer, mark.index))


def load_json(text: str | bytes, bounds: document_bounds.Limits) -> Any:
    """json.loads within the depth budget (ValueError when not JSON)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise document_bounds.too_deep(bounds) from None
    document_bounds.check_depth(value, bounds)
    return value


def validate_template_limit(contain_str: str, conf: cfg.ConfigOpts | None = None) -> None:
    """RequestLimitExceeded when the text is larger than ``max_template_size``."""
    limit = (conf or config.CONF).max_template_size
    if len(contain_str) > limit:
        msg = ("Template size (%(actual_len)s bytes) exceeds maximum allowed "
               "size (%(limit)s bytes)." % {"actual_len": len(contain_str),
                                            "limit": limit})
        raise exception.RequestLimitExceeded(message=msg)


def simple_parse(tmpl_str: str | bytes, tmpl_url: str | None = None,
                 conf: cfg.ConfigOpts | None = None) -> dict[str, Any]:
    """JSON first, then YAML; the result must be a mapping (ValueError if not)."""
    bounds = limits("Template", conf)
    try:
        tpl = load_json(tmpl_str, bounds)
    except ValueError:
        try:
            tpl = load_yaml(tmpl_str, bounds)
        except yaml.YAMLError as err:
            raise ValueError("Error parsing template %(tmpl)s %(yea)s" % {
                "tmpl": tmpl_url or "[root stack]", "yea": err}) from err
        if tpl is None:
            tpl = {}
    if not isinstance(tpl, dict):
        raise ValueError("The template is not a JSON object or YAML mapping.")
    return tpl


def parse(tmpl_str: str | bytes, tmpl_url: str | None = None,
          conf: cfg.ConfigOpts | None = None) -> dict[str, Any]:
    """A template document from text, which must name a template version."""
    validate_template_limit(str(tmpl_str), conf)
    tpl = simple_parse(tmpl_str, tmpl_url, conf)
    if not any(key in tpl for key in VERSION_KEYS):
        raise ValueError("Template format version not found.")
    return tpl
