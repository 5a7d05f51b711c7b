"""Running Graphviz's ``dot``: the only module of the package that starts a process.

Kept apart from the DOT building so that ``render_map`` stays pure and testable on its text, and so the API
layer decides when to pay for a subprocess.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from types import MappingProxyType

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

_MISSING_DOT = "Graphviz 'dot' is not installed: apt-get install graphviz"
_STDERR_LIMIT = 500


def render_bytes(dot_source: str, fmt: str, timeout_s: float = 20) -> bytes:
    """Lay out DOT source with Graphviz's ``dot`` and return the drawing in ``fmt``.

    ``"dot"`` returns the source itself as UTF-8 without starting ``dot``: a reader who asks for DOT wants the
    text to edit or lay out with their own Graphviz, and it works where Graphviz is not installed.

    The process is run directly rather than through ``graphviz.Source.pipe`` because ``pipe`` takes no
    timeout, and a pathological graph must not hold an API worker forever.

    Args:
        dot_source: the DOT text, e.g. ``render_map(...).source``.
        fmt: one of ``FORMATS``' keys.
        timeout_s: seconds ``dot`` may run before it is killed.

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
    executable = shutil.which("dot")
    if executable is None:
        raise RenderError(_MISSING_DOT)
    try:
        proc = subprocess.run(
            [executable, f"-T{fmt}"], input=data, capture_output=True, timeout=timeout_s, check=False
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
