"""A brief as a printable page: Markdown for editing, HTML for printing. Pure.

Compact on purpose (a class prints one page per side): the three heaviest pieces of evidence per argument, by
their figures; one quote each; long texts shortened; numbers to two decimals; the thesis's spread in one line.
The JSON brief has everything. Every text of the map is escaped, in Markdown as in HTML: a map is written by
whoever holds the token, and its words must never become markup, a link or an image in whatever renders the
brief.
"""

from __future__ import annotations

import html

from graph.mapgraph import spread_line
from graph.markup import markdown_text as _md
from graph.words import counted
from schemas import Brief, BriefArgument, BriefNode, BriefQuote

EVIDENCE_SHOWN = 2
QUOTES_SHOWN = 1
SHORT = 160
_SIDE = {"pro": "For", "con": "Against"}
_STYLE = (
    "@page{size:A4;margin:12mm}body{font:10pt/1.3 Georgia,serif;max-width:48em;margin:auto;padding:0 12px}"
    "h1{font-size:14pt;margin:0 0 4pt}h2{font-size:11pt;margin:8pt 0 2pt;border-bottom:1px solid #999}"
    "ol,ul{margin:2pt 0;padding-left:16pt}li{margin:1pt 0}.n{color:#555;font-size:9pt}"
    "p{margin:2pt 0}q{font-style:italic}"
)


def _short(text: str, limit: int = SHORT) -> str:
    """``text`` cut at a word boundary near ``limit`` characters.

    Example:
        >>> _short("one two three four", 9)
        'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _numbers(node: BriefNode) -> str:
    return f"strength {node.strength:.2f} (base {node.base_score:.2f}), contribution {node.contribution:+.3f}"


def _evidence(node: BriefNode) -> str:
    """Evidence by its numbers when it has them (they are what a debater cites), else by its words."""
    said = "; ".join(node.figures) if node.figures else _short(node.text, 120)
    return f"{_short(said, 200)} ({node.speaker}; strength {node.strength:.2f})"


def _voice(quote: BriefQuote) -> str:
    if quote.whose:
        return quote.whose
    if quote.own_words is None:
        return f"{quote.speaker} (whose words: not recorded)"
    return f"{quote.speaker}, own words" if quote.own_words else f"{quote.speaker}, as the source paraphrases"


def _header(brief: Brief) -> tuple[str, str, str]:
    title = f"{_SIDE[brief.side]}: {_short(brief.thesis, 200)}"
    sampled = ", sampled" if brief.approximate else ""
    meta = f"Map {brief.map_id} v{brief.version} · {brief.semantics} · {brief.contribution}{sampled}"
    strength = f"Thesis strength {brief.root_strength:.2f} (base score {brief.root_base_score:.2f})."
    return title, meta, strength


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown, one page for a map the size of the essay; every text of the map escaped."""
    title, meta, strength = (_md(part) for part in _header(brief))
    lines = [
        f"# {title}",
        "",
        f"*{meta}*",
        "",
        f"**{strength}** {_md(brief.reading)}",
        "",
        *([f"*{_md(spread_line(brief.spread))}*", ""] if brief.spread else []),
        "## Our arguments",
    ]
    for argument in brief.arguments:
        lines.extend(_argument_markdown(argument))
    if not brief.arguments:
        lines.append("None: nothing in the map contributes to this side.")
    lines += ["", "## Their points nothing in the map answers"]
    lines += [
        f"- {_md(_short(n.text))} ({_md(n.speaker)}; {_md(_numbers(n))})" for n in brief.unanswered
    ] or ["- none"]
    lines += ["", "## Our claims that rest on no evidence"]
    lines += [
        f"- {_md(_short(n.text))} ({_md(n.speaker)}; {_md(_numbers(n))})" for n in brief.unsupported
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def _argument_markdown(argument: BriefArgument) -> list[str]:
    node = argument.node
    lines = [
        f"{argument.rank}. **{_md(_short(node.text, 240))}** ({_md(node.speaker)}; {_md(_numbers(node))})"
    ]
    lines.extend(f"   - Evidence: {_md(_evidence(item))}" for item in argument.evidence[:EVIDENCE_SHOWN])
    if len(argument.evidence) > EVIDENCE_SHOWN:
        more = counted(len(argument.evidence) - EVIDENCE_SHOWN, "more piece", "more pieces")
        lines.append(f"   - and {more} of evidence")
    for attack in argument.attacks:
        reply = f"Reply: {_md(_short(attack.reply.text, 120))}" if attack.reply else "Reply: none in the map"
        said = _md(_short(attack.attack.text, 120))
        lines.append(f"   - They will say: {said} ({attack.attack.strength:.2f}). {reply}")
    lines.extend(
        f'   - Cite: "{_md(_short(q.text, 200))}" ({_md(_voice(q))})' for q in argument.quotes[:QUOTES_SHOWN]
    )
    return lines


def brief_html(brief: Brief) -> str:
    """The brief as a standalone, printable HTML page; every text from the map is escaped."""
    e = html.escape
    title, meta, strength = _header(brief)
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1><p class=n>{e(meta)}</p><p><b>{e(strength)}</b> {e(brief.reading)}</p>",
        f"<p class=n>{e(spread_line(brief.spread))}</p>" if brief.spread else "",
        "<h2>Our arguments</h2><ol>",
    ]
    for argument in brief.arguments:
        node = argument.node
        items: list[str] = []
        items.extend(
            f"<li>Evidence: {e(_evidence(item))}</li>" for item in argument.evidence[:EVIDENCE_SHOWN]
        )
        if len(argument.evidence) > EVIDENCE_SHOWN:
            more = counted(len(argument.evidence) - EVIDENCE_SHOWN, "more piece", "more pieces")
            items.append(f"<li>and {more} of evidence</li>")
        for attack in argument.attacks:
            reply = e(_short(attack.reply.text, 120)) if attack.reply else "none in the map"
            items.append(
                f"<li>They will say: {e(_short(attack.attack.text, 120))} ({attack.attack.strength:.2f}). "
                f"<i>Reply:</i> {reply}</li>"
            )
        items.extend(
            f"<li>Cite: <q>{e(_short(q.text, 200))}</q> ({e(_voice(q))})</li>"
            for q in argument.quotes[:QUOTES_SHOWN]
        )
        parts.append(
            f"<li><b>{e(_short(node.text, 240))}</b> <span class=n>({e(node.speaker)}; {e(_numbers(node))})"
            f"</span><ul>{''.join(items)}</ul></li>"
        )
    parts.append("</ol>")
    for heading, nodes in (
        ("Their points nothing in the map answers", brief.unanswered),
        ("Our claims that rest on no evidence", brief.unsupported),
    ):
        rows = "".join(
            f"<li>{e(_short(n.text))} <span class=n>({e(n.speaker)}; {e(_numbers(n))})</span></li>"
            for n in nodes
        )
        parts.append(f"<h2>{heading}</h2><ul>{rows or '<li>none</li>'}</ul>")
    parts.append("</body></html>")
    return "".join(parts)
