"""Where a problem's path is in the file: ``nodes[1].quotes[0]`` becomes line 20, column 9, for an editor."""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from graph.document._parse import _Loader

_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def positions(text: str, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    r"""The line and column (from 1) where each path's value starts in a YAML or JSON ``text``.

    A path that goes further than the document (a missing field) gets the place of the deepest part that is
    there, e.g. the node that lacks the field. Paths of a text that does not parse get no position.

    Example:
        >>> text = "id: x\nnodes:\n  - id: a\n    kind: odd\n"
        >>> positions(text, ["nodes[0].kind", "nodes[0].text", "$"])
        {'nodes[0].kind': (4, 11), 'nodes[0].text': (3, 5), '$': (1, 1)}
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    if root is None:
        return {}
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        node = root
        for index, name in _STEP.findall("" if path == "$" else path):
            child = _child(node, int(index) if index else name)
            if child is None:
                break
            node = child
        found[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    return found


def _child(node: yaml.Node, step: int | str) -> yaml.Node | None:
    if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
        item: yaml.Node = node.value[step]
        return item
    if isinstance(step, str) and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                found: yaml.Node = value
                return found
    return None
