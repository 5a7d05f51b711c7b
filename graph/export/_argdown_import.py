"""Argdown in: the official parser's model of an Argdown document becomes a map document.

The parsing is the official parser's (``tools/argdown/read.js``, run by ``_argdown_run``); this module only
maps its model. Statements become nodes; the metadata argmap's own export writes (kind, speaker, base score,
rationale, reported_by, date, tags, and each relation's type and weight) is used where present, and what is
missing gets the same defaults as the AIF import, listed in ``defaulted``. An argument with premises and a
conclusion is an inference, like an RA-node: each premise supports the conclusion. Quotes in metadata are not
imported (an Argdown document carries no source text to check them against).
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from graph.document import load_document
from graph.errors import InvalidArgumentMap
from graph.export._aif_defaults import DEFAULT_BASE_SCORE, DEFAULT_RATIONALE, kinds_of, unique_ids
from graph.export._aif_import import AifImport as Imported
from graph.words import counted
from schemas import FORMAT_VERSION, Defaulted, NodeKind, Problem, RelationType

DEFAULT_TITLE = "Imported from Argdown"
DEFAULT_SPEAKER = "author"
RELATION_TYPES = {
    "support": RelationType.SUPPORTS,
    "entails": RelationType.SUPPORTS,
    "attack": RelationType.ATTACKS,
    "contrary": RelationType.ATTACKS,
    "contradictory": RelationType.ATTACKS,
}
KINDS = {kind.value for kind in NodeKind}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def from_argdown(parsed: dict[str, Any], *, map_id: str, title: str | None = None) -> Imported:
    """Map the official Argdown parser's model (``read.js`` output) to a valid map document.

    Raises:
        InvalidArgumentMap: the parser reported errors, or the map it gives breaks the map rules.
    """
    errors = parsed.get("errors") or []
    if errors or not isinstance(parsed.get("model"), dict):
        first = errors[0] if errors else "it gave no model"
        raise InvalidArgumentMap(
            f"the Argdown parser found {counted(len(errors), 'error')}; first: {first}",
            [Problem(path="$", message=str(message), code="syntax-error") for message in errors],
        )
    builder = _Builder(parsed["model"], parsed.get("frontMatter") or {}, map_id)
    raw = builder.build(title)
    try:
        document = load_document(msgspec.json.encode(raw), media="json")
    except InvalidArgumentMap as error:
        detail = f"the Argdown document does not make a valid map: {error.detail}"
        raise InvalidArgumentMap(detail, error.problems) from None
    return Imported(document=document, defaulted=builder.defaulted, skipped=builder.skipped)


class _Builder:
    def __init__(self, model: dict[str, Any], front: dict[str, Any], map_id: str) -> None:
        self.model = model
        self.meta = _mapping(front.get("argmap"))
        self.front = front
        self.map_id = map_id
        self.defaulted: list[Defaulted] = []
        self.skipped: list[Defaulted] = []
        self.quotes_skipped = 0
        statements: dict[str, Any] = model.get("statements") or {}
        arguments: dict[str, Any] = model.get("arguments") or {}
        # An argument with a premise-conclusion structure is an inference, not a claim of its own.
        self.inferences = {title: arg for title, arg in arguments.items() if arg.get("pcs")}
        claims = [(title, s, "statement") for title, s in statements.items()]
        claims += [(title, a, "argument") for title, a in arguments.items() if title not in self.inferences]
        self.ids = unique_ids([f"{kind}:{title}" for title, _, kind in claims], fallback=_titles(claims))
        self.claims = claims

    def build(self, title: str | None) -> dict[str, Any]:
        nodes = {self.ids[f"{kind}:{name}"]: self._node(name, item) for name, item, kind in self.claims}
        if self.quotes_skipped:
            reason = "an Argdown document has no source text to check quotes against"
            self.skipped.append(_note("quotes", "skipped", self.quotes_skipped, reason))
        relations = self._relations(nodes)
        kinds = kinds_of(list(nodes), {pair: kind for pair, (kind, _) in relations.items()})
        counts: dict[str, int] = {}
        for node_id, node in nodes.items():
            for field, value in (("kind", kinds[node_id]), ("speaker", DEFAULT_SPEAKER)):
                if node.get(field) is None:
                    node[field] = value
                    counts[f"{field}={value}"] = counts.get(f"{field}={value}", 0) + 1
            if node.pop("_defaulted_score", False):
                counts["base_score"] = counts.get("base_score", 0) + 1
        for key, count in sorted(counts.items()):
            field, _, value = key.partition("=")
            self.defaulted.append(
                _note(field, value or str(DEFAULT_BASE_SCORE), count, "not in the metadata")
            )
        root = self.meta.get("root")
        return {
            "format": FORMAT_VERSION,
            "id": self.map_id,
            "title": title or self.front.get("title") or DEFAULT_TITLE,
            "summary": self.meta.get("summary"),
            "root": root if root in nodes and nodes[root]["kind"] == "thesis" else None,
            "sources": [],
            "speakers": self._speakers(nodes),
            "nodes": list(nodes.values()),
            "relations": [
                {"source": s, "target": t, "type": kind.value, **({"weight": w} if w is not None else {})}
                for (s, t), (kind, w) in relations.items()
            ],
        }

    def _node(self, name: str, item: dict[str, Any]) -> dict[str, Any]:
        data = _mapping(item.get("data"))
        texts = [
            str(m.get("text")).strip() for m in item.get("members", []) if str(m.get("text") or "").strip()
        ]
        kind = (
            data.get("kind")
            if data.get("kind") in KINDS
            else next((tag for tag in item.get("tags", []) if tag in KINDS), None)
        )
        score = data.get("base_score")
        valid_score = isinstance(score, (int, float)) and not isinstance(score, bool) and 0 <= score <= 1
        node: dict[str, Any] = {
            "id": "",
            "kind": kind,
            "text": texts[0] if texts else name,
            "speaker": data.get("speaker") if _is_slug(data.get("speaker")) else None,
            "base_score": score if valid_score else DEFAULT_BASE_SCORE,
            "rationale": data.get("rationale")
            if isinstance(data.get("rationale"), str)
            else DEFAULT_RATIONALE,
            "_defaulted_score": not valid_score,
            "_relations": data.get("relations") if isinstance(data.get("relations"), list) else [],
        }
        for field in ("reported_by",):
            if _is_slug(data.get(field)):
                node[field] = data[field]
        if isinstance(data.get("date"), str):
            node["date"] = data["date"]
        if isinstance(data.get("tags"), list):
            node["tags"] = [tag for tag in data["tags"] if _is_slug(tag)]
        if isinstance(data.get("quotes"), list):
            self.quotes_skipped += len(data["quotes"])
        return node

    def _relations(
        self, nodes: dict[str, dict[str, Any]]
    ) -> dict[tuple[str, str], tuple[RelationType, float | None]]:
        found: dict[tuple[str, str], tuple[RelationType, float | None]] = {}
        declared = {
            (node_id, str(r.get("target"))): r
            for node_id, node in nodes.items()
            for r in node.pop("_relations")
            if isinstance(r, dict)
        }
        for node_id, node in nodes.items():
            node["id"] = node_id
        skipped = 0
        for relation in self.model.get("relations") or []:
            kind = RELATION_TYPES.get(relation.get("relationType"))
            source = self._endpoint(relation.get("from"), relation.get("fromType"), as_source=True)
            target = self._endpoint(relation.get("to"), relation.get("toType"), as_source=False)
            if kind is None or source is None or target is None or source == target:
                skipped += 1
                continue
            said = declared.get((source, target), {})
            if said.get("type") == "qualifies" and kind is RelationType.ATTACKS:
                kind = RelationType.QUALIFIES
            weight = said.get("weight")
            found.setdefault((source, target), (kind, weight if isinstance(weight, (int, float)) else None))
        for argument in self.inferences.values():
            pcs = argument["pcs"]
            conclusion = next((s for s in pcs if s.get("role") == "main-conclusion"), pcs[-1])
            target = self.ids.get(f"statement:{conclusion.get('title')}")
            for premise in pcs:
                source = self.ids.get(f"statement:{premise.get('title')}")
                if premise.get("role") == "premise" and source and target and source != target:
                    found.setdefault((source, target), (RelationType.SUPPORTS, None))
        if skipped:
            self.skipped.append(
                _note(
                    "relations",
                    "skipped",
                    skipped,
                    "undercuts, and relations to an argument's inference, have no counterpart in a map",
                )
            )
        return found

    def _endpoint(self, title: Any, kind: Any, *, as_source: bool) -> str | None:
        if kind == "argument" and title in self.inferences:
            if not as_source:
                return None
            pcs = self.inferences[title]["pcs"]
            conclusion = next((s for s in pcs if s.get("role") == "main-conclusion"), pcs[-1])
            return self.ids.get(f"statement:{conclusion.get('title')}")
        prefix = "argument" if kind == "argument" else "statement"
        return self.ids.get(f"{prefix}:{title}")

    def _speakers(self, nodes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        known = _mapping(self.meta.get("speakers"))
        used = sorted(
            {node["speaker"] for node in nodes.values()}
            | {node["reported_by"] for node in nodes.values() if node.get("reported_by")}
        )
        speakers = []
        for speaker in used:
            entry = _mapping(known.get(speaker))
            name = entry.get("name") if isinstance(entry.get("name"), str) else None
            if speaker == DEFAULT_SPEAKER and name is None:
                name = "The author of the Argdown document"
            speakers.append({"id": speaker, "name": name or speaker, "role": entry.get("role")})
        return speakers


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one: metadata is whatever the writer put there."""
    return value if isinstance(value, dict) else {}


def _titles(claims: list[tuple[str, Any, str]]) -> dict[str, str]:
    return {f"{kind}:{title}": title for title, _, kind in claims}


def _is_slug(value: Any) -> bool:
    return isinstance(value, str) and bool(_SLUG.match(value))


def _note(field: str, value: str, count: int, reason: str) -> Defaulted:
    return Defaulted(field=field, value=value, count=count, reason=reason)
