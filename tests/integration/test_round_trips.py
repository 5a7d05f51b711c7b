"""Round trips of valid map documents of every shape through the real app and the real Neo4j.

Hypothesis writes maps of many shapes (one node and no relations, trees, cycles, two maps sharing a source,
long and unusual Unicode, many nodes) with ``POST /maps``, then checks that ``GET /maps/{id}/document`` gives
back exactly what was written, that ``GET /maps`` lists it with the right counts, that every read of it
answers, and that ``PUT`` of the same document keeps the version while ``PUT`` of a changed one bumps it.

The read gives the document back as written, field for field, with omitted optional fields at their defaults
(that is all ``msgspec.convert`` to ``MapDocument`` adds), so the comparison needs no other normalisation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import AsyncTestClient
from neo4j import AsyncDriver
from support.app import AUTH, Client, settings_for
from support.neo4j import Neo4jTarget, clear_database

from api.app import create_app
from graph.document import control_character, shows_nothing
from schemas import (
    Evidence,
    MapDocument,
    Node,
    NodeKind,
    NodeRef,
    Observation,
    Quote,
    QuoteProvenance,
    Relation,
    RelationType,
    Source,
    Speaker,
)

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

SHAPES = ["single-node", "tree", "cycles", "shared-source", "unicode", "many-nodes"]
EXAMPLES = 6
"""Examples per shape: six shapes times six keeps the module near two minutes against a real Neo4j."""


@dataclass(frozen=True, slots=True)
class World:
    """The app client and the driver its database is emptied through between examples."""

    client: Client
    driver: AsyncDriver
    database: str | None


@pytest.fixture(scope="module")
async def world(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncIterator[World]:
    """One app for every example (starting one per example would dominate the run)."""
    async with AsyncTestClient(create_app(settings_for(neo4j_target))) as client:
        yield World(client, driver, neo4j_target.database)


# -- strategies ---------------------------------------------------------------------------------------------

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
# Any Unicode UTF-8 can carry (lone surrogates are not text) but control characters, which the format refuses.
CONTROLS: list[Literal["Cc"]] = ["Cc"]
ANY_CHARACTER = st.characters(codec="utf-8", exclude_categories=CONTROLS)
PLAIN_CHARACTER = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
UNUSUAL_CHARACTER = st.one_of(
    ANY_CHARACTER,
    st.sampled_from(
        [
            "\u202e",  # right-to-left override
            "\u200f",  # right-to-left mark
            "\u05e9",  # Hebrew
            "\u0645",  # Arabic
            "\u200b",  # zero width space
            "\u200d",  # zero width joiner
            "\ufeff",  # byte order mark
            "\u0301",  # combining acute accent
            "\u0489",  # combining cyrillic millions sign
            "\U0001f469",  # astral: woman
            "\U0001d54f",  # astral: double-struck X
            "\r\n",
            "\\",
            "'",
            '"',
            "<",
            "&",
            "`",
            "$",
            "{",
        ]
    ),
)


def _accepted(text: str) -> bool:
    return bool(text.strip()) and not shows_nothing(text) and control_character(text) is None


def texts(max_size: int, unusual: bool, min_size: int = 1) -> st.SearchStrategy[str]:
    """Text of ``min_size`` to ``max_size`` characters that shows something (the format refuses the rest)."""
    alphabet = UNUSUAL_CHARACTER if unusual else PLAIN_CHARACTER
    return (
        st.lists(alphabet, min_size=min_size, max_size=max_size)
        .map("".join)
        .map(lambda text: text[:max_size])
        .filter(
            lambda text: bool(text.strip()) and not shows_nothing(text) and control_character(text) is None
        )
    )


def unique_slugs(count: int, prefix: str) -> list[str]:
    return [f"{prefix}{index}" for index in range(count)]


@st.composite
def map_documents(
    draw: st.DrawFn,
    *,
    map_id: str,
    nodes: tuple[int, int],
    extra_relations: tuple[int, int],
    unusual: bool,
    text_size: int,
    sources: list[Source] | None = None,
    long_text: bool = False,
) -> MapDocument:
    """A valid map: every node leads to the first node (a thesis), quotes are spans of the sources' texts."""
    if sources is None:
        count = draw(st.integers(1, 2))
        sources = [
            Source(
                id=f"{map_id}-s{index}",
                title=draw(texts(min(text_size, 2000), unusual)),
                text=draw(texts(4000, unusual)),
                url=draw(st.none() | slugs.map(lambda path: f"https://example.org/{path}")),
                author=draw(st.none() | texts(200, unusual)),
            )
            for index in range(count)
        ]
        if draw(st.booleans()):
            sources.append(Source(id=f"{map_id}-cited", title="Known only by citation"))
    speakers = [
        Speaker(
            id=speaker_id,
            name=draw(texts(min(text_size, 2000), unusual)),
            role=draw(st.none() | texts(80, unusual)),
        )
        for speaker_id in unique_slugs(draw(st.integers(1, 3)), "speaker-")
    ]
    speaker_ids = [speaker.id for speaker in speakers]
    with_text = [source for source in sources if source.text]
    node_ids = unique_slugs(draw(st.integers(*nodes)), "node-")
    node_list = []
    for index, node_id in enumerate(node_ids):
        kind = NodeKind.THESIS if index == 0 else draw(st.sampled_from(list(NodeKind)))
        node_list.append(
            Node(
                id=node_id,
                kind=kind,
                # The thesis of a long-text map is close to the format's 2000-character limit.
                text=draw(texts(text_size, unusual, min_size=1900 if long_text and not index else 1)),
                speaker=draw(st.sampled_from(speaker_ids)),
                base_score=draw(st.floats(0.0, 1.0)),
                rationale=draw(texts(min(text_size, 200), unusual)),
                date=draw(st.none() | st.sampled_from(["2025-12", "late 2023", "2024-09 to 2025-12"])),
                tags=draw(st.lists(slugs, max_size=3, unique=True)),
                quotes=[
                    draw(quotes(source)) for source in draw(st.lists(st.sampled_from(with_text), max_size=2))
                ],
                reported_by=draw(st.none() | st.sampled_from(speaker_ids)),
                same_as=draw(
                    st.lists(
                        st.builds(NodeRef, map=slugs, id=slugs).filter(lambda ref: ref.map != map_id),
                        max_size=1,
                    )
                ),
                evidence=draw(st.none() | evidence(unusual)),
            )
        )
    # Each later node bears on an earlier one, so every node leads to the thesis (or is one).
    pairs = {
        (node_id, draw(st.sampled_from(node_ids[:index]))) for index, node_id in enumerate(node_ids) if index
    }
    for _ in range(draw(st.integers(*extra_relations))):
        if len(node_ids) < 2:
            break
        source, target = draw(st.lists(st.sampled_from(node_ids), min_size=2, max_size=2, unique=True))
        pairs.add((source, target))
    relations = [
        Relation(
            source=source,
            target=target,
            type=draw(st.sampled_from(list(RelationType))),
            weight=draw(st.none() | st.floats(0.0, 1.0, exclude_min=True)),
            note=draw(st.none() | texts(200, unusual)),
        )
        for source, target in sorted(pairs)
    ]
    theses = [node.id for node in node_list if node.kind is NodeKind.THESIS]
    return MapDocument(
        id=map_id,
        title=draw(texts(min(text_size, 2000), unusual)),
        sources=sources,
        speakers=speakers,
        nodes=node_list,
        relations=relations,
        summary=draw(st.none() | texts(text_size, unusual)),
        root=draw(st.none() | st.sampled_from(theses)),
    )


