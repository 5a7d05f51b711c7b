"""The map document layer: parse, read and validate maps, re-check stated computations, emit the schema.

Pure code: no database, no HTTP. Every problem is reported at once, each with its path in the document
(``nodes[12].quotes[0]``), inside one ``graph.errors.InvalidArgumentMap``.

Example:
    >>> from graph.document import load_document_file, check_computations
    >>> doc = load_document_file("maps/import-ai-455.yaml")  # doctest: +SKIP
    >>> [check.agrees for check in check_computations(doc)]  # doctest: +SKIP
    [True, False]
"""

from graph.document._characters import control_character, shows_nothing
from graph.document._computation import check_computation, check_computations, computation_error
from graph.document._fill import Filled, fill_file
from graph.document._keys import repeated_key
from graph.document._load import (
    invalid_map,
    load_document,
    load_document_file,
    missing_text_files,
    parse_document,
    read_document,
    require_valid,
    sources_to_cite,
)
from graph.document._parse import MAX_DEPTH, nested_too_deep
from graph.document._positions import positions
from graph.document._quotation import inside_quotation_marks
from graph.document._quotes import find_offsets
from graph.document._schema import map_schema, map_schema_json
from graph.document._validate import validate_document

__all__ = [
    "MAX_DEPTH",
    "nested_too_deep",
    "control_character",
    "shows_nothing",
    "check_computation",
    "check_computations",
    "computation_error",
    "Filled",
    "fill_file",
    "find_offsets",
    "inside_quotation_marks",
    "invalid_map",
    "load_document",
    "load_document_file",
    "missing_text_files",
    "map_schema",
    "map_schema_json",
    "parse_document",
    "positions",
    "read_document",
    "repeated_key",
    "require_valid",
    "sources_to_cite",
    "validate_document",
]
