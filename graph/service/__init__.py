"""The use cases of argmap behind one door, ``MapService``; the API and the CLI call nothing else in graph/.

Example:
    >>> from graph.service import version_tag
    >>> version_tag("import-ai-455", 7)
    '"import-ai-455-v7"'
"""

from graph.accounts import (
    ANONYMOUS,
    AUDIT,
    BOOTSTRAP,
    SESSION_PREFIX,
    TOKEN_PREFIX,
    Accounts,
    Event,
    Principal,
    SignedIn,
    Via,
    audit,
    handle_of,
    iso,
    same_secret,
)
from graph.document import missing_text_files
from graph.export import ReviewPublisher
from graph.service._access import CLI
from graph.service._cache import MapCache
from graph.service._compare import COMPARE_TOP, MAX_COMPARE_TOP, MAX_COVERAGE_MAPS
from graph.service._loader import load_files
from graph.service._names import canonical_name
from graph.service._printed import PrintedFormat
from graph.service._qbaf import MAX_ARGUMENTS, MAX_EDGES, BodyRefusal, evaluate_map_file, evaluate_qbaf
from graph.service._reads import Representation
from graph.service._search import SearchRequest
from graph.service._service import Drawing, MapService
from graph.service._tags import content_tag, tag_version, version_tag
from graph.service._validate import fill_quotes_file, located, read_map_file, validate_file
from graph.service._warm import WARM_BUDGET_S, WARM_MAPS, Warmed, warm_up
from graph.store import WriteResult
from graph.store import probe as database_version

__all__ = [
    "WARM_BUDGET_S",
    "WARM_MAPS",
    "Warmed",
    "warm_up",
    "ReviewPublisher",
    "ANONYMOUS",
    "AUDIT",
    "BOOTSTRAP",
    "CLI",
    "Accounts",
    "Event",
    "Principal",
    "SESSION_PREFIX",
    "SignedIn",
    "TOKEN_PREFIX",
    "Via",
    "audit",
    "handle_of",
    "iso",
    "same_secret",
    "fill_quotes_file",
    "located",
    "missing_text_files",
    "read_map_file",
    "load_files",
    "validate_file",
    "Drawing",
    "MapCache",
    "evaluate_map_file",
    "evaluate_qbaf",
    "BodyRefusal",
    "MAX_ARGUMENTS",
    "MAX_EDGES",
    "MapService",
    "PrintedFormat",
    "COMPARE_TOP",
    "MAX_COMPARE_TOP",
    "MAX_COVERAGE_MAPS",
    "Representation",
    "SearchRequest",
    "WriteResult",
    "canonical_name",
    "content_tag",
    "database_version",
    "tag_version",
    "version_tag",
]
