"""Running Graphviz's ``dot``: the only module of the package that starts a process.

Kept apart from the DOT building so that ``render_map`` stays pure and testable on its text, and so the API
layer decides when to pay for a subprocess.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from graph.render._errors import RenderError, RenderTimeout

FORMATS: Mapping[str, str] = MappingProxyType(
    {
        "svg": "image/svg+xml",
        "png": "image/png",
        "pdf": "application/pdf",
        "dot": "text/vnd.graphviz",
    }
)
"""Output formats the diagram endpoint offers, with their media types."""


class Box(NamedTuple):
    """A node's extent in points, ``y`` growing upwards as in Graphviz and PDF."""

    left: float
    bottom: float
    right: float
    top: float


_MISSING_DOT = "Graphviz 'dot' is not installed: apt-get install graphviz"
_STDERR_LIMIT = 500


def render_bytes(
    dot_source: str, fmt: str, timeout_s: float = 20, *, placed: bool = False, scale: int = 1
) -> bytes:
    """Lay out DOT source with Graphviz's ``dot`` and return the drawing in ``fmt``.

    ``"dot"`` returns the source itself as UTF-8 without starting ``dot``: a reader who asks for DOT wants the
    text to edit or lay out with their own Graphviz, and it works where Graphviz is not installed.

    The process is run directly rather than through ``graphviz.Source.pipe`` because ``pipe`` takes no
    timeout, and a pathological graph must not hold an API worker forever.

    Args:
        dot_source: the DOT text, e.g. ``render_map(...).source``.
        fmt: one of ``FORMATS``' keys.
        timeout_s: seconds ``dot`` may run before it is killed.
        placed: every node and edge position is given (``pos``): draw them as given (``neato -n2``).
        scale: pixels per CSS pixel of a PNG (a higher resolution than 96 dpi); other formats ignore it.

    Returns:
        The rendered file's bytes.

    Raises:
        ValueError: ``fmt`` is not one of ``FORMATS``.
        RenderTimeout: ``dot`` ran longer than ``timeout_s`` and was killed.
        RenderError: ``dot`` is not installed or rejected the source.

    Example:
        >>> svg = render_bytes('digraph { a -> b }', "svg")  # doctest: +SKIP
        >>> svg.startswith(b"<?xml")  # doctest: +SKIP
        True
    """
    if fmt not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown diagram format {fmt!r}; expected one of {known}")
    data = dot_source.encode("utf-8")
    if fmt == "dot":
        return data
    flags = [f"-T{fmt}", *(["-Kneato", "-n2"] if placed else [])]
    if fmt == "png" and scale != 1:
        flags.append(f"-Gdpi={96 * scale}")
    return _run(data, flags, timeout_s)


def node_sizes(dot_source: str, timeout_s: float = 20) -> dict[str, tuple[float, float]]:
    """Each node's width and height in points as Graphviz lays the source out (its ``plain`` output).

    A caller that places the nodes itself measures them here first.

    Raises:
        RenderTimeout, RenderError: as ``render_bytes``.
    """
    plain = _run(dot_source.encode("utf-8"), ["-Tplain"], timeout_s).decode("utf-8", errors="replace")
    sizes = {}
    for line in plain.splitlines():
        fields = line.split(" ", 6)
        if fields[0] == "node" and len(fields) >= 6:
            sizes[fields[1].strip('"')] = (float(fields[4]) * 72, float(fields[5]) * 72)
    return sizes


def placed_boxes(dot_source: str, timeout_s: float = 20) -> tuple[tuple[float, float], list[Box]]:
    """The drawing's size and each node's box, in points from its lower left corner.

    ``dot_source`` gives every position, as ``neato -n2`` draws it; Graphviz's ``plain`` output reads them.

    Raises:
        RenderTimeout, RenderError: as ``render_bytes``.
    """
    plain = _run(dot_source.encode("utf-8"), ["-Kneato", "-n2", "-Tplain"], timeout_s)
    size = (0.0, 0.0)
    boxes = []
    for line in plain.decode("utf-8", errors="replace").splitlines():
        fields = line.split(" ", 6)
        if fields[0] == "graph" and len(fields) >= 4:
            size = (float(fields[2]) * 72, float(fields[3]) * 72)
        elif fields[0] == "node" and len(fields) >= 6:
            x, y, width, height = (float(field) * 72 for field in fields[2:6])
            boxes.append(Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2))
    return size, boxes


def laid_out(dot_source: str, timeout_s: float = 20) -> str:
    """The source with Graphviz's layout written into it (``dot -Tdot``: ``pos``, ``width``, ``bb``...).

    Raises:
        RenderTimeout, RenderError: as ``render_bytes``.
    """
    return _run(dot_source.encode("utf-8"), ["-Tdot"], timeout_s).decode("utf-8")


def _run(data: bytes, flags: list[str], timeout_s: float) -> bytes:
    executable = shutil.which("dot")
    if executable is None:
        raise RenderError(_MISSING_DOT)
    try:
        proc = subprocess.run(
            [executable, *flags], input=data, capture_output=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderTimeout(
            f"Graphviz 'dot' took longer than {timeout_s:g} s to draw the diagram: ask for a smaller one "
            "(top, min_weight, or a root and depth)"
        ) from exc
    except OSError as exc:  # found on PATH but not runnable (permissions, removed meanwhile)
        raise RenderError(f"{_MISSING_DOT} ({exc.strerror or exc})") from exc
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", errors="replace").strip()[:_STDERR_LIMIT]
        raise RenderError(
            f"Graphviz 'dot' failed with exit status {proc.returncode}: {stderr or 'no message'}"
        )
    return proc.stdout
