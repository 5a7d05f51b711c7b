"""Text of a map diagram: cleaning, wrapping, number formats and HTML-like labels.

Every piece of map text reaches DOT only through ``html_text`` (inside ``<...>`` labels) or ``plain_text``
(inside quoted attributes), so those two functions are the whole escaping story.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
import unicodedata

import graphviz

from graph.render._layouts import LEGACY, TypeSizes
from graph.render._style import MUTED, NEUTRAL_EPSILON

WRAP_WIDTH = 28
FULL_WRAP_WIDTH = 40
MAX_LINES = 4
ELLIPSIS = " …"

_WHITESPACE = re.compile(r"\s+")
# Typographic symbols spelled by name: ruff flags the look-alike characters, and the names say what is meant.
SIGMA = "\N{GREEK SMALL LETTER SIGMA}"
MINUS = "\N{MINUS SIGN}"
TIMES = "\N{MULTIPLICATION SIGN}"
DASH = "\N{EN DASH}"
PRO_MARK = "\N{BLACK UP-POINTING TRIANGLE}"
CON_MARK = "\N{BLACK DOWN-POINTING TRIANGLE}"
NEUTRAL_MARK = "\N{WHITE CIRCLE}"


def clean_text(text: str) -> str:
    r"""Fold whitespace (newlines, tabs) to single spaces and drop characters XML or UTF-8 cannot carry.

    Graphviz parses HTML-like labels with an XML parser, which rejects control characters, lone surrogates
    and U+FFFE/U+FFFF outright; and a lone surrogate would not even encode to UTF-8 for the ``dot`` process.
    Backslashes stay: ``html_text`` and ``plain_text`` spell them so that Graphviz draws them as written.

    Example:
        >>> clean_text("two\n  lines\x07 and a \\ backslash")
        'two lines and a \\ backslash'
    """
    kept = []
    for char in _WHITESPACE.sub(" ", text):
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in ("\ufffe", "\uffff"):
            continue
        kept.append(char)
    return "".join(kept).strip()


def wrap(text: str, width: int = WRAP_WIDTH, max_lines: int | None = MAX_LINES) -> list[str]:
    """Wrap cleaned text to lines of at most ``width`` characters, ending with an ellipsis when cut.

    ``max_lines=None`` keeps every line.

    Example:
        >>> wrap("one two three four five", width=9, max_lines=2)
        ['one two', 'three …']
    """
    lines = textwrap.wrap(clean_text(text), width=width, max_lines=max_lines, placeholder=ELLIPSIS)
    return lines or ["—"]


def shorten(text: str, width: int) -> str:
    """Cleaned text on one line, cut to ``width`` characters with an ellipsis."""
    return wrap(text, width=width, max_lines=1)[0]


def html_text(text: str) -> str:
    r"""Text safe inside a Graphviz HTML-like label, drawn exactly as written.

    ``&``, ``<``, ``>`` and quotes become entities. Graphviz expands escapes such as ``\N`` (the node's name)
    even inside HTML-like labels and even when spelled ``&#92;N``, but reads ``\\`` as one backslash, so
    each backslash is doubled.

    Example:
        >>> html_text('a <b> & "c" \\N')
        'a &lt;b&gt; &amp; &quot;c&quot; \\\\N'
    """
    return html.escape(clean_text(text), quote=True).replace("\\", "\\\\")


def plain_text(text: str) -> str:
    r"""Text safe as a quoted DOT attribute (tooltips, names): never read as HTML-like, drawn as written.

    Graphviz un-escapes a tooltip twice (once as an escString, once when writing it out), so each backslash
    is written four times; ``graphviz.quote`` then escapes the double quotes.

    Example:
        >>> plain_text("a \\N <b>")
        'a \\\\\\\\N <b>'
    """
    # nohtml marks the text as a string, so one shaped like <...> is never taken for an HTML-like label.
    escaped: str = graphviz.nohtml(clean_text(text).replace("\\", "\\" * 4))
    return escaped


def format_strength(value: float | None) -> str:
    """Sigma and the strength to two places (``"σ 0.72"``), or a dash when it is unknown."""  # noqa: RUF002
    if value is None or not math.isfinite(value):
        return f"{SIGMA} {DASH}"
    return f"{SIGMA} {value:.2f}"


def format_contribution(value: float | None) -> str:
    """A signed contribution behind a ▲/▼ marker, so its sign never depends on colour alone.

    Negative values use a true minus sign, as typeset figures do: ``▲ +0.081``, ``▼ −0.042``, ``○ 0.000``.
    """  # noqa: RUF002
    if value is None or not math.isfinite(value) or abs(value) < NEUTRAL_EPSILON:
        return f"{NEUTRAL_MARK} 0.000"
    if value > 0:
        return f"{PRO_MARK} +{value:.3f}"
    return f"{CON_MARK} {MINUS}{abs(value):.3f}"


def format_weight(weight: float | None) -> str | None:
    """An edge's weight as a label (``"×0.5"``), or ``None`` for full weight, which needs no label."""  # noqa: RUF002
    if weight is None or weight >= 1.0:
        return None
    return f"{TIMES}{weight:.2f}".rstrip("0").rstrip(".")


def node_label(
    text: str,
    kind: str,
    speaker: str,
    strength: float | None,
    contribution: float | None,
    *,
    is_root: bool,
    full: bool = False,
    sizes: TypeSizes = LEGACY,
    wrap_width: int | None = None,
    arrow: str | None = None,
) -> str:
    """An HTML-like label: wrapped text, then kind and speaker small, then strength and contribution.

    ``arrow``: the weight of the node's arrow, written after its figures (a glyph and ``format_weight``)
    where the arrow itself has no room for a label (a stacked outline).

    ``full`` keeps every word of the text on lines a little wider; otherwise it is cut to ``MAX_LINES``.
    ``wrap_width`` keeps every word on lines of at most that many characters (a layout's choice);
    ``sizes`` gives the point sizes of the small lines (the body's is the node's ``fontsize``).
    """
    if wrap_width is not None:
        wrapped = wrap(text, width=wrap_width, max_lines=None)
    else:
        wrapped = wrap(text, width=FULL_WRAP_WIDTH, max_lines=None) if full else wrap(text)
    lines = "<BR/>".join(html_text(line) for line in wrapped)
    if is_root:
        lines = f"<B>{lines}</B>"
        figures = f"<B>★ ROOT · {format_strength(strength)}</B>"
    else:
        figures = f"{format_strength(strength)}   {format_contribution(contribution)}"
        if arrow is not None:
            figures += f"   {html_text(arrow)}"
    if wrap_width is None:
        meta = f"{html_text(kind.upper())} · {html_text(shorten(speaker, 32))}"
    else:  # every word of the speaker's name too, wrapped like the text
        meta = "<BR/>".join(
            html_text(line) for line in wrap(f"{kind.upper()} · {speaker}", width=wrap_width, max_lines=None)
        )
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f'<TR><TD BALIGN="LEFT" ALIGN="LEFT">{lines}</TD></TR>'
        f'<TR><TD BALIGN="LEFT" ALIGN="LEFT">'
        f'<FONT POINT-SIZE="{sizes.small:g}" COLOR="{MUTED}">{meta}</FONT></TD></TR>'
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{sizes.figures:g}">{figures}</FONT></TD></TR>'
        "</TABLE>>"
    )


def title_label(title: str, subtitle: str, key: str | None = None) -> str:
    """The diagram's heading: the title in bold over a small subtitle, then the key when given.

    ``key`` is trusted HTML-like markup (``graph.render._legend.key_table``), never map text.
    """
    heading = (
        f'<FONT POINT-SIZE="16"><B>{html_text(shorten(title, 90))}</B></FONT><BR/>'
        f'<FONT POINT-SIZE="10" COLOR="{MUTED}">{html_text(subtitle)}</FONT>'
    )
    if key is None:
        return f"<{heading}>"
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
        f"<TR><TD>{heading}</TD></TR><TR><TD>{key}</TD></TR></TABLE>>"
    )
