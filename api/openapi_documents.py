"""The map document as a request body may write it, in the OpenAPI document: ``WrittenMapDocument``.

A map the API answers has every quote's offsets, so its ``Quote`` component requires them. A document one
writes may give a quote by its words alone (``occurrence`` or ``near`` saying which place), and a stored
source by its id alone: the request bodies of map writes reference copies of the components that say so,
derived from the generated ones and from the map document's JSON Schema (``graph.document.map_schema``).
"""

from __future__ import annotations

import copy
from dataclasses import fields

from litestar import Litestar
from litestar.openapi.spec import Components, OpenAPIType, Reference, Schema

from graph.document import map_schema

WRITTEN_DOCUMENT = "WrittenMapDocument"
COMPONENTS = "#/components/schemas/"
SOURCE_BY_ID = (
    "A source of the map. Sent over HTTP, a source already stored on the server may be given by its `id` "
    "alone (or with `text_file`): its other fields are the stored source's, its text the latest revision's."
)


def declare_written_documents(app: Litestar) -> None:
    """Have ``app``'s OpenAPI document, when it is built, hold the written map document's components."""
    config = app.openapi_config
    if config is None or isinstance(config.components, list):
        return
    config.components = _WrittenComponents(
        **{f.name: getattr(config.components, f.name) for f in fields(Components)}
    )


class _WrittenComponents(Components):
    """Components whose generated schemas, once Litestar sets them, gain the written map document's."""

    @property  # type: ignore[override]
    def schemas(self) -> dict[str, Schema] | None:
        return self._schemas

    @schemas.setter
    def schemas(self, value: dict[str, Schema] | None) -> None:
        if value:
            add_written_documents(value)
        self._schemas = value


def add_written_documents(schemas: dict[str, Schema]) -> None:
    """Add ``WrittenMapDocument`` and the ``WrittenNode``, ``WrittenQuote`` and ``WrittenSource`` it uses."""
    if not all(name in schemas for name in ("MapDocument", "Node", "Quote", "Source")):
        return
    written = map_schema()["$defs"]["Quote"]
    quote = copy.deepcopy(schemas["Quote"])
    quote.required = [name for name in quote.required or [] if name in written["required"]]
    properties = dict(quote.properties or {})
    for name in ("start", "end"):
        properties[name] = msgcopy(properties[name], description=written["properties"][name]["description"])
    for name in ("occurrence", "near"):
        shown = written["properties"][name]
        properties[name] = Schema(
            type=OpenAPIType.INTEGER, minimum=shown["minimum"], description=shown["description"]
        )
    quote.properties = properties
    node = copy.deepcopy(schemas["Node"])
    node.properties = {**(node.properties or {}), "quotes": _list_of("WrittenQuote")}
    source = copy.deepcopy(schemas["Source"])
    source.required = ["id"]
    source.description = SOURCE_BY_ID
    map_document = copy.deepcopy(schemas["MapDocument"])
    map_document.properties = {
        **(map_document.properties or {}),
        "nodes": _list_of("WrittenNode"),
        "sources": _list_of("WrittenSource"),
    }
    map_document.description = (
        "A map document as written: quotes may give their words alone, sources already stored their id alone."
    )
    schemas.update(
        {WRITTEN_DOCUMENT: map_document, "WrittenNode": node, "WrittenQuote": quote, "WrittenSource": source}
    )


def msgcopy(schema: Schema | Reference, *, description: str) -> Schema | Reference:
    """A copy of ``schema`` with another description (a reference stays as it is)."""
    if isinstance(schema, Reference):
        return schema
    changed = copy.deepcopy(schema)
    changed.description = description
    return changed


def _list_of(component: str) -> Schema:
    return Schema(type=OpenAPIType.ARRAY, items=Reference(ref=COMPONENTS + component))
