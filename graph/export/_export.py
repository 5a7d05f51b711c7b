"""The export formats' one table (media type, file extension, builder) and ``export_map``, which reads it.

Adding a format is one member of ``schemas.ExportFormat`` and one ``ExportSpec`` here with its builder; a
format declared without a spec stops the import, so none can be served by another's builder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import msgspec

from graph.export._aif import TIMESTAMP_FORMAT, to_aif
from graph.export._argdown import to_argdown
from graph.export._claimreview import ReviewPublisher, claim_review_document
from graph.export._common import ARGDOWN_MEDIA_TYPE, CSV_MEDIA_TYPE, Exported
from graph.export._csv import to_csv
from graph.mapgraph import Evaluation, MapGraph
from schemas import ExportFormat, Spread

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def to_json(graph: MapGraph) -> bytes:
    """The map document as JSON: what ``GET /maps/{id}/document`` answers and ``POST /maps`` takes back."""
    return msgspec.json.encode(graph.document)


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What a builder may use besides the map: its scores, where argmap is served, who reviews, and when.

    ``published`` is the date of the map version (what a review of it is dated), ``now`` the export's time
    (AIF's timestamps); ``spread`` is the root's strength under each published semantics and its band.
    """

    graph: MapGraph
    evaluation: Evaluation
    base_url: str
    publisher: ReviewPublisher
    now: dt.datetime
    published: str
    spread: Spread | None = None


@dataclass(frozen=True, slots=True)
class ExportSpec:
    """One export format: the media type it is served as, its file extension, and the builder of its bytes."""

    media_type: str
    extension: str
    build: Callable[[ExportContext], bytes]

    @property
    def is_json(self) -> bool:
        """The body is one JSON value (an object for every format so far)."""
        return self.media_type.split(";")[0].endswith(("/json", "+json"))


def _claim_review(context: ExportContext) -> bytes:
    document = claim_review_document(
        context.graph,
        base_url=context.base_url,
        published=context.published,
        publisher=context.publisher,
        spread=context.spread,
    )
    return msgspec.json.encode(document)


EXPORTS: Mapping[ExportFormat, ExportSpec] = MappingProxyType(
    {
        ExportFormat.JSON: ExportSpec("application/json", "json", lambda c: to_json(c.graph)),
        ExportFormat.AIF: ExportSpec(
            "application/json",
            "aif.json",
            lambda c: to_aif(c.graph, timestamp=c.now.strftime(TIMESTAMP_FORMAT)),
        ),
        ExportFormat.ARGDOWN: ExportSpec(
            f"{ARGDOWN_MEDIA_TYPE}; charset=utf-8",
            "argdown",
            lambda c: to_argdown(c.graph, c.evaluation).encode("utf-8"),
        ),
        ExportFormat.CLAIMREVIEW: ExportSpec("application/ld+json", "claimreview.jsonld", _claim_review),
        ExportFormat.CSV: ExportSpec(
            f"{CSV_MEDIA_TYPE}; charset=utf-8; header=present",
            "csv",
            lambda c: to_csv(c.graph, c.evaluation, c.spread),
        ),
    }
)
if set(EXPORTS) != set(ExportFormat):  # pragma: no cover - a format declared without its spec
    raise ImportError(f"no export spec for {sorted(set(ExportFormat) - set(EXPORTS))}")

MEDIA_TYPES: Mapping[ExportFormat, str] = MappingProxyType(
    {format: spec.media_type for format, spec in EXPORTS.items()}
)
"""The media type of each format, from ``EXPORTS`` (for negotiation and the OpenAPI document)."""


def export_filename(map_id: str, format: ExportFormat) -> str:
    """The file name an export of ``map_id`` is saved under.

    Example:
        >>> export_filename("import-ai-455", ExportFormat.CLAIMREVIEW)
        'import-ai-455.claimreview.jsonld'
    """
    return f"{map_id}.{EXPORTS[format].extension}"


def export_map(
    graph: MapGraph,
    evaluation: Evaluation,
    format: ExportFormat | str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    publisher: ReviewPublisher | None = None,
    now: dt.datetime | None = None,
    published: str | None = None,
    spread: Spread | None = None,
) -> Exported:
    """The map in ``format``, with the media type and a file name to serve or save it under.

    Args:
        graph: The map.
        evaluation: Its scores (strengths, contributions and ranks go into Argdown and CSV).
        format: One of ``ExportFormat`` (or its value).
        base_url: Where argmap is served; ClaimReview ``url`` s point to the viewer's claim pages there.
        publisher: Who publishes the ClaimReviews (name, home page, logo); the service's address if omitted.
        now: The export time (AIF timestamps); the current UTC time if omitted.
        published: The date of the map version (ClaimReview ``datePublished``); ``now``'s date if omitted.
        spread: The root's strength under each published semantics and its band (CSV, ClaimReview).

    Raises:
        ValueError: ``format`` is not an export format.

    Example:
        >>> from graph.document import load_document_file
        >>> from graph.mapgraph import evaluate
        >>> doc = load_document_file("docs/examples/phone-pouches.yaml")
        >>> graph = MapGraph(document=doc, version=1, node_versions={n.id: 1 for n in doc.nodes})
        >>> exported = export_map(graph, evaluate(graph), "csv")
        >>> exported.media_type, exported.filename
        ('text/csv; charset=utf-8; header=present', 'phone-pouches.csv')
        >>> exported.content.splitlines()[0][:30]
        b'id,kind,speaker,reported_by,te'
    """
    chosen = ExportFormat(format)
    moment = now or dt.datetime.now(dt.UTC)
    context = ExportContext(
        graph,
        evaluation,
        base_url,
        publisher or ReviewPublisher.serving(base_url),
        moment,
        published or moment.date().isoformat(),
        spread,
    )
    spec = EXPORTS[chosen]
    return Exported(spec.build(context), spec.media_type, export_filename(graph.id, chosen))
