"""``/maps``: list, read, write and analyse maps (trees, scores, what-if)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.spec import Example, OpenAPIMediaType, Operation, Reference, RequestBody
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.errors import COMMON_STATUSES, problem_specs
from api.http import (
    etag,
    json_body,
    read_map_document,
    require_if_match,
    writes_guard,
)
from api.params import CONTRIBUTION, DEPTH, ROOT, SEMANTICS
from graph.mapgraph import MapGraph, scores_view, tree_view, what_if_view
from graph.service import MapService
from schemas import MapDocument, RelationType
from schemas._api import (
    MapDetail,
    MapList,
    MapSummary,
    Scores,
    SourceRef,
    Tree,
    WhatIf,
    WhatIfOutcome,
    WriteReceipt,
)

MAP_ID = Parameter(description="The map's id, e.g. import-ai-455.", examples=[Example(value="import-ai-455")])
READ_ERRORS = problem_specs([*COMMON_STATUSES])
WRITE_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 409, 412, 413, 415, 422, 428])


@dataclass
class MapDocumentBodyOperation(Operation):
    """Documents the map document request body.

    The handler decodes the body itself so that every problem in it is reported at once (422), not only the
    first one, so the body cannot be declared as a typed parameter.
    """

    def __post_init__(self) -> None:
        schema = Reference(ref="#/components/schemas/MapDocument")
        self.request_body = RequestBody(
            content={
                "application/json": OpenAPIMediaType(schema=schema),
                "application/yaml": OpenAPIMediaType(schema=schema),
            },
            description="A map document, as JSON or as YAML (Content-Type application/yaml).",
            required=True,
        )


def summary(graph: MapGraph) -> MapSummary:
    """The listing entry of a map."""
    return MapSummary(
        id=graph.id,
        title=graph.document.title,
        version=graph.version,
        root=graph.root,
        thesis_ids=graph.thesis_ids,
        counts=graph.counts_by_kind(),
        sources=[SourceRef(id=s.id, title=s.title, outlet=s.outlet) for s in graph.document.sources],
        summary=graph.document.summary,
    )


def map_detail(graph: MapGraph) -> MapDetail:
    """One map with its theses, speakers, sources and counts."""
    relations = {kind.value: 0 for kind in RelationType}
    for relation in graph.document.relations:
        relations[relation.type.value] += 1
    return MapDetail(
        **msgspec.structs.asdict(summary(graph)), relations=relations, speakers=list(graph.document.speakers)
    )


def map_tag(graph: MapGraph) -> str:
    """The ETag of every representation of one map version."""
    return etag(graph.id, f"v{graph.version}")


class MapController(Controller):
    """Maps and their analyses."""

    path = "/maps"
    tags = ["maps"]

    @get(operation_id="listMaps", summary="List maps", responses=READ_ERRORS)
    async def list_maps(self, service: NamedDependency[MapService]) -> MapList:
        """Every map with its title, root, theses, sources and node counts per kind."""
        rows = await service.repository.list_maps()
        graphs = [await service.graph(row["id"]) for row in rows]
        return MapList(maps=[summary(graph) for graph in graphs])

    @get("/{map_id:str}", operation_id="getMap", summary="One map", responses=READ_ERRORS)
    async def get_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[MapDetail]:
        """A map with its theses, speakers, sources and counts; answers ``ETag``, honours If-None-Match."""
        graph = await service.graph(map_id)
        return json_body(request, service, graph, map_tag(graph), ("detail",), lambda: map_detail(graph))

    @get(
        "/{map_id:str}/document",
        operation_id="getMapDocument",
        summary="A map as a map document",
        responses=READ_ERRORS,
    )
    async def get_document(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[MapDocument]:
        """The map as a map document (JSON), ready to edit and ``PUT`` back."""
        graph = await service.graph(map_id)
        return json_body(request, service, graph, map_tag(graph), ("document",), lambda: graph.document)

    @get("/{map_id:str}/tree", operation_id="getTree", summary="The argument tree", responses=READ_ERRORS)
    async def tree(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        root: ROOT = None,
        depth: DEPTH = 25,
        semantics: SEMANTICS = "QE",
        contribution: CONTRIBUTION = "shapley",
    ) -> Response[Tree]:
        """The argument tree under ``root`` (default: the thesis).

        Nested supporters, attackers and qualifiers with strengths and each node's contribution to the root.
        A node already shown appears again only as ``ref``.
        """
        graph, evaluation = await service.evaluation(
            map_id, semantics=semantics, root=root, contribution=contribution
        )
        key = ("tree", evaluation.root, evaluation.semantics, evaluation.contribution, depth)
        return json_body(
            request, service, graph, map_tag(graph), key, lambda: tree_view(graph, evaluation, depth=depth)
        )

    @get(
        "/{map_id:str}/scores",
        operation_id="getScores",
        summary="Strengths and contributions",
        responses=READ_ERRORS,
    )
    async def scores(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        root: ROOT = None,
        semantics: SEMANTICS = "QE",
        contribution: CONTRIBUTION = "shapley",
    ) -> Response[Scores]:
        """Every node's base score, strength, contribution to the root and rank by weight carried."""
        graph, evaluation = await service.evaluation(
            map_id, semantics=semantics, root=root, contribution=contribution
        )
        key = ("scores", evaluation.root, evaluation.semantics, evaluation.contribution)
        return json_body(request, service, graph, map_tag(graph), key, lambda: scores_view(graph, evaluation))

    @post(
        "/{map_id:str}/what-if",
        operation_id="whatIf",
        summary="Recompute under hypothetical changes",
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 413, 422]),
    )
    async def what_if(
        self, service: NamedDependency[MapService], map_id: Annotated[str, MAP_ID], data: JSONBody[WhatIf]
    ) -> WhatIfOutcome:
        """Recompute with base scores overridden and nodes or relations removed; nothing is written.

        Answers the new strengths and contributions next to the baseline, with the change for each node.
        """
        graph, baseline = await service.evaluation(
            map_id, semantics=data.semantics, root=data.root, contribution=data.contribution
        )
        return what_if_view(graph, data, baseline)

    @post(
        operation_id="createMap",
        operation_class=MapDocumentBodyOperation,
        summary="Create a map",
        guards=[writes_guard],
        status_code=HTTP_201_CREATED,
        responses=WRITE_ERRORS,
        security=[{"bearer": []}],
    )
    async def create_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
    ) -> Response[WriteReceipt]:
        """Validate and store a new map in one transaction; 201 with ``Location`` and ``ETag``."""
        document = await read_map_document(request)
        result = await service.save(document, must_not_exist=True)
        receipt = _receipt(document, result.version, created=True, changed=True)
        return Response(
            receipt,
            status_code=HTTP_201_CREATED,
            headers={"Location": f"/maps/{document.id}", "ETag": etag(document.id, f"v{result.version}")},
        )

    @put(
        "/{map_id:str}",
        operation_id="replaceMap",
        operation_class=MapDocumentBodyOperation,
        summary="Replace a map",
        guards=[writes_guard],
        responses=WRITE_ERRORS,
        security=[{"bearer": []}],
    )
    async def replace_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[WriteReceipt]:
        """Replace a map's content in one transaction. Needs ``If-Match`` with the map's current ETag."""
        expected = require_if_match(request, map_id)
        document = await read_map_document(request)
        if document.id != map_id:
            from graph.errors import InvalidArgumentMap
            from schemas import Problem

            raise InvalidArgumentMap(
                "the document's id differs from the map in the URL",
                [
                    Problem(
                        path="id", message=f"is {document.id!r}, the URL names {map_id!r}", code="id-mismatch"
                    )
                ],
            )
        result = await service.save(document, expected_version=expected, must_exist=True)
        receipt = _receipt(document, result.version, created=False, changed=result.changed)
        return Response(receipt, headers={"ETag": etag(map_id, f"v{result.version}")})

    @delete(
        "/{map_id:str}",
        operation_id="deleteMap",
        summary="Delete a map",
        guards=[writes_guard],
        status_code=HTTP_204_NO_CONTENT,
        responses=WRITE_ERRORS,
        security=[{"bearer": []}],
    )
    async def delete_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
    ) -> None:
        """Delete a map, its nodes and quotes, and sources no other map cites. Needs ``If-Match``."""
        expected = require_if_match(request, map_id)
        await service.delete(map_id, expected_version=expected)


def _receipt(document: MapDocument, version: int, *, created: bool, changed: bool) -> WriteReceipt:
    return WriteReceipt(
        id=document.id,
        version=version,
        created=created,
        changed=changed,
        nodes=len(document.nodes),
        relations=len(document.relations),
    )
