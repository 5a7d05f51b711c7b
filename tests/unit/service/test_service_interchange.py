"""MapService's exports and AIF import over the in-memory store: cached per version, format and day."""

from __future__ import annotations

import csv
import datetime as dt
import io

import msgspec
import pytest
from support.maps import small_map
from support.memory_store import MemoryStore

from graph.errors import Conflict, InvalidArgumentMap, NotFound
from graph.export import ExportFormat
from graph.service import CLI, MapService, ReviewPublisher, tag_version, version_tag

DAY = dt.date(2026, 5, 6)
BASE = "https://maps.example.org"


@pytest.fixture
async def service() -> MapService:
    maps = MapService(MemoryStore())
    await maps.save(small_map(), actor=CLI)
    return maps


async def test_each_format_has_its_media_type_file_name_and_tag(service: MapService) -> None:
    tags = set()
    for chosen in ExportFormat:
        found, filename = await service.export("pets", chosen, base_url=BASE, today=DAY)
        assert found.body
        assert filename.startswith("pets.")
        dated = ("2026-05-06",) if chosen is ExportFormat.AIF else ()  # only AIF stamps the export's time
        assert found.tag == version_tag("pets", 1, chosen.value, *dated)
        tags.add(found.tag)
    assert len(tags) == len(ExportFormat)


async def test_a_claim_review_is_dated_by_its_map_version_and_signed_by_its_publisher(
    service: MapService,
) -> None:
    """The same ClaimReview every day: it reviews a version, whose date the store keeps."""
    (kept,) = (await service.versions("pets")).versions
    desk = ReviewPublisher(name="The Desk", url="https://desk.example.org")
    today, _ = await service.export("pets", "claimreview", base_url=BASE, publisher=desk, today=DAY)
    later, _ = await service.export(
        "pets", "claimreview", base_url=BASE, publisher=desk, today=DAY + dt.timedelta(days=30)
    )
    graph = await service.graph("pets")

    assert today.body == later.body
    assert today.tag == later.tag
    assert await service.version_date(graph) == kept.created[:10]


async def test_the_csv_gives_the_roots_spread_on_its_row(service: MapService) -> None:
    found, _ = await service.export("pets", "csv", base_url=BASE, today=DAY)
    graph, evaluation = await service.evaluation("pets")
    spread = await service.spread(graph, evaluation)
    rows = list(csv.DictReader(io.StringIO(found.body.decode())))

    (root,) = [row for row in rows if row["id"] == "thesis"]
    assert float(root["strength_DF-QuAD"]) == pytest.approx(spread.strengths[1].strength, abs=1e-6)
    assert (float(root["band_low"]), float(root["band_high"])) == pytest.approx(
        (spread.low, spread.high), abs=1e-6
    )
    assert all(row["band_low"] == "" for row in rows if row["id"] != "thesis")


async def test_an_export_is_built_once_per_version_and_day(service: MapService) -> None:
    first, _ = await service.export("pets", "aif", base_url=BASE, today=DAY)
    again, _ = await service.export("pets", "aif", base_url=BASE, today=DAY)
    next_day, _ = await service.export("pets", "aif", base_url=BASE, today=DAY + dt.timedelta(days=1))

    assert again.body is first.body
    assert b"2026-05-06 00:00:00" in first.body
    assert b"2026-05-07 00:00:00" in next_day.body


async def test_a_write_makes_a_new_export(service: MapService) -> None:
    before, _ = await service.export("pets", "json", base_url=BASE, today=DAY)
    changed = msgspec.structs.replace(small_map(), title="Pets, revised")
    await service.save(changed, expected_version=1, must_exist=True, actor=CLI)
    after, _ = await service.export("pets", "json", base_url=BASE, today=DAY)

    assert tag_version(before.tag, "pets") is None  # a variant tag never passes for the map's own
    assert before.tag != after.tag
    assert msgspec.json.decode(after.body)["title"] == "Pets, revised"


async def test_unknown_map_and_format(service: MapService) -> None:
    with pytest.raises(NotFound):
        await service.export("nope", "csv", base_url=BASE)
    with pytest.raises(ValueError, match="xml"):
        await service.export("pets", "xml", base_url=BASE)


async def test_import_aif_creates_a_new_map_and_refuses_a_taken_id(service: MapService) -> None:
    aif, _ = await service.export("pets", "aif", base_url=BASE, today=DAY)

    result, imported = await service.import_aif(aif.body, actor=CLI, map_id="pets-copy", title="Pets again")
    assert (result.created, result.version) == (True, 1)
    graph = await service.graph("pets-copy")
    assert graph.document.title == "Pets again"
    assert {(r.source, r.type, r.target) for r in graph.document.relations} == {
        (r.source, r.type, r.target) for r in small_map().relations
    }
    assert any(item.field == "base_score" for item in imported.defaulted)
    with pytest.raises(Conflict):
        await service.import_aif(aif.body, actor=CLI, map_id="pets-copy")


async def test_import_aif_replaces_when_asked(service: MapService) -> None:
    aif, _ = await service.export("pets", "aif", base_url=BASE, today=DAY)
    await service.import_aif(aif.body, actor=CLI, map_id="pets-copy")

    result, _ = await service.import_aif(aif.body, actor=CLI, map_id="pets-copy", replace=True)
    assert (result.created, result.changed) == (False, False)


async def test_import_of_a_broken_graph_writes_nothing(service: MapService) -> None:
    with pytest.raises(InvalidArgumentMap):
        await service.import_aif(b'{"nodes": []}', actor=CLI, map_id="broken")
    with pytest.raises(NotFound):
        await service.graph("broken")
