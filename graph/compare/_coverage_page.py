"""A source's coverage as a page: the text, each sentence shaded by how many maps quote it and its count.

Standalone (no script, no resource from elsewhere) and readable from a phone's 375 px to a desktop: the
shading is never the only sign, each sentence also shows its count, and a legend says how to read both.
Every text is escaped. Pure.
"""

from __future__ import annotations

import math

from graph.markup import html_text
from graph.words import counted
from schemas import SentenceCoverage, SourceCoverage

LEVELS = 4
"""Shades of a sentence quoted by at least one map: more maps, darker (level 0 is left white)."""
_SHADES = ("#ffffff", "#e6f0fa", "#c9def4", "#a6c8ec", "#7fb0e2")
"""Light enough for black text at every level (contrast above 8:1)."""
_STYLE = (
    "body{font:17px/1.6 Georgia,serif;color:#111;background:#fff;margin:0}"
    "main{max-width:46em;margin:0 auto;padding:.5em 14px 2em;overflow-wrap:anywhere}"
    "h1{font-size:1.45em;line-height:1.25}h2{font-size:1.15em;margin-top:1.5em}"
    ".maps,.legend{font:15px/1.5 system-ui,sans-serif}.legend ul{list-style:none;padding:0;margin:.5em 0}"
    ".legend li{display:inline-flex;align-items:center;margin:0 1.2em .4em 0}"
    ".sw{display:inline-block;width:1.6em;height:1.1em;border:1px solid #666;margin-right:.4em}"
    ".s{padding:.1em 0;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}"
    ".n{font:bold 14px/1 system-ui,sans-serif;border:1px solid #555;border-radius:3px;padding:1px 4px;"
    "margin:0 .2em 0 .35em;background:#fff;white-space:nowrap}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    + "".join(f".c{level},.sw.c{level}{{background:{shade}}}" for level, shade in enumerate(_SHADES))
)


def level(count: int, total: int) -> int:
    """The shade of a sentence quoted by ``count`` of ``total`` maps: 0 for none, ``LEVELS`` for all.

    Example:
        >>> [level(count, 3) for count in range(4)], [level(count, 10) for count in (1, 5, 9, 10)]
        ([0, 2, 3, 4], [1, 2, 4, 4])
    """
    if count <= 0 or total <= 0:
        return 0
    return max(1, math.ceil(LEVELS * count / total))


def _legend(total: int) -> list[str]:
    """One legend entry per shade in use: its swatch and the counts it stands for."""
    entries = []
    for shade in range(LEVELS + 1):
        counts = [count for count in range(total + 1) if level(count, total) == shade]
        if not counts:
            continue
        low, high = counts[0], counts[-1]
        if high == 0:
            said = "quoted by no map"
        else:
            span = str(low) if low == high else f"{low} to {high}"
            said = f"quoted by {span} of {counted(total, 'map')}"
        entries.append(f'<li><span class="sw c{shade}" aria-hidden="true"></span>{said}</li>')
    return entries


def _sentence(row: SentenceCoverage, total: int) -> str:
    who = ", ".join(row.maps) if row.maps else "no map"
    return (
        f'<span class="s c{level(row.count, total)}" title="quoted by {html_text(who)}">{html_text(row.text)}'
        f'<span class="n">{row.count}<span class="vh"> of {counted(total, "map")}</span></span></span>'
    )


def coverage_html(coverage: SourceCoverage, text: str) -> str:
    """The coverage of the source ``text`` as a standalone HTML page; each line of the source is a paragraph.

    Example:
        >>> from schemas import SourceRef
        >>> row = SentenceCoverage(start=0, end=10, text="<b>Hi.</b>", count=1, maps=["m"])
        >>> page = coverage_html(SourceCoverage(source=SourceRef(id="s", title="S"), length=10, maps=["m"],
        ...                                     quoted=1, sentences=[row]), "<b>Hi.</b>")
        >>> '<span class="s c4" title="quoted by m">&lt;b&gt;Hi.&lt;/b&gt;<span class="n">1' in page
        True
    """
    total = len(coverage.maps)
    title = f"What the maps quote of “{coverage.source.title}”"
    links = ", ".join(f'<a href="/maps/{html_text(m)}/view">{html_text(m)}</a>' for m in coverage.maps)
    paragraphs: list[list[str]] = []
    previous_end: int | None = None
    for row in coverage.sentences:
        if previous_end is None or "\n" in text[previous_end : row.start]:
            paragraphs.append([])
        paragraphs[-1].append(_sentence(row, total))
        previous_end = row.end
    body = "".join(f"<p>{' '.join(sentences)}</p>" for sentences in paragraphs)
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(title)}</title><style>{_STYLE}</style></head><body><main>",
        f"<h1>{html_text(title)}</h1>",
        f'<p class="maps">{counted(total, "map")} counted: {links or "none"}. '
        f"{coverage.quoted} of {counted(len(coverage.sentences), 'sentence')} quoted by at least one.</p>",
        '<section class="legend" aria-labelledby="legend"><h2 id="legend">How to read it</h2>',
        f"<p>The number after each sentence is how many of the {counted(total, 'map')} quote any part of it; "
        "the darker its shading, the more maps do. Hover over a sentence to see which.</p>",
        f"<ul>{''.join(_legend(total))}</ul></section>",
        f'<h2>The text</h2><div class="text">{body}</div>',
        "</main></body></html>",
    ]
    return "".join(parts)
