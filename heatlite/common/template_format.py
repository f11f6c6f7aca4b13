"""Template text -> dict: JSON or YAML, safe loading, size limit.

Errors carry Heat's wording. A malformed or non-mapping template raises
ValueError, which the caller reports in its own frame (the API as
"Template not in valid format: ..." 400, as Heat does); an oversized one
raises RequestLimitExceeded (400). YAML timestamps stay strings, so
``heat_template_version: 2018-08-31`` is the str Heat's version table is keyed
on, not a datetime.date.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from oslo_config import cfg

from heatlite.common import config
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


def load_yaml(text: str | bytes) -> Any:
    """Load YAML safely; a YAMLError carries the position of the fault.

    The C loader's messages lack the snippet, so a failure is re-parsed with
    the pure-Python loader for the message (as Heat does).
    """
    try:
        return yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=yaml.SafeLoader)


def validate_template_limit(contain_str: str, conf: cfg.ConfigOpts | None = None) -> None:
    """RequestLimitExceeded when the text is larger than ``max_template_size``."""
    limit = (conf or config.CONF).max_template_size
    if len(contain_str) > limit:
        msg = ("Template size (%(actual_len)s bytes) exceeds maximum allowed "
               "size (%(limit)s bytes)." % {"actual_len": len(contain_str),
                                            "limit": limit})
        raise exception.RequestLimitExceeded(message=msg)


def simple_parse(tmpl_str: str | bytes, tmpl_url: str | None = None) -> dict[str, Any]:
    """JSON first, then YAML; the result must be a mapping (ValueError if not)."""
    try:
        tpl = json.loads(tmpl_str)
    except ValueError:
        try:
            tpl = load_yaml(tmpl_str)
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
    tpl = simple_parse(tmpl_str, tmpl_url)
    if not any(key in tpl for key in VERSION_KEYS):
        raise ValueError("Template format version not found.")
    return tpl
