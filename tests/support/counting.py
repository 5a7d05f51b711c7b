"""Counts of generated requests, shared between the contract test and its terminal summary."""

from __future__ import annotations

from collections import Counter

CASES_RUN: Counter[str] = Counter()
"""Generated requests sent per operation ("GET /maps/{map_id}")."""
