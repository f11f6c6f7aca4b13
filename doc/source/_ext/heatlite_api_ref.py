"""``.. heatlite-api-reference::``: the v1 API reference, from the code.

Every operation of heatlite's OpenAPI document (heatlite/api/openapi/
v1.yaml, which a unit test keeps in step with the route table) becomes a
section: method and URL, summary, parameters and answers, then the JSON
request and answer recorded from a live heatlite-all by
tests/functional/test_api_samples.py (api/samples/), where there is one.
Nothing here is written by hand, so the reference cannot drift from the
service.
"""

from __future__ import annotations

import pathlib
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

METHODS = ("get", "post", "put", "patch", "delete")


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


def _sample(samples: pathlib.Path, name: str, title: str) -> list[str]:
    path = samples / name
    if not path.is_file():
        return []
    body = ["   " + line for line in path.read_text().splitlines()]
    return ["", title, "", ".. code-block:: json", ""] + body


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
    op_id = operation.get("operationId", "")
    lines += _sample(samples, op_id + "-request.json", "Request:")
    lines += _sample(samples, op_id + "-response.json", "Answer:")
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
        for sample in samples.glob("*.json"):
            self.env.note_dependency(str(sample))
        doc = yaml.safe_load(spec.read_text())
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
