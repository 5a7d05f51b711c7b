"""What differs between a stored source and another map's copy of it, for the 409 of a conflicting write."""

from __future__ import annotations

import msgspec

from graph.errors import Conflict
from graph.sources import PER_MAP, StoredSource, metadata
from schemas import Source

CONTEXT = 30


def stored_source_conflict(stored: StoredSource, source: Source, map_id: str | None = None) -> Conflict:
    """The 409 for ``source`` (posted, or cited by map ``map_id``) unlike the stored one's latest text.

    Example:
        >>> from graph.sources import Revision
        >>> first = Source(id="s", title="Essay", text="One.")
        >>> kept = StoredSource(source=first, revisions=(Revision(1, "One."),))
        >>> message = str(stored_source_conflict(kept, Source(id="s", title="Essay!", text="One.")))
        >>> print(message.split("; ")[0])
        source 's' ('Essay') is stored (revision 1) with other content: these fields differ: title (stored \
'Essay', yours 'Essay!')
    """
    stored_doc = msgspec.json.encode(metadata(stored.source)).decode()
    difference = source_difference(stored_doc, stored.latest.text, source)
    others = [m for m, _revision in stored.citations if m != map_id]
    where = f"already cited by map {others[0]!r}" if others else f"stored (revision {stored.latest.number})"
    remedy = (
        "cite it unchanged (or by its id alone, with text_file), or give yours another id"
        if map_id is not None
        else f"post a corrected text as its next revision (POST /sources/{stored.id}/revisions), or give "
        "yours another id"
    )
    return Conflict(
        f"source {stored.id!r} ({stored.source.title!r}) is {where} with other content: {difference}; "
        f"a stored source is shared as it is: {remedy}"
    )


def source_difference(stored_doc: str | None, stored_text: str | None, source: Source) -> str:
    """Each field in which ``source`` differs from the stored one, and for the text where it first does.

    ``stored_doc`` is the stored metadata as JSON (without text), ``stored_text`` the stored text.

    Example:
        >>> stored = '{"id": "s", "title": "Essay", "url": null}'
        >>> mine = Source(id="s", title="Essay", text="One. Two.")
        >>> for part in source_difference(stored, "One. Two.!", mine).split("; "):
        ...     print(part)
        the text differs: yours is 9 characters, the stored one 10
        they agree up to character 9
        from there the stored text goes on "!" and yours ends
    """
    stored = msgspec.json.decode(stored_doc) if stored_doc else {}
    mine = msgspec.to_builtins(msgspec.structs.replace(source, text=None, text_file=None))
    differences = []
    for field in msgspec.structs.fields(Source):
        name = field.encode_name
        if name in ("id", "text", "text_file", *PER_MAP):
            continue
        if stored.get(name) != mine.get(name):
            differences.append(f"{name} (stored {_show(stored.get(name))}, yours {_show(mine.get(name))})")
    text = _text_difference(stored_text or "", source.text or "")
    if text:
        differences.append(text)
    if not differences:
        return "the same as stored (another writer changed it at the same moment: try again)"
    if len(differences) == 1 and text:
        return text
    return "these fields differ: " + "; ".join(differences)


def _text_difference(stored: str, mine: str) -> str | None:
    if stored == mine:
        return None
    at = _agreeing(stored, mine)
    sizes = f"yours is {len(mine)} characters, the stored one {len(stored)}"
    if at == len(mine):
        went_on = f"the stored text goes on {_quoted(stored[at : at + CONTEXT])} and yours ends"
    elif at == len(stored):
        went_on = f"yours goes on {_quoted(mine[at : at + CONTEXT])} and the stored text ends"
    else:
        went_on = (
            f"the stored text reads {_quoted(stored[at : at + CONTEXT])} and yours "
            f"{_quoted(mine[at : at + CONTEXT])} (after {_quoted(stored[max(0, at - CONTEXT) : at])})"
        )
    same_size = "" if len(stored) != len(mine) else f"both are {len(mine)} characters"
    return f"the text differs: {same_size or sizes}; they agree up to character {at}; from there {went_on}"


def _agreeing(first: str, second: str) -> int:
    """How many leading characters ``first`` and ``second`` share: slices compared in C, halving each time.

    A text may be megabytes long and this runs inside the write's transaction, so no loop per character.

    Example:
        >>> _agreeing("abcdef", "abcxef"), _agreeing("abc", "abcd"), _agreeing("", "x")
        (3, 3, 0)
    """
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _quoted(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace('"', '\\"') + '"'
    )


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
