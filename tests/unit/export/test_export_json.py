"""Our own JSON out: loading it back gives the same map document."""

from __future__ import annotations

import msgspec
from support.export_maps import Scored

from graph.document import load_document
from graph.export import ExportFormat, export_map, to_json


def test_json_round_trip(any_map: Scored) -> None:
    again = load_document(to_json(any_map.graph), media="json")

    assert again == any_map.document
    assert msgspec.json.encode(again) == to_json(any_map.graph)


def test_export_map_names_media_type_and_file(pouches: Scored) -> None:
    exported = export_map(pouches.graph, pouches.evaluation, ExportFormat.JSON)

    assert (exported.media_type, exported.filename) == ("application/json", "phone-pouches.json")
    assert load_document(exported.content, media="json") == pouches.document
