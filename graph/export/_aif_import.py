"""AIF in: an AIFdb JSON graph becomes a map document, with every default it needed listed.

I-nodes become nodes, RA-nodes ``supports``, CA-nodes ``attacks`` (``qualifies`` when the scheme is argmap's
``"Qualification"``), participants speakers, and each locution's words a quote. AIF cannot say what argmap
needs for scoring, so those get documented defaults (see ``docs/interchange.md``); ``AifImport.defaulted``
lists them and ``AifImport.skipped`` lists what has no place in a map (MA, PA and TA nodes, undercuts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import msgspec

from graph.document import load_document
from graph.errors import InvalidArgumentMap
from graph.export._aif import ASSERTING, QUALIFICATION_SCHEME, RESTATING
from graph.export._aif_defaults import (
    DEFAULT_BASE_SCORE,
    DEFAULT_RATIONALE,
    DEFAULT_TITLE,
    UNATTRIBUTED,
    kinds_of,
    unique_ids,
    without_name,
)
from graph.export._aif_shape import AifShape, read_shape
from schemas import FORMAT_VERSION, Defaulted, MapDocument, RelationType


@dataclass(frozen=True, slots=True)
class AifImport:
    """The map an AIF graph gave, and what the import defaulted or skipped."""

    document: MapDocument
    defaulted: list[Defaulted] = field(default_factory=list)
    skipped: list[Defaulted] = field(default_factory=list)


def from_aif(data: bytes | str, *, map_id: str, title: str | None = None) -> AifImport:
    """Read an AIFdb JSON graph as a valid map document.

    Args:
        data: The AIF JSON (``nodes``, ``edges``; ``locutions`` and ``participants`` when present).
        map_id: The new map's id (a slug).
        title: The map's title; AIF has none, so ``"Imported from AIF"`` when omitted.

    Returns:
        The document (already validated) with the defaults and omissions listed.

    Raises:
        InvalidArgumentMap: The data is not an AIF graph, or the map it gives breaks the map rules
            (every problem listed with its path).

    Example:
        >>> aif = '''{"nodes": [{"nodeID": "a", "text": "Uniforms help.", "type": "I"},
        ...   {"nodeID": "b", "text": "Fights halved.", "type": "I"},
        ...   {"nodeID": "s", "text": "Default Inference", "type": "RA"}],
        ...  "edges": [{"edgeID": "1", "fromID": "b", "toID": "s"},
        ...            {"edgeID": "2", "fromID": "s", "toID": "a"}]}'''
        >>> imported = from_aif(aif, map_id="uniforms")
        >>> [(r.source, r.type.value, r.target) for r in imported.document.relations]
        [('b', 'supports', 'a')]
        >>> [(n.id, n.kind.value) for n in imported.document.nodes]
        [('a', 'thesis'), ('b', 'claim')]
    """
    shape = read_shape(data)
    builder = _Builder(shape, map_id)
    raw = builder.build(title)
    try:
        document = load_document(msgspec.json.encode(raw), media="json")
    except InvalidArgumentMap as error:
        raise InvalidArgumentMap(
            f"the AIF graph does not make a valid map: {error.detail}", error.problems
        ) from None
    return AifImport(document=document, defaulted=builder.defaulted, skipped=builder.skipped)


class _Builder:
    """Turns the checked AIF shape into a raw map document, noting every default on the way."""

    def __init__(self, shape: AifShape, map_id: str) -> None:
        self.shape = shape
        self.map_id = map_id
        self.defaulted: list[Defaulted] = []
        self.skipped: list[Defaulted] = []
        self.ids = unique_ids([node.node_id for node in shape.inodes])

    def build(self, title: str | None) -> dict[str, Any]:
        relations = self._relations()
        speakers, speaker_of, source, quotes = self._attribution()
        kinds = kinds_of(list(self.ids.values()), relations)
        nodes = []
        for inode in self.shape.inodes:
            node_id = self.ids[inode.node_id]
            nodes.append(
                {
                    "id": node_id,
                    "kind": kinds[node_id],
                    "text": inode.text,
                    "speaker": speaker_of.get(node_id, UNATTRIBUTED),
                    "base_score": DEFAULT_BASE_SCORE,
                    "rationale": DEFAULT_RATIONALE,
                    "quotes": quotes.get(node_id, []),
                }
            )
        self._note_defaults(kinds, relations, speaker_of, title, quotes)
        if title is None:
            title = DEFAULT_TITLE
        return {
            "format": FORMAT_VERSION,
            "id": self.map_id,
            "title": title,
            "sources": [source] if source else [],
            "speakers": speakers,
            "nodes": nodes,
            "relations": [
                {"source": s, "target": t, "type": kind.value} for (s, t), kind in relations.items()
            ],
        }

    def _relations(self) -> dict[tuple[str, str], RelationType]:
        """One relation per ordered pair of I-nodes: premise x conclusion of every RA and CA."""
        relations: dict[tuple[str, str], RelationType] = {}
        clashes = linked = 0
        undercuts: list[str] = []
        for scheme in self.shape.schemes:
            kind = _relation_type(scheme.kind, scheme.scheme)
            premises = [self.ids[i] for i in scheme.sources if i in self.ids]
            conclusions = [self.ids[i] for i in scheme.targets if i in self.ids]
            if len(premises) < len(scheme.sources) or len(conclusions) < len(scheme.targets):
                undercuts.append(scheme.node_id)
            linked += len(premises) > 1
            for premise in premises:
                for conclusion in conclusions:
                    if premise == conclusion:
                        continue
                    if relations.setdefault((premise, conclusion), kind) is not kind:
                        clashes += 1
        if linked:
            self.defaulted.append(
                _defaulted(
                    "relations",
                    "one per premise",
                    linked,
                    "argmap relations are pairwise, so a linked "
                    "RA or CA with several premises becomes one relation from each premise",
                )
            )
        if undercuts:
            self.skipped.append(
                _defaulted(
                    "relations",
                    "skipped",
                    len(undercuts),
                    "argmap relations join two claims; links "
                    "from or to a scheme node (an undercut, say) have no place: " + ", ".join(undercuts[:10]),
                )
            )
        if clashes:
            self.skipped.append(
                _defaulted(
                    "relations",
                    "skipped",
                    clashes,
                    "a pair of claims can bear on each other one way "
                    "only; the first scheme between them was kept",
                )
            )
        for other, count in sorted(self.shape.other_types.items()):
            self.skipped.append(
                _defaulted("nodes", "skipped", count, f"{other}-nodes have no counterpart in an argument map")
            )
        return relations

    def _attribution(
        self,
    ) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, Any] | None, dict[str, list[dict[str, Any]]]]:
        """Speakers, each claim's speaker, and quotes into a transcript of the locutions."""
        people = self.shape.participants
        speaker_ids = unique_ids(list(people), fallback=people)
        speakers = [{"id": speaker_ids[key], "name": name} for key, name in people.items()]
        speaker_of: dict[str, str] = {}
        quotes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        source_id = f"{self.map_id[:60]}-aif-locutions"
        lines: list[str] = []
        offset = 0
        inode_text = {self.ids[inode.node_id]: " ".join(inode.text.split()) for inode in self.shape.inodes}
        # A claim's speaker is whoever asserts it; a restating locution only says whose words a quote is.
        for locution in sorted(self.shape.locutions, key=lambda item: item.force != ASSERTING):
            claim = self.ids.get(locution.claim)
            if claim is not None and locution.person is not None:
                speaker_of.setdefault(claim, speaker_ids[locution.person])
        for locution in self.shape.locutions:
            claim = self.ids.get(locution.claim)
            if claim is None:
                continue
            words = without_name(locution.text, people.get(locution.person or ""))
            # Words identical to the claim attribute it without quoting anything: argmap's own export writes
            # such a locution for a node none of whose quotes its speaker said, and a corpus whose I-node
            # repeats its L-node loses nothing by it.
            if words and " ".join(words.split()) != inode_text[claim]:
                quote = {"start": offset, "end": offset + len(words), "text": words, "source": source_id}
                if locution.force == RESTATING:
                    quote["provenance"] = "author-paraphrase"
                quotes[claim].append(quote)
                lines.append(words)
                offset += len(words) + 1
        if any(claim not in speaker_of for claim in self.ids.values()):
            speakers.append({"id": UNATTRIBUTED, "name": "(not attributed in the AIF)"})
        source = None
        if lines:
            source = {
                "id": source_id,
                "title": "The locutions of the imported AIF graph",
                "text": "\n".join(lines),
                "note": "Made by argmap's AIF import: AIF keeps each locution's words but not the text they "
                "come from, so the quotes point into this transcript, one locution per line.",
            }
        return speakers, speaker_of, source, dict(quotes)

    def _note_defaults(
        self,
        kinds: dict[str, str],
        relations: dict[tuple[str, str], RelationType],
        speaker_of: dict[str, str],
        title: str | None,
        quotes: dict[str, list[dict[str, Any]]],
    ) -> None:
        theses = sum(kind == "thesis" for kind in kinds.values())
        note = self.defaulted.append
        note(
            _defaulted(
                "kind", "thesis", theses, "AIF has no node kinds: a claim that bears on no other is a thesis"
            )
        )
        note(
            _defaulted(
                "kind", "claim", len(kinds) - theses, "AIF has no node kinds: every other I-node is a claim"
            )
        )
        note(_defaulted("base_score", str(DEFAULT_BASE_SCORE), len(kinds), "AIF has no base scores"))
        note(_defaulted("rationale", DEFAULT_RATIONALE, len(kinds), "AIF has no base scores to explain"))
        note(
            _defaulted(
                "weight",
                "none (full strength; qualifies acts at 0.5)",
                len(relations),
                "AIF relations carry no weight",
            )
        )
        unattributed = len(kinds) - len(speaker_of)
        if unattributed:
            note(_defaulted("speaker", UNATTRIBUTED, unattributed, "no locution anchors these I-nodes"))
        if title is None:
            note(_defaulted("title", DEFAULT_TITLE, 1, "AIF graphs have no title"))
        quoted = sum(len(found) for found in quotes.values())
        if quoted:
            note(
                _defaulted(
                    "quotes.source",
                    f"{self.map_id[:60]}-aif-locutions",
                    quoted,
                    "AIF keeps a locution's words but not the text around them",
                )
            )


def _relation_type(kind: str, scheme: str) -> RelationType:
    if kind == "RA":
        return RelationType.SUPPORTS
    return RelationType.QUALIFIES if scheme == QUALIFICATION_SCHEME else RelationType.ATTACKS


def _defaulted(field: str, value: str, count: int, reason: str) -> Defaulted:
    return Defaulted(field=field, value=value, count=count, reason=reason)
