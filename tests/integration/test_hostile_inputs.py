"""Hostile inputs against the real app over the real Neo4j: every one is a 4xx problem, none changes anything.

Each case is one bad request (malformed or absurdly nested bodies, alias bombs, duplicate keys, wrong types,
extra fields, very long strings, broken Unicode, injection in ids and parameters, odd ids, bad query values,
wrong content types, oversized renders). The database and every map's listing are compared before and after.

Injection text that is *valid* content (a claim reading ``'); MATCH (n) DETACH DELETE n //``) is not bad
input: ``test_injection_text_is_stored_verbatim`` writes it into every text field of a map and reads it back
unchanged, because refusing it would be the bug.

The database is loaded once for the module (the essay, a small map and one map too big to draw): every case
leaves it as it found it, which is the property under test, so sharing it across cases costs no isolation.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from neo4j import AsyncDriver
from support.app import AUTH, Client, settings_for
from support.maps import small_map
from support.neo4j import Neo4jTarget, clear_database, count_graph
from support.problems import assert_problem

from api.app import create_app
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore
from schemas import MapDocument, Node, NodeKind, Relation, RelationType, Source, Speaker

pytestmark = pytest.mark.neo4j

ESSAY_ID = "import-ai-455"
CLAIM = "reporter-verdict"
BIG_ID = "too-big-to-draw"
MAP_TAG = "<map etag>"
"""Stands in a case's If-Match for the essay's current ETag (known only once the module's data is loaded)."""
CLAIM_TAG = "<claim etag>"
"""Stands in a case's If-Match for the ETag of the essay's claim ``CLAIM``."""
VERSION = "<version>"
"""Stands in a case's If-Match for the essay's current version number."""


@dataclass(frozen=True, slots=True)
class World:
    """The module's app client and the driver its database is checked through."""

    client: Client
    driver: AsyncDriver
    database: str | None


def big_map(nodes: int = 420) -> MapDocument:
    """A valid map with more nodes than one diagram draws (``MAX_DIAGRAM_NODES`` is 400)."""
    return MapDocument(
        id=BIG_ID,
        title="Many claims",
        sources=[Source(id="too-big-note", title="A note")],
        speakers=[Speaker(id="author", name="The Author")],
        nodes=[
            Node(
                id=f"n{index}",
                kind=NodeKind.THESIS if index == 0 else NodeKind.CLAIM,
                text=f"Claim number {index}.",
                speaker="author",
                base_score=0.5,
                rationale="generated",
            )
            for index in range(nodes)
        ],
        relations=[
            Relation(source=f"n{index}", target="n0", type=RelationType.SUPPORTS) for index in range(1, nodes)
        ],
    )


@pytest.fixture(scope="module")
async def world(driver: AsyncDriver, neo4j_target: Neo4jTarget, essay: MapDocument) -> AsyncIterator[World]:
    """The essay, the small ``pets`` map and a map too big to draw, served by the real app."""
    store = Neo4jStore(driver, neo4j_target.database)
    await clear_database(driver, neo4j_target.database)
    for document in (essay, small_map(), big_map()):
        await store.save_map(document, node_strengths(document))
    async with AsyncTestClient(create_app(settings_for(neo4j_target))) as client:
        yield World(client, driver, neo4j_target.database)


async def snapshot(world: World) -> tuple[tuple[int, int], Any]:
    """What must not move: node and relationship counts, and every map's listing (versions included)."""
    listing = await world.client.get("/maps")
    assert listing.status_code == 200, listing.text
    return await count_graph(world.driver, world.database), listing.json()


# -- bodies -----------------------------------------------------------------------------------------------


def doc(**changes: Any) -> dict[str, Any]:
    """The small valid map as plain data, with top-level fields replaced (``None`` removes one)."""
    data: dict[str, Any] = msgspec.to_builtins(small_map("hostile"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def node_with(**changes: Any) -> dict[str, Any]:
    """The small map with its first node's fields replaced."""
    data = doc()
    data["nodes"][0].update(changes)
    return data


def essay_doc(**changes: Any) -> dict[str, Any]:
    """A document named like the essay (for ``PUT /maps/import-ai-455``), with changes."""
    data = doc(id=ESSAY_ID)
    data.update(changes)
    return data


def js(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def nested_json(depth: int, opener: str = "[", closer: str = "]") -> bytes:
    return (opener * depth + closer * depth).encode()


def nested_object(depth: int) -> bytes:
    return ('{"a":' * depth + "1" + "}" * depth).encode()


def nested_yaml_block(depth: int) -> bytes:
    return "".join(f"{'  ' * level}k:\n" for level in range(depth)).encode() + b"  " * depth + b"v\n"


BILLION_LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
id: *g
"""
SMALL_ALIAS = b"id: &x pets\ntitle: *x\nsources: []\nspeakers: []\nnodes: []\n"
MERGE_KEY = b"base: &b {id: x}\nnode:\n  <<: *b\n"
PYTHON_TAG = b'!!python/object/apply:os.system ["touch /tmp/argmap-pwned"]\n'
TWO_DOCUMENTS = b"id: one\n---\nid: two\n"
DUPLICATE_TOP = (
    b'{"id": "hostile", "id": "hostile-two", "title": "t", "sources": [], "speakers": [], "nodes": []}'
)
DUPLICATE_YAML = b"id: hostile\nid: hostile-two\ntitle: t\nsources: []\nspeakers: []\nnodes: []\n"
# A valid document but for one key given twice inside a node: the last value would win silently.
DUPLICATE_NESTED = js(doc()).replace(b'"base_score": 0.5', b'"base_score": 0.5, "base_score": 0.9', 1)
LONE_SURROGATE_ESCAPE = js(node_with(text="X")).replace(b'"text": "X"', b'"text": "\\ud800 alone"', 1)
LONE_SURROGATE_BYTES = js(node_with(text="X")).replace(b'"text": "X"', b'"text": "\xed\xa0\x80"', 1)
INVALID_UTF8 = js(node_with(text="X")).replace(b'"text": "X"', b'"text": "\xff\xfe\xc3"', 1)
HUGE_BODY = b'{"id": "hostile", "title": "' + b"x" * (2 * 1024 * 1024 + 10) + b'"}'
HUGE_NUMBER = js(doc()).replace(b'"base_score": 0.5', b'"base_score": 1e999', 1)
HUGE_INTEGER = js(doc()).replace(b'"start": 0', b'"start": 100000000000000000000000000000', 1)
NAN = js(doc()).replace(b'"base_score": 0.5', b'"base_score": NaN', 1)
CYPHER = "x'}) MATCH (n) DETACH DELETE n //"
AIF = {
    "nodes": [
        {"nodeID": "a", "text": "Uniforms help.", "type": "I"},
        {"nodeID": "b", "text": "Fights halved.", "type": "I"},
        {"nodeID": "s", "text": "Default Inference", "type": "RA"},
    ],
    "edges": [{"edgeID": "1", "fromID": "b", "toID": "s"}, {"edgeID": "2", "fromID": "s", "toID": "a"}],
}
AIF_DUPLICATE_KEY = js(AIF).replace(
    b'"text": "Uniforms help."', b'"text": "Uniforms help.", "text": "Other."', 1
)
# The pets map's source, cited again with its text unchanged but another title and URL.
RETITLED = doc()
RETITLED["sources"][0] = {**RETITLED["sources"][0], "id": "pets-note", "title": "Retitled", "url": "http://x"}
MANY_DUPLICATE_RELATIONS = doc(
    relations=[{"source": "sleep-good", "target": "thesis", "type": "supports"}] * 5_000
)
# The small map's source id, already stored by ``pets`` with another text: a write may not change it.
OTHER_TEXT = doc()
OTHER_TEXT["sources"][0] = {**OTHER_TEXT["sources"][0], "id": "pets-note"}
OTHER_TEXT["sources"][0]["text"] += " And more."


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile request and the status it must get."""

    method: str
    path: str
    status: int
    content: bytes | None = None
    content_type: str | None = "application/json"
    params: Mapping[str, str] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    auth: bool = True


def post_map(status: int, content: bytes, content_type: str | None = "application/json") -> Case:
    return Case("POST", "/maps", status, content, content_type)


def put_essay(status: int, content: bytes, content_type: str = "application/json") -> Case:
    return Case("PUT", f"/maps/{ESSAY_ID}", status, content, content_type, headers={"If-Match": MAP_TAG})


def patch_claim(status: int, content: bytes, if_match: str = CLAIM_TAG, claim: str = CLAIM) -> Case:
    return Case("PATCH", f"/claims/{ESSAY_ID}/{claim}", status, content, headers={"If-Match": if_match})


def what_if(status: int, content: bytes, map_id: str = ESSAY_ID) -> Case:
    return Case("POST", f"/maps/{map_id}/what-if", status, content)


def qbaf(status: int, content: bytes, params: Mapping[str, str] | None = None) -> Case:
    return Case("POST", "/qbaf/evaluate", status, content, params=params)


def aif(status: int, content: bytes, map_id: str = "imported") -> Case:
    return Case("POST", "/maps", status, content, params={"format": "aif", "id": map_id})


RESOLUTION = {"outcome": True, "resolution_source": "https://example.org", "resolved_on": "2026-01-01"}
RESOLUTION_DUPLICATE = js(RESOLUTION).replace(b'"outcome": true', b'"outcome": true, "outcome": false', 1)
FORECAST = "forecast-2027-thirty-percent"


def resolve(
    status: int, content: bytes, *, node: str = FORECAST, if_match: str | None = MAP_TAG, auth: bool = True
) -> Case:
    headers = {"If-Match": if_match} if if_match is not None else {}
    path = f"/maps/{ESSAY_ID}/forecasts/{node}/resolution"
    return Case("POST", path, status, content, headers=headers, auth=auth)


def what_if_diagram(status: int, content: bytes, params: Mapping[str, str] | None = None) -> Case:
    return Case("POST", f"/maps/{ESSAY_ID}/what-if/diagram", status, content, params=params)


def compare(status: int, content: bytes) -> Case:
    return Case("POST", f"/maps/{ESSAY_ID}/perspectives/compare", status, content)


def get(path: str, status: int, **params: str) -> Case:
    return Case("GET", path, status, content_type=None, params=params or None)


def diagram(status: int, map_id: str = ESSAY_ID, **params: str) -> Case:
    return get(f"/maps/{map_id}/diagram", status, **params)


ESSAY = f"/maps/{ESSAY_ID}"
CASES = [
    # -- malformed and deeply nested bodies ---------------------------------------------------------------
    pytest.param(post_map(422, b'{"id": "hostile",'), id="create-truncated-json"),
    pytest.param(post_map(422, b"{} {}"), id="create-trailing-garbage"),
    pytest.param(post_map(422, b"\xef\xbb\xbf" + js(doc())), id="create-json-with-bom"),
    pytest.param(post_map(422, nested_json(100_000)), id="create-json-nested-100k-lists"),
    pytest.param(post_map(422, nested_object(20_000)), id="create-json-nested-20k-objects"),
    pytest.param(post_map(422, nested_json(200)), id="create-json-nested-200"),
    pytest.param(post_map(422, b"id: [unclosed", "application/yaml"), id="create-yaml-malformed"),
    pytest.param(post_map(422, b"\t- tab: indent\n", "application/yaml"), id="create-yaml-tab-indent"),
    pytest.param(post_map(422, nested_json(50_000), "application/yaml"), id="create-yaml-flow-nested-50k"),
    pytest.param(
        post_map(422, nested_yaml_block(500), "application/yaml"), id="create-yaml-block-nested-500"
    ),
    pytest.param(post_map(422, BILLION_LAUGHS, "application/yaml"), id="create-yaml-billion-laughs"),
    pytest.param(post_map(422, SMALL_ALIAS, "application/yaml"), id="create-yaml-one-alias"),
    pytest.param(post_map(422, MERGE_KEY, "application/yaml"), id="create-yaml-merge-key"),
    pytest.param(post_map(422, PYTHON_TAG, "application/yaml"), id="create-yaml-python-tag"),
    pytest.param(post_map(422, TWO_DOCUMENTS, "application/yaml"), id="create-yaml-two-documents"),
    pytest.param(put_essay(422, b'{"id": "import-ai-455"'), id="replace-truncated-json"),
    pytest.param(put_essay(422, nested_json(100_000)), id="replace-json-nested-100k"),
    pytest.param(put_essay(422, BILLION_LAUGHS, "application/yaml"), id="replace-yaml-billion-laughs"),
    pytest.param(patch_claim(400, b'{"text": '), id="patch-truncated-json"),
    pytest.param(patch_claim(400, nested_json(100_000)), id="patch-json-nested-100k"),
    pytest.param(what_if(400, b'{"remove_nodes": ['), id="what-if-truncated-json"),
    pytest.param(what_if(400, nested_object(20_000)), id="what-if-json-nested-20k"),
    pytest.param(qbaf(400, b'{"arguments": {"a": 0.5'), id="qbaf-truncated-json"),
    pytest.param(qbaf(400, nested_json(100_000)), id="qbaf-json-nested-100k"),
    # -- huge bodies ----------------------------------------------------------------------------------------
    pytest.param(post_map(413, HUGE_BODY), id="create-body-over-2mib"),
    pytest.param(put_essay(413, HUGE_BODY), id="replace-body-over-2mib"),
    pytest.param(patch_claim(413, b'{"text": "' + b"x" * (3 * 1024 * 1024) + b'"}'), id="patch-over-2mib"),
    pytest.param(what_if(413, b'{"remove_nodes": [' + b'"x",' * 600_000 + b'"x"]}'), id="what-if-over-2mib"),
    pytest.param(
        qbaf(413, b'{"arguments": {"a": 0.5}, "pad": "' + b"x" * 2_200_000 + b'"}'), id="qbaf-over-2mib"
    ),
    # -- duplicate keys -------------------------------------------------------------------------------------
    pytest.param(post_map(422, DUPLICATE_TOP), id="create-duplicate-key-json"),
    pytest.param(post_map(422, DUPLICATE_NESTED), id="create-duplicate-key-in-node"),
    pytest.param(post_map(422, DUPLICATE_YAML, "application/yaml"), id="create-duplicate-key-yaml"),
    pytest.param(patch_claim(400, b'{"base_score": 0.1, "base_score": 0.9}'), id="patch-duplicate-key"),
    pytest.param(
        what_if(400, b'{"base_scores": {"reporter-verdict": 0.1, "reporter-verdict": 0.9}}'),
        id="what-if-duplicate-key",
    ),
    pytest.param(qbaf(400, b'{"arguments": {"a": 0.5, "a": 0.7}}'), id="qbaf-duplicate-argument"),
    # -- wrong types ----------------------------------------------------------------------------------------
    pytest.param(post_map(422, b"null"), id="create-null-body"),
    pytest.param(post_map(422, b'"a map"'), id="create-string-body"),
    pytest.param(post_map(422, b"42"), id="create-number-body"),
    pytest.param(post_map(422, js(doc(id=42))), id="create-id-number"),
    pytest.param(post_map(422, js(doc(nodes={"a": 1}))), id="create-nodes-object"),
    pytest.param(post_map(422, js(node_with(base_score="high"))), id="create-score-string"),
    pytest.param(post_map(422, js(node_with(base_score=True))), id="create-score-boolean"),
    pytest.param(post_map(422, js(node_with(quotes="Cats"))), id="create-quotes-string"),
    pytest.param(post_map(422, HUGE_NUMBER), id="create-score-1e999"),
    pytest.param(post_map(422, NAN), id="create-score-nan-literal"),
    pytest.param(post_map(422, HUGE_INTEGER), id="create-offset-1e29"),
    pytest.param(post_map(422, js(node_with(base_score=-0.1))), id="create-score-negative"),
    pytest.param(post_map(422, js(doc(format=2))), id="create-format-2"),
    pytest.param(patch_claim(422, b"null"), id="patch-null-body"),
    pytest.param(patch_claim(422, b"[]"), id="patch-list-body"),
    pytest.param(patch_claim(422, b'{"base_score": "high"}'), id="patch-score-string"),
    pytest.param(patch_claim(400, b'{"base_score": 1e999}'), id="patch-score-1e999"),
    pytest.param(patch_claim(422, b'{"base_score": 1.5}'), id="patch-score-out-of-range"),
    pytest.param(patch_claim(422, b'{"tags": "coding"}'), id="patch-tags-string"),
    pytest.param(what_if(422, b'{"base_scores": {"reporter-verdict": "high"}}'), id="what-if-score-string"),
    pytest.param(what_if(422, b'{"base_scores": {"reporter-verdict": 7}}'), id="what-if-score-out-of-range"),
    pytest.param(what_if(422, b'{"remove_relations": "all"}'), id="what-if-relations-string"),
    pytest.param(what_if(422, b"[]"), id="what-if-list-body"),
    pytest.param(qbaf(422, b'{"arguments": ["a", "b"]}'), id="qbaf-arguments-list"),
    pytest.param(qbaf(400, b'{"arguments": {"a": 1e999}}'), id="qbaf-score-1e999"),
    pytest.param(qbaf(422, b'{"arguments": {"a": 5.0}}'), id="qbaf-score-out-of-range"),
    pytest.param(qbaf(422, b'{"arguments": {"a": 0.5}, "attacks": [["a"]]}'), id="qbaf-edge-one-end"),
    # -- extra fields ---------------------------------------------------------------------------------------
    pytest.param(post_map(422, js(doc(admin=True))), id="create-extra-top-field"),
    pytest.param(post_map(422, js(node_with(strength=1.0))), id="create-extra-node-field"),
    pytest.param(post_map(422, js(node_with(version=99))), id="create-node-version-field"),
    pytest.param(patch_claim(400, b'{"speaker": "ghost"}'), id="patch-extra-field"),
    pytest.param(patch_claim(400, b'{"id": "renamed"}'), id="patch-id-field"),
    # -- very long strings ----------------------------------------------------------------------------------
    pytest.param(post_map(422, js(doc(title="t" * 100_000))), id="create-title-100k"),
    pytest.param(post_map(422, js(node_with(text="t" * 2001))), id="create-text-2001"),
    pytest.param(post_map(422, js(doc(id="a" * 10_000))), id="create-id-10k"),
    pytest.param(post_map(422, js(node_with(id="a" * 81))), id="create-node-id-81"),
    pytest.param(patch_claim(422, js({"text": "t" * 2001})), id="patch-text-2001"),
    pytest.param(patch_claim(422, js({"text": ""})), id="patch-text-empty"),
    pytest.param(patch_claim(422, js({"text": "   "})), id="patch-text-blank"),
    # -- Unicode edge cases ---------------------------------------------------------------------------------
    pytest.param(post_map(422, LONE_SURROGATE_ESCAPE), id="create-lone-surrogate-escape"),
    pytest.param(post_map(422, LONE_SURROGATE_BYTES), id="create-lone-surrogate-utf8"),
    pytest.param(post_map(422, INVALID_UTF8), id="create-invalid-utf8"),
    pytest.param(post_map(422, "\u00e9".encode("latin-1") + js(doc())), id="create-latin1-bytes"),
    pytest.param(post_map(422, js(doc(id="hostile\u202emap"))), id="create-id-rtl-override"),
    pytest.param(post_map(422, js(doc(id="host\u200bile"))), id="create-id-zero-width"),
    pytest.param(post_map(422, js(doc(id="hostile\u0301"))), id="create-id-combining-mark"),
    pytest.param(post_map(422, js(doc(id="hostile\u0000"))), id="create-id-nul"),
    pytest.param(post_map(422, js(doc(id="\uff48ostile"))), id="create-id-fullwidth"),
    pytest.param(post_map(422, js(node_with(speaker="auth\u0430r"))), id="create-speaker-homoglyph"),
    pytest.param(
        post_map(422, "\ufeffid: hostile\ntitle: [\n".encode("utf-16"), "application/yaml"),
        id="create-yaml-utf16",
    ),
    pytest.param(patch_claim(400, b'{"text": "\\udfff trailing"}'), id="patch-lone-surrogate"),
    pytest.param(patch_claim(400, b'{"text": "\xed\xa0\x80"}'), id="patch-surrogate-utf8"),
    pytest.param(what_if(400, b'{"remove_nodes": ["\\ud800"]}'), id="what-if-lone-surrogate"),
    pytest.param(qbaf(400, b'{"arguments": {"\\ud800": 0.5}}'), id="qbaf-lone-surrogate-id"),
    # -- injection in ids and parameters --------------------------------------------------------------------
    pytest.param(post_map(422, js(doc(id=CYPHER))), id="create-cypher-in-map-id"),
    pytest.param(post_map(422, js(node_with(id=CYPHER))), id="create-cypher-in-node-id"),
    pytest.param(post_map(422, js(doc(root='n"] ; evil [label="x'))), id="create-dot-in-root"),
    pytest.param(post_map(422, js(node_with(tags=["<script>"]))), id="create-html-in-tag"),
    pytest.param(put_essay(422, js(doc(id="hostile"))), id="replace-id-differs-from-url"),
    pytest.param(patch_claim(422, js({"tags": ["x') DETACH DELETE n"]})), id="patch-cypher-in-tag"),
    pytest.param(
        patch_claim(404, b'{"base_score": 0.5}', f'"{ESSAY_ID}/x` DELETE n-v{VERSION}"', "x` DELETE n"),
        id="patch-cypher-in-claim-id",
    ),
    pytest.param(what_if(422, js({"remove_nodes": [CYPHER]})), id="what-if-cypher-node"),
    pytest.param(what_if(404, js({"root": "<script>alert(1)</script>"})), id="what-if-script-root"),
    pytest.param(what_if(404, b"{}", "x'}) DETACH DELETE n"), id="what-if-cypher-map"),
    pytest.param(qbaf(422, js({"arguments": {"a": 0.5}, "root": CYPHER})), id="qbaf-cypher-root"),
    pytest.param(qbaf(422, b'{"arguments": {"a": 0.5}}', {"topic": '"]; evil'}), id="qbaf-dot-topic"),
    pytest.param(get(f"{ESSAY}/tree", 404, root=CYPHER), id="tree-cypher-root"),
    pytest.param(get(f"{ESSAY}/scores", 404, root="<script>alert(1)</script>"), id="scores-script-root"),
    pytest.param(diagram(404, root='thesis"]; x [label=<<b>pwn</b>>]; //'), id="diagram-dot-root"),
    pytest.param(diagram(404, format="dot", root="a -> b"), id="diagram-dot-edge-root"),
    pytest.param(get("/claims", 400, q="x", cursor=CYPHER), id="search-cypher-cursor"),
    pytest.param(get("/claims", 400, kind="thesis' OR 1=1"), id="search-cypher-kind"),
    pytest.param(get("/sources/x'}) DETACH DELETE n", 404), id="source-cypher-id"),
    pytest.param(
        Case("POST", "/sources", 422, js({"id": CYPHER, "title": "t", "text": "x"})),
        id="new-source-cypher-id",
    ),
    pytest.param(
        Case("POST", "/sources", 400, b'{"title": "t", "title": "u", "text": "x"}'), id="new-source-dup-key"
    ),
    pytest.param(Case("POST", "/sources", 400, b'{"title": "t",'), id="new-source-truncated"),
    pytest.param(Case("POST", "/sources", 422, js({"title": "t", "text": 5})), id="new-source-text-number"),
    pytest.param(Case("POST", "/sources", 415, b"t", "text/plain"), id="new-source-plain-text"),
    pytest.param(
        Case("POST", "/sources/x'}) DETACH DELETE n/revisions", 404, js({"text": "x"})),
        id="revision-cypher-id",
    ),
    pytest.param(
        Case("POST", "/sources/import-ai-455-essay/revisions", 400, js({"text": "x", "extra": 1})),
        id="revision-extra-field",
    ),
    pytest.param(get("/sources/x'}) DETACH DELETE n/anchors", 404), id="anchors-cypher-id"),
    pytest.param(get("/sources/import-ai-455-essay", 400, revision="0"), id="source-revision-zero"),
    pytest.param(get(f"{ESSAY}/view", 404, root="<script>alert(1)</script>"), id="viewer-script-root"),
    pytest.param(get("/oembed", 404, url="javascript:alert(1)//maps/x/view"), id="oembed-javascript-url"),
    pytest.param(
        get("/oembed", 404, url="http://evil.example/maps/import-ai-455/view"), id="oembed-other-host"
    ),
    # -- odd ids --------------------------------------------------------------------------------------------
    pytest.param(get("/maps/..%2F..%2Fetc%2Fpasswd", 404), id="map-path-traversal"),
    pytest.param(get("/maps/" + "a" * 10_000, 404), id="map-id-10k"),
    pytest.param(get("/maps/%00", 404), id="map-id-nul"),
    pytest.param(get("/maps/%ED%A0%80", 404), id="map-id-surrogate-utf8"),
    pytest.param(get("/maps/%FF%FE", 404), id="map-id-invalid-utf8"),
    pytest.param(get("/maps/IMPORT-AI-455", 404), id="map-id-upper-case"),
    pytest.param(get("/maps/%E2%80%AEimport-ai-455", 404), id="map-id-rtl"),
    pytest.param(get(f"{ESSAY}/document/extra", 404), id="document-extra-segment"),
    pytest.param(get(f"/claims/{ESSAY_ID}/%00", 404), id="claim-id-nul"),
    pytest.param(get(f"/claims/{ESSAY_ID}/" + "x" * 10_000, 404), id="claim-id-10k"),
    pytest.param(get("/sources/%E2%80%8B", 404), id="source-id-zero-width"),
    pytest.param(get(f"/maps/{ESSAY_ID}%20/scores", 404), id="map-id-trailing-space"),
    # -- bad query values -----------------------------------------------------------------------------------
    pytest.param(get(f"{ESSAY}/tree", 400, depth="-1"), id="tree-depth-negative"),
    pytest.param(get(f"{ESSAY}/tree", 400, depth="abc"), id="tree-depth-word"),
    pytest.param(get(f"{ESSAY}/tree", 400, depth="9" * 40), id="tree-depth-huge"),
    pytest.param(get(f"{ESSAY}/tree", 400, semantics="qe; DROP"), id="tree-semantics-unknown"),
    pytest.param(get(f"{ESSAY}/scores", 400, contribution="banzhaf"), id="scores-contribution-unknown"),
    pytest.param(get(f"{ESSAY}/scores", 422, semantics="h-categorizer"), id="scores-attack-only-semantics"),
    pytest.param(get("/claims", 400, limit="0"), id="search-limit-zero"),
    pytest.param(get("/claims", 400, limit="1000000"), id="search-limit-huge"),
    pytest.param(get("/claims", 400, limit="1e3"), id="search-limit-float"),
    pytest.param(get("/claims", 400, min_strength="nan"), id="search-min-strength-nan"),
    pytest.param(get("/claims", 400, min_strength="inf"), id="search-min-strength-inf"),
    pytest.param(get("/claims", 400, min_strength="2"), id="search-min-strength-2"),
    pytest.param(get("/claims", 400, q="x" * 501), id="search-q-501"),
    pytest.param(get("/claims", 400, cursor="!!!not-base64!!!"), id="search-cursor-garbage"),
    pytest.param(get("/claims", 400, cursor="WzEsMl0"), id="search-cursor-wrong-shape"),
    pytest.param(get("/claims", 400, cursor="x" * 501), id="search-cursor-501"),
    pytest.param(
        get("/sources/virtuesig-clark-automated-rd-2028", 400, start="5", end="2"), id="source-span-reversed"
    ),
    pytest.param(
        get("/sources/virtuesig-clark-automated-rd-2028", 400, start="-1", end="2"), id="source-span-negative"
    ),
    pytest.param(
        get("/sources/virtuesig-clark-automated-rd-2028", 400, start="0", end="9" * 30), id="source-span-huge"
    ),
    pytest.param(get("/sources/virtuesig-clark-automated-rd-2028", 400, start="3"), id="source-span-one-end"),
    pytest.param(get(f"{ESSAY}/export", 400, format="xml"), id="export-format-unknown"),
    pytest.param(get("/oembed", 400, url=f"http://testserver{ESSAY}/view", format="xml"), id="oembed-xml"),
    pytest.param(get(f"{ESSAY}/view", 400, depth="deep"), id="viewer-depth-word"),
    pytest.param(get(f"{ESSAY}/embed", 400, min_weight="2"), id="embed-min-weight-2"),
    # -- oversized and malformed renders --------------------------------------------------------------------
    pytest.param(diagram(413, BIG_ID), id="diagram-too-many-nodes"),
    pytest.param(diagram(413, BIG_ID, format="png", depth="100"), id="diagram-too-many-nodes-depth"),
    pytest.param(diagram(400, format="gif"), id="diagram-format-gif"),
    pytest.param(diagram(400, top="0"), id="diagram-top-zero"),
    pytest.param(diagram(400, top="100000"), id="diagram-top-huge"),
    pytest.param(diagram(400, width="1000000"), id="diagram-width-huge"),
    pytest.param(diagram(400, height="1"), id="diagram-height-tiny"),
    pytest.param(diagram(400, min_weight="-1"), id="diagram-min-weight-negative"),
    pytest.param(diagram(400, direction="XX"), id="diagram-direction-unknown"),
    pytest.param(diagram(400, legend="maybe"), id="diagram-legend-word"),
    # -- wrong content types --------------------------------------------------------------------------------
    pytest.param(post_map(415, js(doc()), "text/plain"), id="create-text-plain"),
    pytest.param(post_map(415, b"<map id='x'/>", "application/xml"), id="create-xml"),
    pytest.param(post_map(415, b"id=hostile", "application/x-www-form-urlencoded"), id="create-form"),
    pytest.param(
        post_map(415, b"--b\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b"), id="create-multipart"
    ),
    pytest.param(
        post_map(422, b"id: hostile\ntitle: t\n", "application/json"), id="create-yaml-sent-as-json"
    ),
    pytest.param(post_map(400, b"   \n  ", "application/json"), id="create-blank-body"),
    pytest.param(put_essay(415, js(essay_doc()), "text/html"), id="replace-html"),
    pytest.param(
        Case("POST", "/maps", 415, b"id: x\n", "application/yaml", params={"format": "aif", "id": "x"}),
        id="create-aif-as-yaml",
    ),
    pytest.param(
        Case("POST", "/maps", 400, js(doc()), params={"format": "aif", "id": "Bad Id"}),
        id="create-aif-bad-id",
    ),
    pytest.param(Case("POST", "/maps", 400, js(doc()), params={"format": "xml"}), id="create-format-unknown"),
    # -- access and preconditions ---------------------------------------------------------------------------
    pytest.param(Case("POST", "/maps", 401, js(doc()), auth=False), id="create-without-token"),
    pytest.param(
        Case("POST", "/maps", 401, js(doc()), auth=False, headers={"Authorization": "Bearer " + CYPHER}),
        id="create-token-injection",
    ),
    pytest.param(
        Case("POST", "/maps", 401, js(doc()), auth=False, headers={"Authorization": "Bearer " + "x" * 8000}),
        id="create-token-8k",
    ),
    pytest.param(Case("PUT", ESSAY, 428, js(essay_doc())), id="replace-without-if-match"),
    pytest.param(
        Case("PUT", ESSAY, 428, js(essay_doc()), headers={"If-Match": "*"}), id="replace-if-match-star"
    ),
    pytest.param(
        Case("PUT", ESSAY, 412, js(essay_doc()), headers={"If-Match": 'W/"import-ai-455-v1"'}),
        id="replace-weak-etag",
    ),
    pytest.param(
        Case("PUT", ESSAY, 412, js(essay_doc()), headers={"If-Match": '"import-ai-455-v' + "9" * 30 + '"'}),
        id="replace-etag-huge-version",
    ),
    pytest.param(
        Case("PUT", ESSAY, 412, js(essay_doc()), headers={"If-Match": '"import-ai-455-v99"'}),
        id="replace-etag-future-version",
    ),
    pytest.param(
        Case("PUT", ESSAY, 412, js(essay_doc()), headers={"If-Match": '"x\' OR 1=1 --"'}),
        id="replace-etag-injection",
    ),
    pytest.param(
        Case("PUT", "/maps/hostile", 404, js(doc()), headers={"If-Match": '"hostile-v1"'}),
        id="replace-unknown-map",
    ),
    pytest.param(Case("DELETE", ESSAY, 428, content_type=None), id="delete-without-if-match"),
    pytest.param(Case("DELETE", ESSAY, 401, content_type=None, auth=False), id="delete-without-token"),
    pytest.param(
        Case("DELETE", ESSAY, 412, content_type=None, headers={"If-Match": '"import-ai-455-v0"'}),
        id="delete-stale-etag",
    ),
    pytest.param(
        Case("DELETE", ESSAY, 412, content_type=None, headers={"If-Match": '"import-ai-455-v-1"'}),
        id="delete-negative-version",
    ),
    pytest.param(
        Case("DELETE", "/maps/nope", 404, content_type=None, headers={"If-Match": '"nope-v1"'}),
        id="delete-unknown-map",
    ),
    pytest.param(patch_claim(412, b'{"base_score": 0.2}', ""), id="patch-empty-if-match"),
    pytest.param(patch_claim(412, b'{"base_score": 0.2}', MAP_TAG), id="patch-with-map-etag"),
    pytest.param(
        patch_claim(404, b'{"base_score": 0.2}', f'"{ESSAY_ID}/ghost-v{VERSION}"', "ghost"),
        id="patch-unknown-claim",
    ),
    # -- conflicts and rules --------------------------------------------------------------------------------
    pytest.param(post_map(409, js(doc(id="pets"))), id="create-existing-id"),
    pytest.param(post_map(409, js(OTHER_TEXT)), id="create-shared-source-other-text"),
    pytest.param(
        post_map(422, js(node_with(quotes=[{"start": 0, "end": 4, "text": "Dogs"}]))),
        id="create-quote-mismatch",
    ),
    pytest.param(
        post_map(422, js(node_with(quotes=[{"start": 5, "end": 2, "text": "x"}]))), id="create-quote-reversed"
    ),
    pytest.param(
        post_map(422, js(node_with(quotes=[{"start": -1, "end": 2, "text": "Ca"}]))),
        id="create-quote-negative",
    ),
    pytest.param(
        post_map(422, js(doc(relations=[{"source": "thesis", "target": "thesis", "type": "supports"}]))),
        id="create-self-loop",
    ),
    pytest.param(post_map(422, js(doc(nodes=[]))), id="create-no-nodes"),
    pytest.param(
        what_if(422, js({"remove_nodes": ["clark-thesis-automated-rd-2028"]})), id="what-if-remove-root"
    ),
    pytest.param(
        qbaf(422, js({"arguments": {"a": 0.5}, "attacks": [["a", "ghost"]]})), id="qbaf-dangling-edge"
    ),
    pytest.param(
        qbaf(413, js({"arguments": {f"a{i}": 0.5 for i in range(20_001)}})), id="qbaf-too-many-arguments"
    ),
    pytest.param(qbaf(400, b'{"arguments": {}}', {"semantics": "Bayes"}), id="qbaf-semantics-unknown"),
    pytest.param(post_map(422, js(MANY_DUPLICATE_RELATIONS)), id="create-5k-duplicate-relations"),
    pytest.param(post_map(409, js(RETITLED)), id="create-shared-source-retitled"),
    # -- AIF imports ----------------------------------------------------------------------------------------
    pytest.param(aif(422, b'{"nodes": "x", "edges": []}'), id="aif-nodes-string"),
    pytest.param(aif(422, b"[]"), id="aif-list-body"),
    pytest.param(aif(422, b'{"nodes": ['), id="aif-truncated-json"),
    pytest.param(aif(400, nested_json(100_000)), id="aif-json-nested-100k"),
    pytest.param(aif(422, AIF_DUPLICATE_KEY), id="aif-duplicate-key"),
    pytest.param(aif(409, js(AIF), "pets"), id="aif-existing-id"),
    pytest.param(
        aif(422, js({**AIF, "edges": [{"edgeID": "1", "fromID": "ghost", "toID": "a"}]})),
        id="aif-dangling-edge",
    ),
    pytest.param(aif(422, js({"nodes": [], "edges": []})), id="aif-empty-graph"),
    # -- more parameters ------------------------------------------------------------------------------------
    pytest.param(diagram(413, BIG_ID, top="450"), id="diagram-top-over-400"),
    pytest.param(get(f"/maps/{BIG_ID}/embed", 413, top="450"), id="embed-top-over-400"),
    pytest.param(
        get("/oembed", 400, url=f"http://testserver{ESSAY}/view", maxwidth="wide"), id="oembed-maxwidth-word"
    ),
    pytest.param(get("/maps/nope/export", 404, format="aif"), id="export-unknown-map"),
    pytest.param(get("/claims", 400, kind="THESIS"), id="search-kind-upper-case"),
    pytest.param(get("/sources/import-ai-455-essay", 400, start="0", end="1"), id="source-span-without-text"),
    pytest.param(what_if(422, js({"semantics": "h-categorizer"})), id="what-if-attack-only-semantics"),
    pytest.param(
        Case("GET", ESSAY, 406, content_type=None, headers={"Accept": "image/png"}), id="map-accept-png"
    ),
    pytest.param(
        Case("POST", "/maps", 422, js(doc()).decode().encode("utf-16"), "application/json; charset=utf-16"),
        id="create-json-utf16",
    ),
    # -- forecasts ------------------------------------------------------------------------------------------
    pytest.param(resolve(428, js(RESOLUTION), if_match=None), id="resolve-without-if-match"),
    pytest.param(resolve(412, js(RESOLUTION), if_match='"import-ai-455-v0"'), id="resolve-stale-etag"),
    pytest.param(resolve(401, js(RESOLUTION), auth=False), id="resolve-without-token"),
    pytest.param(resolve(422, js({**RESOLUTION, "outcome": "yes"})), id="resolve-outcome-string"),
    pytest.param(resolve(422, js({**RESOLUTION, "resolved_on": "2028-02-30"})), id="resolve-impossible-date"),
    pytest.param(resolve(422, js({**RESOLUTION, "resolved_on": "2028-1-1"})), id="resolve-date-shape"),
    pytest.param(resolve(422, js({**RESOLUTION, "resolution_source": ""})), id="resolve-source-empty"),
    pytest.param(resolve(400, js({**RESOLUTION, "brier": 0})), id="resolve-extra-field"),
    pytest.param(resolve(400, RESOLUTION_DUPLICATE), id="resolve-duplicate-key"),
    pytest.param(resolve(400, nested_json(100_000)), id="resolve-nested-100k"),
    pytest.param(resolve(404, js(RESOLUTION), node="ghost"), id="resolve-unknown-node"),
    pytest.param(resolve(404, js(RESOLUTION), node=CLAIM), id="resolve-node-without-forecast"),
    pytest.param(resolve(404, js(RESOLUTION), node=CYPHER), id="resolve-cypher-node"),
    pytest.param(
        Case("GET", "/forecasts", 400, content_type=None, params={"status": "closed"}),
        id="forecasts-status-unknown",
    ),
    pytest.param(get("/forecasts", 400, speaker="x" * 201), id="forecasts-speaker-201"),
    pytest.param(get("/maps/nope/forecasts", 404), id="forecasts-unknown-map"),
    # -- debate: briefs, gaps, robustness, perspectives ----------------------------------------------------
    pytest.param(get(f"{ESSAY}/brief", 400), id="brief-without-side"),
    pytest.param(get(f"{ESSAY}/brief", 400, side="neutral"), id="brief-side-unknown"),
    pytest.param(get(f"{ESSAY}/brief", 400, side="pro", format="pdf"), id="brief-format-unknown"),
    pytest.param(get(f"{ESSAY}/brief", 400, side="pro", top="0"), id="brief-top-zero"),
    pytest.param(get(f"{ESSAY}/brief", 404, side="con", root=CYPHER), id="brief-cypher-root"),
    pytest.param(get("/maps/nope/gaps", 404), id="gaps-unknown-map"),
    pytest.param(get(f"{ESSAY}/gaps", 400, semantics="<script>"), id="gaps-script-semantics"),
    pytest.param(get(f"{ESSAY}/robustness", 400, spread="0"), id="robustness-spread-zero"),
    pytest.param(get(f"{ESSAY}/robustness", 400, samples="1000000000"), id="robustness-samples-huge"),
    pytest.param(get(f"{ESSAY}/robustness", 400, seed="-1"), id="robustness-seed-negative"),
    pytest.param(get(f"{ESSAY}/robustness", 400, spread="nan"), id="robustness-spread-nan"),
    pytest.param(compare(400, b'{"perspectives": ['), id="perspectives-truncated-json"),
    pytest.param(compare(400, nested_json(100_000)), id="perspectives-nested-100k"),
    pytest.param(compare(422, js({"perspectives": [{"name": "Bad Name"}]})), id="perspectives-bad-name"),
    pytest.param(
        compare(422, js({"perspectives": [{"name": f"p{i}"} for i in range(21)]})), id="perspectives-21"
    ),
    pytest.param(
        compare(422, js({"perspectives": [{"name": "p", "base_scores": {CLAIM: 2}}]})),
        id="perspectives-score-2",
    ),
    pytest.param(
        compare(400, js({"perspectives": [{"name": "p", "extra": 1}]})), id="perspectives-extra-field"
    ),
    pytest.param(
        compare(400, b'{"perspectives": [{"name": "p", "name": "q"}]}'), id="perspectives-duplicate-key"
    ),
    pytest.param(
        compare(422, js({"perspectives": [{"name": "p", "base_scores": {CYPHER: 0.5}}]})),
        id="perspectives-cypher-node",
    ),
    pytest.param(what_if_diagram(400, b'{"remove_nodes": ['), id="what-if-diagram-truncated-json"),
    pytest.param(what_if_diagram(422, js({"remove_nodes": [CYPHER]})), id="what-if-diagram-cypher-node"),
    pytest.param(what_if_diagram(400, b"{}", {"format": "gif"}), id="what-if-diagram-format-gif"),
    pytest.param(what_if_diagram(400, b"{}", {"top": "0"}), id="what-if-diagram-top-zero"),
    pytest.param(
        # The drawing's size is refused before the what-if is computed, whatever the contribution function.
        Case("POST", f"/maps/{BIG_ID}/what-if/diagram", 413, b"{}"),
        id="what-if-diagram-too-many-nodes",
    ),
    # -- what an outside probe found at the edge ------------------------------------------------------------
    pytest.param(what_if(400, b""), id="what-if-empty-body"),
    pytest.param(patch_claim(400, b""), id="patch-empty-body"),
    pytest.param(qbaf(400, nested_object(65)), id="qbaf-json-nested-65-objects"),
    pytest.param(
        what_if(400, js({"base_scores": {"a": 0.5}, "x": json.loads(nested_json(70))})),
        id="what-if-nested-70",
    ),
    pytest.param(
        Case(
            "GET",
            "/oembed",
            404,
            content_type=None,
            params={"url": f"http://evil.example{ESSAY}/view"},
            headers={"Host": "evil.example"},
        ),
        id="oembed-for-the-host-header",
    ),
    pytest.param(
        Case(
            "PATCH",
            f"/claims/{ESSAY_ID}/{CLAIM}",
            403,
            js({"base_score": 0.2}),
            headers={"If-Match": CLAIM_TAG, "Origin": "http://evil.example", "Host": "evil.example"},
        ),
        id="write-from-an-origin-named-in-host",
    ),
    pytest.param(
        Case(
            "PATCH",
            f"/claims/{ESSAY_ID}/{CLAIM}",
            403,
            js({"base_score": 0.2}),
            headers={"If-Match": CLAIM_TAG, "Origin": "http://testserver.local/"},
        ),
        id="write-from-the-own-origin-with-a-slash",
    ),
    # -- methods --------------------------------------------------------------------------------------------
    pytest.param(Case("POST", f"{ESSAY}/document", 405, b"{}"), id="post-document"),
    pytest.param(Case("DELETE", "/maps", 405, content_type=None), id="delete-map-list"),
    pytest.param(Case("PUT", f"/claims/{ESSAY_ID}/{CLAIM}", 405, b"{}"), id="put-claim"),
]


def _request_headers(case: Case, map_tag: str, claim_tag: str) -> dict[str, str]:
    headers = dict(AUTH) if case.auth else {}
    if case.content_type is not None:
        headers["Content-Type"] = case.content_type
    version = map_tag.strip('"').rpartition("-v")[2]
    for name, value in case.headers.items():
        headers[name] = (
            value.replace(MAP_TAG, map_tag).replace(CLAIM_TAG, claim_tag).replace(VERSION, version)
        )
    return headers


@pytest.mark.parametrize("case", CASES)
async def test_hostile_request_is_a_4xx_problem_and_changes_nothing(world: World, case: Case) -> None:
    essay = await world.client.get(ESSAY)
    map_tag = essay.headers["etag"]
    claim_tag = (await world.client.get(f"/claims/{ESSAY_ID}/{CLAIM}")).headers["etag"]
    before = await snapshot(world)
    response = await world.client.request(
        case.method,
        case.path,
        content=case.content,
        params=case.params,
        headers=_request_headers(case, map_tag, claim_tag),
    )
    if response.headers.get("content-type", "").startswith("text/html"):
        # A page for people says "not found" as a page; what was sent comes back escaped, never as markup.
        assert response.status_code == case.status
        assert "<script>" not in response.text.split("</head>", 1)[-1]
    else:
        assert_problem(response, case.status)
    assert await snapshot(world) == before


# -- injection text that is valid content -------------------------------------------------------------------

PAYLOADS = [
    pytest.param("'); MATCH (n) DETACH DELETE n //", id="cypher-detach-delete"),
    pytest.param('"}) WITH 1 AS x MATCH (m:Map) SET m.version = 0 RETURN x //', id="cypher-set-version"),
    pytest.param("$text {id: 'x'} `backtick` ${x} \\u0041", id="cypher-parameters"),
    pytest.param('"]; injected [label="pwned" shape=box]; injected -> thesis; //', id="dot-statement"),
    pytest.param("<<table><tr><td>pwn</td></tr></table>>", id="dot-html-label"),
    pytest.param("\\N \\G \\E \\T \\H \\L \\l \\r \\n {a|b} <port> \\", id="dot-escapes"),
    pytest.param("<script>alert(document.cookie)</script>", id="html-script"),
    pytest.param(
        "\"><img src=x onerror=alert(1)> ' onmouseover='alert(1)' &amp; &#x3C;", id="html-attribute"
    ),
    pytest.param('title:(a OR b)~2 ^3 *wild? +must -not "phrase \\" AND', id="lucene-syntax"),
    pytest.param("&anchor *alias !!python/object:os.system {} [] --- ... %YAML", id="yaml-syntax"),
    pytest.param(
        "\u202eevil\u202c plain \u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", id="rtl"
    ),
    pytest.param("a\u200bb\u200cc\u200dd\ufeffe\u2060f", id="zero-width"),
    pytest.param("Z\u0351\u0367\u0300a\u0308\u0301\u0327l\u035cg\u0489o e\u0301", id="combining-marks"),
    pytest.param(
        "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001d54f \U0001f3f3\ufe0f\u200d\U0001f308 \U0010fffd",
        id="astral",
    ),
    pytest.param("line one\r\nline two\n\tindented\rcarriage", id="line-breaks"),
    pytest.param(("\u00fc\u0308a\U0001f600 " * 400)[:2000], id="long-multibyte-2000"),
]


def injection_map(map_id: str, payload: str) -> MapDocument:
    """A valid map carrying ``payload`` in every free-text field, and a quote of it in its source's text."""
    text = f"Intro. {payload} Outro."
    start = len("Intro. ")
    document = small_map(map_id, thesis_text=payload, source_id=f"{map_id}-source")
    data: dict[str, Any] = msgspec.to_builtins(document)
    data.update(title=payload, summary=payload)
    data["sources"][0].update(
        title=payload,
        outlet=payload,
        author=payload,
        published=payload,
        url=f"https://example.org/{payload}",  # a link is http(s); what follows the scheme is content
        note=payload,
        text=text,
    )
    data["speakers"][0].update(name=payload, role=payload)
    thesis, claim, counter = data["nodes"]
    thesis.update(
        rationale=payload,
        date=payload,
        quotes=[{"start": start, "end": start + len(payload), "text": payload}],
        evidence={
            "metric": payload,
            "observations": [
                {"value": 1.0, "unit": payload, "system": payload, "note": payload, "date": payload}
            ],
        },
        forecast={"resolves_by": "2030-01-01", "criterion": payload, "note": payload},
    )
    claim.update(quotes=[])
    counter.update(quotes=[])
    for relation in data["relations"]:
        relation["note"] = payload
    return msgspec.convert(data, MapDocument)


@pytest.mark.parametrize("payload", PAYLOADS)
async def test_injection_text_is_stored_verbatim(world: World, payload: str) -> None:
    """Text looking like Cypher, DOT, HTML, Lucene or odd Unicode is content: kept exactly, harming none."""
    client = world.client
    map_id = "injected"
    document = injection_map(map_id, payload)
    before = await snapshot(world)

    created = await client.post("/maps", content=msgspec.json.encode(document), headers=AUTH)
    assert created.status_code == 201, created.text
    read = await client.get(f"/maps/{map_id}/document")
    assert read.status_code == 200, read.text
    assert msgspec.convert(read.json(), MapDocument) == document

    claim_tag = (await client.get(f"/claims/{map_id}/sleep-good")).headers["etag"]
    patched = await client.patch(
        f"/claims/{map_id}/sleep-good",
        content=msgspec.json.encode({"text": payload}),
        headers={**AUTH, "If-Match": claim_tag},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["text"] == payload
    span = (
        await client.get(f"/sources/{map_id}-source", params={"start": 7, "end": 7 + len(payload)})
    ).json()
    assert span["text"] == payload

    found = await client.get("/claims", params={"q": payload[:500], "map": map_id})
    assert found.status_code == 200, found.text
    drawn = await client.get(f"/maps/{map_id}/diagram", params={"format": "svg"})
    assert drawn.status_code == 200, drawn.text
    page = await client.get(f"/maps/{map_id}/view")
    assert page.status_code == 200, page.text
    if "<" in payload:
        assert payload not in page.text, "the viewer must escape text it shows"

    listing = (await client.get("/maps")).json()["maps"]
    assert [entry for entry in listing if entry["id"] != map_id] == before[1]["maps"], "other maps changed"
    tag = (await client.get(f"/maps/{map_id}")).headers["etag"]
    deleted = await client.delete(f"/maps/{map_id}", headers={**AUTH, "If-Match": tag})
    assert deleted.status_code == 204, deleted.text
    (nodes, relationships), maps = await snapshot(world)
    (nodes_before, relationships_before), maps_before = before
    assert (relationships, maps) == (relationships_before, maps_before)
    # A deleted map leaves its lock, holding its last version (one node, made by the first payload's map).
    assert nodes - nodes_before in {0, 1}


async def test_control_characters_are_refused_where_they_stand(world: World) -> None:
    """NUL, C0 and C1 controls are not text: a map holding them is a 422 naming each field; nothing moves."""
    before = await snapshot(world)
    document = injection_map("controlled", "a\u0000b\u0001c\u001fd\u007f\u0085e")
    refused = await world.client.post("/maps", content=msgspec.json.encode(document), headers=AUTH)
    assert refused.status_code == 422, refused.text
    flagged = {
        problem["path"] for problem in refused.json()["problems"] if problem["code"] == "control-character"
    }
    assert {"nodes[0].text", "nodes[0].rationale", "speakers[0].name", "sources[0].title"} <= flagged
    assert await snapshot(world) == before
