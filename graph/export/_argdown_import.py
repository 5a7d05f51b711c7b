"""Argdown in: the official parser's model of an Argdown document becomes a map document.

The parsing is the official parser's (``tools/argdown/read.js``, run by ``_argdown_run``); this module only
maps its model. Statements become nodes; the metadata argmap's own export writes (kind, speaker, base score,
rationale, reported_by, date, tags, and each relation's type and weight) is used where present, and what is
missing gets the same defaults as the AIF import, listed in ``defaulted``. An argument with premises and a
conclusion is an inference, like an RA-node: each premise supports the conclusion.

A statement's quotes are kept when their source's text can be checked: the front matter's ``argmap.sources``
gives it (``text``, or a ``text_file`` next to the Argdown file), or the source is one already stored
(``cited``). They are then verified as a map document's quotes are, and a quote given by its words alone is
placed. Quotes whose source has no text are skipped and listed. A speaker the front matter does not name keeps
its id as its name, and that is listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
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
QUOTE_FIELDS = ("source", "start", "end", "text", "provenance", "occurrence")
SOURCE_FIELDS = ("title", "outlet", "author", "published", "url", "note", "reports_on", "written_by")
NO_TEXT = (
    "their source has no text here to check them against: give the source's text (text:) or its file "
    "(text_file:, read next to the Argdown file) in the front matter's argmap.sources, or cite a source "
    "already stored on the server by its id"
)
# A stored source a document may cite: its text alone, or every field of it.
CitedSource = str | Mapping[str, Any]
_NODE_PATH = re.compile(r"^nodes\[(\d+)\]")


def from_argdown(
    parsed: dict[str, Any],
    *,
    map_id: str,
    title: str | None = None,
    base: Path | None = None,
    cited: Mapping[str, CitedSource] | None = None,
    text: str | None = None,
) -> Imported:
    """Map the official Argdown parser's model (``read.js`` output) to a valid map document.

    Args:
        parsed: What ``parse_argdown_file`` or ``parse_argdown_text`` gave.
        map_id: The new map's id.
        title: Its title; the front matter's, else a default.
        base: The Argdown file's folder, where a source's ``text_file`` is read (none for a request body).
        cited: Stored sources by id (text, or every field), whose quotes can be checked too.
        text: The Argdown text itself, to name the line of a statement whose quote is wrong.

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
    builder = _Builder(parsed["model"], parsed.get("frontMatter") or {}, map_id, base, cited or {})
    raw = builder.build(title)
    try:
        document = load_document(msgspec.json.encode(raw), media="json")
    except InvalidArgumentMap as error:
        problems = [_on_its_line(problem, raw, builder.titles, text) for problem in error.problems]
        first = f"; first: {problems[0].message}" if problems else ""
        detail = f"the Argdown document does not make a valid map: {counted(len(problems), 'problem')}{first}"
        raise InvalidArgumentMap(detail, problems) from None
    return Imported(document=document, defaulted=builder.defaulted, skipped=builder.skipped)


def argdown_cited_sources(parsed: dict[str, Any]) -> list[str]:
    """The ids of the sources an Argdown document's quotes cite without giving their text: stored ones, maybe.

    Example:
        >>> front = {"argmap": {"sources": {"essay": {"title": "E"}, "notes": {"text": "N."}}}}
        >>> quotes = {"quotes": [{"source": "essay"}, {"source": "notes"}, {"source": "other"}]}
        >>> argdown_cited_sources({"frontMatter": front, "model": {"statements": {"a": {"data": quotes}}}})
        ['essay', 'other']
    """
    model = _mapping(parsed.get("model"))
    given = _mapping(_mapping(_mapping(parsed.get("frontMatter")).get("argmap")).get("sources"))
    with_text = {key for key, value in given.items() if isinstance(_mapping(value).get("text"), str)}
    found = [key for key in given if key not in with_text]
    for item in [*_mapping(model.get("statements")).values(), *_mapping(model.get("arguments")).values()]:
        quotes = _mapping(_mapping(item).get("data")).get("quotes")
        for quote in quotes if isinstance(quotes, list) else []:
            source = _mapping(quote).get("source")
            if (
                isinstance(source, str)
                and _is_slug(source)
                and source not in with_text
                and source not in found
            ):
                found.append(source)
    return found


