"""SCHEMA_CODES names every problem that decoding and conversion report, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from graph.document import SCHEMA_CODES

DOCUMENT = Path(__file__).resolve().parents[3] / "graph" / "document"
CODE = re.compile(r'"([a-z]+(?:-[a-z]+)+)",?\s*\)|code="([a-z]+(?:-[a-z]+)+)"')


def test_every_code_decoding_and_conversion_report_is_a_schema_code() -> None:
    reported = set()
    for module in ("_parse.py", "_lenient.py"):
        for match in CODE.finditer((DOCUMENT / module).read_text(encoding="utf-8")):
            reported.add(match.group(1) or match.group(2))
    assert reported, "the pattern finds the codes"
    assert reported == SCHEMA_CODES
