"""Map versions compared: what changed between two, a claim's history, and why the verdict moved.

Pure code over ``MapGraph`` versions (the store keeps them, ``graph.service`` reads them): no database, no
HTTP.
"""

from graph.history._attribution import MAX_EXACT_EDITS, verdict_change
from graph.history._claims import claim_history
from graph.history._diff import map_diff
from graph.history._print import diff_html, diff_markdown

__all__ = ["MAX_EXACT_EDITS", "claim_history", "diff_html", "diff_markdown", "map_diff", "verdict_change"]