def _on_its_line(problem: Problem, raw: dict[str, Any], titles: dict[str, str], text: str | None) -> Problem:
    """The problem with the Argdown line of the statement it is about, when it is about one."""
    found = _NODE_PATH.match(problem.path)
    if found is None or text is None:
        return problem
    node_id = raw["nodes"][int(found.group(1))]["id"]
    line = _definition_line(text, titles.get(node_id, node_id))
    if line is None:
        return problem
    message = f"line {line}: statement [{titles.get(node_id, node_id)}]: {problem.message}"
    return Problem(path=problem.path, message=message, code=problem.code)


def _definition_line(text: str, title: str) -> int | None:
    r"""The 1-based line where ``[title]:`` defines a statement (the first with metadata, else the first).

    Example:
        >>> _definition_line("===\ntitle: x\n===\n\n[a]: A. {}\n[b]\n  <+ [a]\n", "a")
        5
    """
    pattern = re.compile(r"^\s*\[" + re.escape(title) + r"\]:")
    rows = text.splitlines()
    lines = [n for n, line in enumerate(rows, start=1) if pattern.match(line)]
    with_data = [n for n in lines if "{" in rows[n - 1]]
    found = with_data or lines
    return found[0] if found else None


class _Builder:
    def __init__(
        self,
        model: dict[str, Any],
        front: dict[str, Any],
        map_id: str,
        base: Path | None,
        cited: Mapping[str, CitedSource],
    ) -> None:
        self.model = model
        self.meta = _mapping(front.get("argmap"))
        self.front = front
        self.map_id = map_id
        self.defaulted: list[Defaulted] = []
        self.skipped: list[Defaulted] = []
        self.quotes_skipped = 0
        self.bad_speakers = 0
        self.front_sources = _mapping(self.meta.get("sources"))
        self.sources = self._checkable_sources(base, cited)
        self.quoted: set[str] = set()
        statements: dict[str, Any] = model.get("statements") or {}
        arguments: dict[str, Any] = model.get("arguments") or {}
        # An argument with a premise-conclusion structure is an inference, not a claim of its own.
        self.inferences = {title: arg for title, arg in arguments.items() if arg.get("pcs")}
        claims = [(title, s, "statement") for title, s in statements.items()]
        claims += [(title, a, "argument") for title, a in arguments.items() if title not in self.inferences]
        self.ids = unique_ids([f"{kind}:{title}" for title, _, kind in claims], fallback=_titles(claims))
        self.claims = claims
        self.titles = {self.ids[f"{kind}:{name}"]: name for name, _, kind in claims}

    def _checkable_sources(
        self, base: Path | None, cited: Mapping[str, CitedSource]
    ) -> dict[str, dict[str, Any]]:
        """The sources whose text is here, as map document sources: from the front matter, else stored."""
        found = {source_id: _with_stored({"id": source_id}, cited[source_id]) for source_id in cited}
        for source_id, given in self.front_sources.items():
            entry = _mapping(given)
            fields = {key: entry[key] for key in SOURCE_FIELDS if isinstance(entry.get(key), str)}
            source: dict[str, Any] = {"id": source_id, **fields}
            name = entry.get("text_file")
            if isinstance(name, str):
                source["text_file"] = name
            if isinstance(entry.get("text"), str):
                source["text"] = entry["text"]
            elif isinstance(name, str) and base is not None and (base / name).is_file():
                try:
                    source["text"] = (base / name).read_bytes().decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
            elif source_id in cited:
                source = _with_stored(source, cited[source_id])
            else:
                continue
            found[source_id] = source
        for source in found.values():
            source.setdefault("title", source["id"])
        return found

    def _quoted_sources(self) -> list[dict[str, Any]]:
        """The sources the kept quotes cite, and those they report on when their text is here too."""
        wanted = set(self.quoted)
        wanted |= {
            report
            for source_id in self.quoted
            if (report := self.sources[source_id].get("reports_on")) in self.sources
        }
        kept = [source for source_id, source in self.sources.items() if source_id in wanted]
        for source in kept:
            if source.get("reports_on") not in wanted:
                source.pop("reports_on", None)  # a source it does not carry is not there to report on
        return kept

    def _quotes(self, quotes: list[Any]) -> list[dict[str, Any]]:
        """The quotes whose source can be checked; the others are counted as skipped."""
        kept = []
        only = next(iter(self.sources)) if len(self.sources) == 1 else None
        for quote in quotes:
            entry = _mapping(quote)
            source = entry.get("source", only)
            if not isinstance(source, str) or source not in self.sources or not entry:
                self.quotes_skipped += 1
                continue
            self.quoted.add(source)
            kept.append(
                {key: entry[key] for key in QUOTE_FIELDS if entry.get(key) is not None} | {"source": source}
            )
        return kept

    def build(self, title: str | None) -> dict[str, Any]:
        nodes = {self.ids[f"{kind}:{name}"]: self._node(name, item) for name, item, kind in self.claims}
        if self.quotes_skipped:
            self.skipped.append(_note("quotes", "skipped", self.quotes_skipped, NO_TEXT))
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
        counts["speaker=author"] = counts.get("speaker=author", 0) - self.bad_speakers
        for key, count in sorted(counts.items()):
            field, _, value = key.partition("=")
            if count:
                self.defaulted.append(
                    _note(field, value or str(DEFAULT_BASE_SCORE), count, "not in the metadata")
                )
        if self.bad_speakers:
            reason = "the metadata's speaker is not a speaker id (lowercase letters, digits and -)"
            self.defaulted.append(_note("speaker", DEFAULT_SPEAKER, self.bad_speakers, reason))
        root = self.meta.get("root")
        return {
            "format": FORMAT_VERSION,
            "id": self.map_id,
            "title": title or self.front.get("title") or DEFAULT_TITLE,
            "summary": self.meta.get("summary"),
            "root": root if root in nodes and nodes[root]["kind"] == "thesis" else None,
            "sources": self._quoted_sources(),
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
        if data.get("speaker") is not None and not _is_slug(data.get("speaker")):
            self.bad_speakers += 1
        if isinstance(data.get("quotes"), list):
            quotes = self._quotes(data["quotes"])
            if quotes:
                node["quotes"] = quotes
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
            | {
                source["written_by"]
                for source_id, source in self.sources.items()
                if source_id in self.quoted and _is_slug(source.get("written_by"))
            }
        )
        speakers = []
        unnamed = []
        for speaker in used:
            entry = _mapping(known.get(speaker))
            name = entry.get("name") if isinstance(entry.get("name"), str) else None
            if speaker == DEFAULT_SPEAKER and name is None:
                name = "The author of the Argdown document"
            elif name is None:
                unnamed.append(speaker)
            role = entry.get("role") if isinstance(entry.get("role"), str) else None
            speakers.append({"id": speaker, "name": name or speaker, "role": role})
        if unnamed:
            ids = ", ".join(unnamed)
            reason = f"not named in the front matter's argmap.speakers, so named by their ids: {ids}"
            self.defaulted.append(_note("speaker name", "its id", len(unnamed), reason))
        return speakers


def _with_stored(source: dict[str, Any], stored: CitedSource) -> dict[str, Any]:
    """``source`` with the stored source's text, and its other fields where the document gives none."""
    if isinstance(stored, str):
        return {**source, "text": stored}
    return {**{key: value for key, value in stored.items() if value is not None}, **source}


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one: metadata is whatever the writer put there."""
    return value if isinstance(value, dict) else {}


def _titles(claims: list[tuple[str, Any, str]]) -> dict[str, str]:
    return {f"{kind}:{title}": title for title, _, kind in claims}


def _is_slug(value: Any) -> bool:
    return isinstance(value, str) and bool(_SLUG.match(value))


def _note(field: str, value: str, count: int, reason: str) -> Defaulted:
    return Defaulted(field=field, value=value, count=count, reason=reason)
