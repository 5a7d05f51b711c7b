"""A comparison of two maps as a teacher's notes: Markdown to edit, a standalone HTML page to read. Pure.

The notes say where the two readings of the source part ways, in the words of the maps and of the source,
and never mark either: no grade, no percentage of agreement, no "right" map. Every text of the maps is
escaped (``graph.markup``), so a map's words never become markup, a link or an image.
"""

from __future__ import annotations

from graph.markup import html_text, markdown_text
from schemas import (
    MapComparison,
    MapVerdict,
    NodeMatch,
    RelationChange,
    RelationSide,
    RelationType,
    UnmatchedNode,
)

SHORT = 160
"""Characters of a map's text or a quote shown in a note; a longer one is cut (the JSON has it whole)."""
_VERB = {
    RelationType.SUPPORTS: "supporting",
    RelationType.ATTACKS: "attacking",
    RelationType.QUALIFIES: "qualifying",
}
_STYLE = (
    "body{font:16px/1.5 Georgia,serif;max-width:48em;margin:1em auto;padding:0 12px;overflow-wrap:anywhere}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.4em}li{margin:.3em 0}"
)

Section = tuple[str, list[str]]


def _short(text: str, limit: int = SHORT) -> str:
    r"""``text`` on one line, cut at a word boundary near ``limit`` characters.

    Example:
        >>> _short("one two\nthree four", 14)
        'one two three…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _said(text: str) -> str:
    return f"“{_short(text)}”"


def notes(comparison: MapComparison) -> tuple[str, list[str], list[Section]]:
    """The notes as plain text: a title, the opening lines and each section's heading and items."""
    a, b = comparison.a, comparison.b
    titles = {source.id: source.title for source in comparison.sources}
    text_a = {match.a: match.a_text for match in comparison.matches}
    text_b = {match.b: match.b_text for match in comparison.matches}
    cited = " and ".join(_said(source.title) for source in comparison.sources)
    opening = [
        f"A is {_said(a.title)} (map {a.map_id}, version {a.version}); "
        f"B is {_said(b.title)} (map {b.map_id}, version {b.version}).",
        f"Both read {cited}. These notes say where the two readings part ways; neither map is taken as the "
        "right one.",
    ]
    # Where the readings part ways comes first: it is what a teacher reads the notes for.
    sections: list[Section] = [
        (
            "What B does not map",
            [_missed(node, titles) for node in comparison.missed] or ["B maps every point A makes."],
        ),
        (
            "What B adds",
            [_extra(node, titles) for node in comparison.extra] or ["B makes no point A does not."],
        ),
        (
            "How the points are connected",
            [_relation(change, text_a, text_b) for change in comparison.relations]
            or ["Where both maps have the same two points, they connect them alike."],
        ),
        ("How much each point weighs", _weights(comparison, text_a)),
        ("Where each map ends", [_verdict("A", a), _verdict("B", b)]),
        ("Points both maps make", [_matched(match) for match in comparison.matches] or ["None."]),
    ]
    return f"Comparing A ({a.map_id}) with B ({b.map_id})", opening, sections


def _matched(match: NodeMatch) -> str:
    same_words = match.a_text == match.b_text
    if "span" in match.matched_by:
        how = "the same passage"
        if same_words:
            how += ", in the same words"
        elif "text" in match.matched_by:
            how += ", in much the same words"
        else:
            how += f" (quotes overlapping {match.span_overlap:.2f})"
    else:
        how = "the same words" if same_words else f"much the same words (overlap {match.text_similarity:.2f})"
    if same_words:
        return f"Both: {_said(match.a_text)} ({how})."
    return f"A's {_said(match.a_text)} is B's {_said(match.b_text)}: {how}."


def _where(node: UnmatchedNode, titles: dict[str, str]) -> str:
    first = node.passages[0]
    more = len(node.passages) - 1
    also = f" (and {more} more passage{'s' if more > 1 else ''})" if more else ""
    return (
        f"characters {first.start}-{first.end} of {_said(titles.get(first.source, first.source))}: "
        f"'{_short(first.text)}'{also}"
    )


