"""The formats a printable answer (a brief, a diff) comes in, and their media types: declared once."""

from __future__ import annotations

from typing import Literal

PrintedFormat = Literal["json", "markdown", "html"]
PRINTED_MEDIA: dict[str, str] = {
    "json": "application/json",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
