"""Rows the store writes: quotes keep whose words they are, forecast nodes keep their due date and status."""

from __future__ import annotations

import msgspec
from support.maps import small_map

from graph.forecasts import resolve_forecast
from graph.store._codec import node_rows, quote_rows
from schemas import Forecast, ForecastResolution, MapDocument, QuoteProvenance


def _map() -> MapDocument:
    document = small_map()
    thesis = document.nodes[0]
    quote = msgspec.structs.replace(thesis.quotes[0], provenance=QuoteProvenance.AUTHOR_VOICE)
    forecast = Forecast(resolves_by="2027-12-31", criterion="Cats sleep more.", probability=0.7)
    nodes = [msgspec.structs.replace(thesis, quotes=[quote], forecast=forecast), *document.nodes[1:]]
    return msgspec.structs.replace(document, nodes=nodes)


def test_quote_rows_carry_provenance_and_name_the_source() -> None:
    rows = {row["node"]: row for row in quote_rows(_map())}

    assert rows["thesis"]["provenance"] == "author-voice"
    assert rows["sleep-good"]["provenance"] is None
    assert {row["link_source"] for row in rows.values()} == {"pets-note"}


def test_node_rows_carry_the_forecast_for_cypher_users() -> None:
    document = _map()
    versions = {node.id: 1 for node in document.nodes}

    rows = {row["id"]: row for row in node_rows(document, {}, versions)}

    assert (rows["thesis"]["resolves_by"], rows["thesis"]["forecast_status"]) == ("2027-12-31", "open")
    assert (rows["dogs-bark"]["resolves_by"], rows["dogs-bark"]["forecast_status"]) == (None, None)
    assert msgspec.json.decode(rows["thesis"]["doc"])["forecast"]["probability"] == 0.7


def test_a_resolution_changes_the_node_so_a_replace_rewrites_it() -> None:
    document = _map()
    versions = {node.id: 1 for node in document.nodes}
    resolution = ForecastResolution(outcome=True, resolution_source="A 2027 survey", resolved_on="2027-06-01")

    before = {row["id"]: row for row in node_rows(document, {}, versions)}
    after = {
        row["id"]: row for row in node_rows(resolve_forecast(document, "thesis", resolution), {}, versions)
    }

    assert after["thesis"]["forecast_status"] == "resolved-true"
    assert after["thesis"]["hash"] != before["thesis"]["hash"]
    assert after["sleep-good"]["hash"] == before["sleep-good"]["hash"]
