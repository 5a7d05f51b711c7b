"""The use cases of argmap behind one door, ``MapService``; the API and the CLI call nothing else in graph/.

Example:
    >>> from graph.service import version_tag
    >>> version_tag("import-ai-455", 7)
    '"import-ai-455-v7"'
"""

from graph.service._names import canonical_name
from graph.service._qbaf import MAX_ARGUMENTS, MAX_EDGES
from graph.service._reads import Representation
from graph.service._search import SearchRequest
from graph.service._service import MapService
from graph.service._tags import content_tag, tag_version, version_tag
from graph.store import WriteResult
from graph.store import probe as database_version

__all__ = [
    "MAX_ARGUMENTS",
    "MAX_EDGES",
    "MapService",
    "Representation",
    "SearchRequest",
    "WriteResult",
    "canonical_name",
    "content_tag",
    "database_version",
    "tag_version",
    "version_tag",
]
