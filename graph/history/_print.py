"""A diff between two versions as a page to read: Markdown or a standalone HTML page, map texts escaped."""

from __future__ import annotations

from graph.markup import html_text, markdown_text
from schemas import FieldChange, MapDiff

_STYLE = (
    "body{font:11pt/1.4 Georgia,serif;max-width:48em;margin:1em auto;padding:0 12px}"
    "h1{font-size:14pt}h2{font-size:12pt}"
    "del{background:#fde2e1}ins{background:#dff5e3;text-decoration:none}.n{color:#555}"
)
SHOWN = 240
"""Characters of a changed value shown; a longer one is cut (the JSON diff holds it whole)."""


def _value(value: object) -> str:
    text = "none" if value is None else str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _field_markdown(change: FieldChange) -> str:
    before, after = markdown_text(_value(change.before)), markdown_text(_value(change.after))
    return f"  - {markdown_text(change.field)}: {before} → {after}"


def diff_markdown(diff: MapDiff) -> str:
    r"""The diff as Markdown: one list item per node and relation that differs, changed fields under it.

    Example:
        >>> from schemas import NodeDiff
        >>> page = diff_markdown(MapDiff(map_id="m", from_version=1, to_version=2, relations=[],
        ...     nodes=[NodeDiff(id="a", change="changed", text="*A*",
        ...            fields=[FieldChange(field="base_score", before=0.5, after=0.7)])]))
        >>> print(page.splitlines()[3])
        - changed a: \*A\*
    """
    lines = [
        f"# {markdown_text(diff.map_id)}: version {diff.from_version} to {diff.to_version}",
        "",
        "## Nodes",
    ]
    for node in diff.nodes:
        lines.append(f"- {node.change} {markdown_text(node.id)}: {markdown_text(_value(node.text))}")
        lines += [_field_markdown(change) for change in node.fields]
    if not diff.nodes:
        lines.append("- none")
    lines += ["", "## Relations"]
    for relation in diff.relations:
        ends = f"{markdown_text(relation.source)} -{relation.type}-> {markdown_text(relation.target)}"
        lines.append(f"- {relation.change} {ends}")
        lines += [_field_markdown(change) for change in relation.fields]
    if not diff.relations:
        lines.append("- none")
    return "\n".join(lines) + "\n"


def _field_html(change: FieldChange) -> str:
    before, after = html_text(_value(change.before)), html_text(_value(change.after))
    return f"<li>{html_text(change.field)}: <del>{before}</del> → <ins>{after}</ins></li>"


def diff_html(diff: MapDiff) -> str:
    """The diff as a standalone HTML page (no script, no external resource)."""
    title = f"{diff.map_id}: version {diff.from_version} to {diff.to_version}"
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{html_text(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html_text(title)}</h1><h2>Nodes</h2><ul>",
    ]
    for node in diff.nodes:
        fields = "".join(_field_html(change) for change in node.fields)
        parts.append(
            f"<li>{html_text(node.change)} <b>{html_text(node.id)}</b>: {html_text(_value(node.text))}"
            f"{f'<ul>{fields}</ul>' if fields else ''}</li>"
        )
    parts.append("" if diff.nodes else "<li class=n>none</li>")
    parts.append("</ul><h2>Relations</h2><ul>")
    for relation in diff.relations:
        fields = "".join(_field_html(change) for change in relation.fields)
        ends = f"{html_text(relation.source)} -{html_text(relation.type)}-&gt; {html_text(relation.target)}"
        parts.append(f"<li>{html_text(relation.change)} {ends}{f'<ul>{fields}</ul>' if fields else ''}</li>")
    parts.append("" if diff.relations else "<li class=n>none</li>")
    parts.append("</ul></body></html>")
    return "".join(parts)