@st.composite
def quotes(draw: st.DrawFn, source: Source) -> Quote:
    """A span of ``source``'s text, quoted exactly at its offsets."""
    text = source.text or ""
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 4000)))
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        source=source.id,
        provenance=draw(st.none() | st.sampled_from(list(QuoteProvenance))),
    )


def evidence(unusual: bool) -> st.SearchStrategy[Evidence]:
    finite = st.floats(allow_nan=False, allow_infinity=False)
    observation = st.builds(
        Observation,
        value=finite,
        unit=st.none() | texts(20, unusual),
        system=st.none() | texts(40, unusual),
        approximate=st.booleans(),
        forecast=st.booleans(),
    )
    return st.builds(
        Evidence,
        metric=texts(100, unusual),
        observations=st.lists(observation, max_size=3),
        baseline=st.none() | observation,
    )


def documents(shape: str) -> st.SearchStrategy[list[MapDocument]]:
    """One or two map documents of ``shape``."""
    if shape == "single-node":
        return st.lists(
            map_documents(map_id="one", nodes=(1, 1), extra_relations=(0, 0), unusual=False, text_size=200),
            min_size=1,
            max_size=1,
        )
    if shape == "tree":
        return st.lists(
            map_documents(map_id="tree", nodes=(2, 12), extra_relations=(0, 0), unusual=False, text_size=200),
            min_size=1,
            max_size=1,
        )
    if shape == "cycles":
        return st.lists(
            map_documents(
                map_id="cyclic", nodes=(2, 10), extra_relations=(2, 15), unusual=False, text_size=200
            ),
            min_size=1,
            max_size=1,
        )
    if shape == "unicode":
        return st.lists(
            map_documents(
                map_id="unicode",
                nodes=(1, 6),
                extra_relations=(0, 4),
                unusual=True,
                text_size=2000,
                long_text=True,
            ),
            min_size=1,
            max_size=1,
        )
    if shape == "many-nodes":
        return st.lists(
            map_documents(
                map_id="many", nodes=(50, 110), extra_relations=(0, 30), unusual=False, text_size=40
            ),
            min_size=1,
            max_size=1,
        )
    assert shape == "shared-source"
    return shared_source_pairs()


@st.composite
def shared_source_pairs(draw: st.DrawFn) -> list[MapDocument]:
    """Two maps citing the very same source (same id, title and text), each quoting it."""
    shared = Source(
        id="shared-source",
        title=draw(texts(200, True)),
        text=draw(texts(2000, True)),
        url="https://example.org/a",
    )
    first = draw(
        map_documents(
            map_id="first",
            nodes=(1, 8),
            extra_relations=(0, 4),
            unusual=True,
            text_size=300,
            sources=[shared],
        )
    )
    second = draw(
        map_documents(
            map_id="second",
            nodes=(1, 8),
            extra_relations=(0, 4),
            unusual=True,
            text_size=300,
            sources=[shared],
        )
    )
    return [first, second]


