"""``render_bytes``: running Graphviz's ``dot`` (installed by ``make test``; a missing ``dot`` fails here)."""

from __future__ import annotations

import subprocess

import pytest

from graph.errors import DeadlineExceeded, GraphError
from graph.render import FORMATS, RenderError, RenderTimeout, render_bytes

SIMPLE = 'digraph { a -> b [label="é & ▲"] }'


class TestRenderBytes:
    def test_formats_and_media_types(self) -> None:
        assert dict(FORMATS) == {
            "svg": "image/svg+xml",
            "png": "image/png",
            "pdf": "application/pdf",
            "dot": "text/vnd.graphviz",
        }

    @pytest.mark.parametrize(
        ("fmt", "magic"),
        [("svg", b"<?xml"), ("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")],
    )
    def test_draws_each_format(self, fmt: str, magic: bytes) -> None:
        assert render_bytes(SIMPLE, fmt).startswith(magic)

    def test_svg_keeps_unicode_text(self) -> None:
        assert "é &amp; ▲" in render_bytes(SIMPLE, "svg").decode("utf-8")

    def test_dot_format_returns_the_source_without_running_dot(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("graph.render._pipe.shutil.which", lambda _: None)
        assert render_bytes(SIMPLE, "dot") == SIMPLE.encode("utf-8")

    def test_unknown_format_is_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="unknown diagram format 'gif'"):
            render_bytes(SIMPLE, "gif")

    def test_missing_dot_says_how_to_install_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("graph.render._pipe.shutil.which", lambda _: None)
        with pytest.raises(RenderError) as caught:
            render_bytes(SIMPLE, "svg")
        assert caught.value.detail == "Graphviz 'dot' is not installed: apt-get install graphviz"

    def test_invalid_source_reports_dot_s_message(self) -> None:
        with pytest.raises(RenderError, match=r"failed with exit status \d+: .*syntax error") as caught:
            render_bytes("digraph { a -> }", "svg")
        assert isinstance(caught.value, GraphError)

    def test_timeout_is_a_deadline_not_a_crash(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def hang(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
            raise subprocess.TimeoutExpired(cmd, 0.5)

        monkeypatch.setattr("graph.render._pipe.subprocess.run", hang)
        with pytest.raises(RenderTimeout, match=r"took longer than 0\.5 s") as caught:
            render_bytes(SIMPLE, "png", timeout_s=0.5)
        # The domain error tree maps DeadlineExceeded (422) before RenderError (500).
        mro = type(caught.value).__mro__
        assert mro.index(DeadlineExceeded) < mro.index(RenderError)

    def test_a_real_dot_past_its_deadline_is_killed(self) -> None:
        # Laying out a thousand nodes takes dot far longer than a millisecond, so the kill is certain.
        edges = " ".join(f"n{i} -> n{(i * 7 + 1) % 1000};" for i in range(1000))
        with pytest.raises(RenderTimeout):
            render_bytes(f"digraph {{ {edges} }}", "svg", timeout_s=0.001)