def _missed(node: UnmatchedNode, titles: dict[str, str]) -> str:
    if node.passages:
        return f"B does not map the argument at {_where(node, titles)} (A: {_said(node.text)})."
    return f"B does not make A's point {_said(node.text)} (A quotes no passage for it)."


def _extra(node: UnmatchedNode, titles: dict[str, str]) -> str:
    if node.passages:
        return (
            f"B also maps the argument at {_where(node, titles)}, which A does not (B: {_said(node.text)})."
        )
    return f"B adds a point A does not make: {_said(node.text)} (B quotes no passage for it)."


def _drawn(side: RelationSide, texts: dict[str, str]) -> str:
    return f"{_said(texts[side.source])} {_VERB[side.type]} {_said(texts[side.target])}"


def _relation(change: RelationChange, text_a: dict[str, str], text_b: dict[str, str]) -> str:
    if change.a is None:
        assert change.b is not None  # noqa: S101 - a change has at least one side
        return f"B has {_drawn(change.b, text_b)}; A does not connect the two."
    if change.b is None:
        return f"A has {_drawn(change.a, text_a)}; B does not connect the two."
    if change.change in ("polarity", "type"):
        return (
            f"A reads {_said(text_a[change.a.source])} as {_VERB[change.a.type]} "
            f"{_said(text_a[change.a.target])}; B reads it as {_VERB[change.b.type]} it."
        )
    return f"A has {_drawn(change.a, text_a)}; B draws it the other way round: {_drawn(change.b, text_b)}."


def _weights(comparison: MapComparison, text_a: dict[str, str]) -> list[str]:
    items = [
        f"{_said(text_a[difference.a])} stands on its own at {difference.a_base_score:.2f} in A and "
        f"{difference.b_base_score:.2f} in B."
        for difference in comparison.base_scores
    ]
    unlisted = comparison.base_scores_differing - len(comparison.base_scores)
    if unlisted:
        items.append(f"{unlisted} more matched point{'s' if unlisted > 1 else ''} differ less in base score.")
    items += [
        f"The link from {_said(text_a[difference.a.source])} to {_said(text_a[difference.a.target])} acts "
        f"with weight {difference.a.weight:.2f} in A and {difference.b.weight:.2f} in B."
        for difference in comparison.weights
    ]
    unlisted = comparison.weights_differing - len(comparison.weights)
    if unlisted:
        items.append(f"{unlisted} more link{'s' if unlisted > 1 else ''} differ less in weight.")
    return items or ["The points both make start from the same base scores, and their links weigh the same."]


def _verdict(letter: str, verdict: MapVerdict) -> str:
    return (
        f"{letter}'s root, {_said(verdict.root_text)}, ends at {verdict.strength:.2f} under "
        f"{verdict.semantics}, once everything {letter} maps for and against it is weighed."
    )


def comparison_markdown(comparison: MapComparison) -> str:
    """The notes as Markdown: a heading per section, a list item per note, every map text escaped."""
    title, opening, sections = notes(comparison)
    lines = [f"# {markdown_text(title)}", "", *(markdown_text(line) for line in opening)]
    for heading, items in sections:
        lines += ["", f"## {heading}", ""]
        lines += [f"- {markdown_text(item)}" for item in items]
    return "\n".join(lines) + "\n"


def comparison_html(comparison: MapComparison) -> str:
    """The notes as a standalone HTML page (no script, no external resource), readable on a phone."""
    title, opening, sections = notes(comparison)
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(title)}</title><style>{_STYLE}</style></head><body><main>",
        f"<h1>{html_text(title)}</h1>",
        *(f"<p>{html_text(line)}</p>" for line in opening),
    ]
    for heading, items in sections:
        parts.append(f"<h2>{html_text(heading)}</h2><ul>")
        parts += [f"<li>{html_text(item)}</li>" for item in items]
        parts.append("</ul>")
    parts.append("</main></body></html>")
    return "".join(parts)