# -- the round trip ------------------------------------------------------------------------------------------


def changed(document: MapDocument) -> MapDocument:
    """The document with its title and first node's base score edited (a write that must bump the version)."""
    first = document.nodes[0]
    score = 0.25 if first.base_score != 0.25 else 0.75
    nodes = [msgspec.structs.replace(first, base_score=score), *document.nodes[1:]]
    return msgspec.structs.replace(document, title=document.title[:1990] + " (edited)", nodes=nodes)


class _Dumper(yaml.SafeDumper):
    """PyYAML's dumper, but strings holding NEL or a Unicode line separator go double-quoted.

    PyYAML writes those in single quotes, where YAML folds them into spaces: its own output would not read
    back as the text it was given (the server reads YAML right; the dumper is wrong).
    """


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(ch in text for ch in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def body_of(document: MapDocument, as_yaml: bool) -> tuple[bytes, dict[str, str]]:
    """The document as a request body, JSON or YAML (the two media a map is written in), with its headers."""
    if as_yaml:
        builtins = msgspec.to_builtins(document)
        text = yaml.dump(builtins, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        return text.encode(), {**AUTH, "Content-Type": "application/yaml"}
    return msgspec.json.encode(document), {**AUTH, "Content-Type": "application/json"}


async def read_back(client: Client, map_id: str) -> tuple[MapDocument, str]:
    response = await client.get(f"/maps/{map_id}/document")
    assert response.status_code == 200, response.text
    return msgspec.convert(response.json(), MapDocument), response.headers["etag"]


def expected_listing(document: MapDocument, version: int) -> dict[str, Any]:
    theses = [node.id for node in document.nodes if node.kind is NodeKind.THESIS]
    kinds = Counter(node.kind.value for node in document.nodes)
    return {
        "id": document.id,
        "version": version,
        "root": document.root or theses[0],
        "thesis_ids": sorted(theses),
        "counts": dict(kinds),
        "sources": sorted(source.id for source in document.sources),
    }


def listed(entry: dict[str, Any]) -> dict[str, Any]:
    """The parts of a listing entry that follow from the document alone."""
    return {
        "id": entry["id"],
        "version": entry["version"],
        "root": entry["root"],
        "thesis_ids": sorted(entry["thesis_ids"]),
        "counts": {kind: count for kind, count in entry["counts"].items() if count},
        "sources": sorted(source["id"] for source in entry["sources"]),
    }


@pytest.mark.parametrize("shape", SHAPES)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
async def test_valid_maps_round_trip(world: World, shape: str, data: st.DataObject) -> None:
    client = world.client
    written = data.draw(documents(shape), label="documents")
    as_yaml = data.draw(st.booleans(), label="as_yaml")
    await clear_database(world.driver, world.database)

    for document in written:
        content, headers = body_of(document, as_yaml)
        created = await client.post("/maps", content=content, headers=headers)
        assert created.status_code == 201, created.text
        assert created.headers["etag"] == f'"{document.id}-v1"'
        receipt = created.json()
        assert (receipt["nodes"], receipt["relations"]) == (len(document.nodes), len(document.relations))

    for document in written:
        read, tag = await read_back(client, document.id)
        assert read == document
        assert tag == f'"{document.id}-v1"'
        for path in (f"/maps/{document.id}", f"/maps/{document.id}/tree?depth=2&contribution=removal"):
            response = await client.get(path)
            assert response.status_code == 200, f"{path}: {response.text}"

    listing = await client.get("/maps")
    assert listing.status_code == 200, listing.text
    entries = sorted((listed(entry) for entry in listing.json()["maps"]), key=lambda entry: entry["id"])
    assert entries == sorted((expected_listing(document, 1) for document in written), key=lambda e: e["id"])

    if shape == "shared-source":
        cited = await client.get("/sources/shared-source")
        assert cited.status_code == 200, cited.text
        assert sorted(cited.json()["maps"]) == sorted(document.id for document in written)
        assert cited.json()["text"] == written[0].sources[0].text

    document = written[-1]
    content, headers = body_of(document, as_yaml)
    same = await client.put(f"/maps/{document.id}", content=content, headers={**headers, "If-Match": tag})
    assert same.status_code == 200, same.text
    assert (same.json()["version"], same.json()["changed"]) == (1, False)
    edited = changed(document)
    content, headers = body_of(edited, as_yaml)
    replaced = await client.put(f"/maps/{document.id}", content=content, headers={**headers, "If-Match": tag})
    assert replaced.status_code == 200, replaced.text
    assert replaced.headers["etag"] == f'"{document.id}-v2"'
    read, tag = await read_back(client, document.id)
    assert (read, tag) == (edited, f'"{document.id}-v2"')
    entry = next(e for e in (await client.get("/maps")).json()["maps"] if e["id"] == document.id)
    assert listed(entry) == expected_listing(edited, 2)
