"""``.. heatlite-api-reference::``: the v1 API reference, from the code.

Every operation of heatlite's OpenAPI document (heatlite/api/openapi/
v1.yaml, which a unit test keeps in step with the route table) becomes a
section: method and URL, summary, parameters and answers, then the JSON
request and answer recorded from a live heatlite-all by
tests/functional/test_api_samples.py (api/samples/): the request line
and body, the answer's status
line and headers where it is not a plain 200, its JSON body where it has
one. An operation without any sample is a build warning (an error under
``-W``). Nothing here is written by hand, so the reference cannot drift
from the service.
"""

from __future__ import annotations

import pathlib
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

METHODS = ("get", "post", "put", "patch", "delete")
# A sample file's suffix after the operation id, its title and its lexer.
SAMPLE_KINDS = (("-request.http", "Request:", "http"),
                ("-request.json", "Request:", "json"),
                ("-response.http", "Answer:", "http"),
                ("-response.json", "Answer:", "json"))
LOG = logging.getLogger(__name__)


def _resolve(doc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    ref = item.get("$ref")
    if not ref:
        return item
    node: Any = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _parameters(doc: dict[str, Any], path_item: dict[str, Any],
                operation: dict[str, Any]) -> list[str]:
    lines = []
    for raw in path_item.get("parameters", []) + operation.get("parameters", []):
        param = _resolve(doc, raw)
        need = "required" if param.get("required") else "optional"
        text = " ".join(param.get("description", "").split())
        lines.append("- ``%s`` (%s, %s)%s" % (param["name"], param["in"], need,
                                              ": " + text if text else ""))
    return lines


def _answers(doc: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    return ["- ``%s``: %s" % (code, " ".join(_resolve(doc, answer).get("description",
                                                                       "").split()))
            for code, answer in operation.get("responses", {}).items()]


def _samples(samples: pathlib.Path, op_id: str) -> list[str]:
    """The operation's recorded exchange; an answer's head and body share a title."""
    lines: list[str] = []
    titled: set[str] = set()
    for suffix, title, lexer in SAMPLE_KINDS:
        path = samples / (op_id + suffix)
        if not path.is_file():
            continue
        if title not in titled:
            titled.add(title)
            lines += ["", title]
        lines += ["", ".. code-block:: " + lexer, ""]
        lines += ["   " + line for line in path.read_text().splitlines()]
    return lines


def unsampled(doc: dict[str, Any], samples: pathlib.Path) -> list[str]:
    """The operation ids that have no recorded sample at all."""
    return [op["operationId"] for item in doc["paths"].values()
            for op in (item[m] for m in METHODS if m in item)
            if not any((samples / (op["operationId"] + suffix)).is_file()
                       for suffix, _, _ in SAMPLE_KINDS)]


def _section(doc: dict[str, Any], samples: pathlib.Path, url: str,
             path_item: dict[str, Any], method: str) -> list[str]:
    operation = path_item[method]
    title = "%s /v1%s" % (method.upper(), url)
    lines = [title, "~" * len(title), "", operation.get("summary", ""), ""]
    if operation.get("description"):
        lines += [" ".join(operation["description"].split()), ""]
    params = _parameters(doc, path_item, operation)
    if params:
        lines += ["Parameters:", ""] + params + [""]
    lines += ["Answers:", ""] + _answers(doc, operation)
    lines += _samples(samples, operation.get("operationId", ""))
    return lines + [""]


def reference_lines(doc: dict[str, Any], samples: pathlib.Path) -> list[str]:
    """The reference as reStructuredText: a section per tag, then per operation."""
    lines: list[str] = []
    for tag in (t["name"] for t in doc.get("tags", [])):
        heading = tag.replace("_", " ").capitalize()
        lines += [heading, "-" * len(heading), ""]
        for url, path_item in doc["paths"].items():
            for method in METHODS:
                if method in path_item and tag in path_item[method].get("tags", []):
                    lines += _section(doc, samples, url, path_item, method)
    return lines


class ApiReference(SphinxDirective):
    """Renders the whole reference where the directive stands."""

    def run(self) -> list[nodes.Node]:
        src = pathlib.Path(self.env.srcdir)
        spec = (src / self.config.heatlite_openapi).resolve()
        samples = (src / self.config.heatlite_api_samples).resolve()
        self.env.note_dependency(str(spec))
        for sample in samples.iterdir():
            self.env.note_dependency(str(sample))
        doc = yaml.safe_load(spec.read_text())
        for op_id in unsampled(doc, samples):
            LOG.warning("API operation %s has no recorded sample (tools/api-samples)",
                        op_id, location=self.get_location())
        content = StringList(reference_lines(doc, samples), source=str(spec))
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, content, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("heatlite_openapi", "../../heatlite/api/openapi/v1.yaml", "env")
    app.add_config_value("heatlite_api_samples", "api/samples", "env")
    app.add_directive("heatlite-api-reference", ApiReference)
    return {"parallel_read_safe": True}
