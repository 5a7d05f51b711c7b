"""Every shell example of README.md and docs/*.md runs against a live argmap and prints what its page shows.

How examples are read, run and compared (the normalisation, ``...``, the not-run marker):
``support.doc_pages``.
Each page runs in order, in a scratch folder of its own, against a server started for it over the essay
alone, so what one page writes never reaches another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from neo4j import AsyncDriver
from support import essay_db
from support.doc_pages import SHELL_TAGS, Example, examples, fences, normalised, run_page, shows
from support.neo4j import Neo4jTarget
from support.workers import workers

from schemas import MapDocument

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
NOT_RUN = {"README.md": 1}
"""How many examples each page marks as not runnable here; every other example runs."""


def every_example() -> list[Example]:
    """The shell examples of every page."""
    return [example for page in PAGES for example in examples(page)]


def runnable_pages() -> list[Path]:
    """The pages with at least one example that runs."""
    return [page for page in PAGES if any(example.not_run is None for example in examples(page))]


class TestReading:
    def test_a_sh_block_and_the_text_block_after_it_are_an_example_and_its_output(
        self, tmp_path: Path
    ) -> None:
        page = tmp_path / "page.md"
        page.write_text(
            "```sh\necho one\n```\n\n```text\none\n```\n\nprose\n\n"
            "```sh\necho two\n```\n\nprose\n\n```text\nx\n```\n"
        )

        found = examples(page)

        assert [(example.script, example.shown) for example in found] == [
            ("echo one\n", "one\n"),
            ("echo two\n", None),
        ]
        assert [example.line for example in found] == [2, 12]

    def test_a_console_block_is_one_example_per_command_with_the_lines_under_it(self, tmp_path: Path) -> None:
        page = tmp_path / "page.md"
        page.write_text(
            "<!-- example: not run (a recipe) -->\n```console\n$ first\nout 1\nout 2\n$ second\n```\n"
        )

        found = examples(page)

        assert [(example.script, example.shown, example.terminal) for example in found] == [
            ("first", "out 1\nout 2", True),
            ("second", None, True),
        ]
        assert {example.not_run for example in found} == {"a recipe"}


class TestComparing:
    def test_the_whole_output_must_be_shown(self) -> None:
        assert shows("a\nb\n", "a\nb\n")
        assert not shows("a\n", "a\nb\n")
        assert not shows("a\nb\nc\n", "a\nb\n")

    def test_a_line_of_three_dots_stands_for_any_lines_and_three_dots_in_a_line_for_any_text(self) -> None:
        assert shows("first\n...\nlast", "first\nx\n\ny\nlast\n")
        assert shows("first\n...\nlast", "first\nlast\n")
        assert shows("written (... bytes)", "written (134469 bytes)")
        assert not shows("written (... bytes)", "written (134469 bytes)\nmore")

    def test_what_differs_between_runs_is_normalised_on_both_sides(self) -> None:
        output = (
            "date: Sun, 06 Dec 2026 15:18:53 GMT\nx-request-id: 19ec2f9f17f9a178a79fb8bb76e240e7\n"
            'etag: "h-3f9a0c"\n{"at": "2026-12-06T15:18:53.123Z", "took": "12.5 ms"}  \n\n'
        )
        assert normalised(output) == (
            'date: <http-date>\nx-request-id: <request-id>\netag: "h-<hash>"\n'
            '{"at": "<timestamp>", "took": "<ms>"}'
        )
        shown = (
            "date: Mon, 07 Dec 2026 09:00:00 GMT\nx-request-id: 0123456789abcdef0123456789abcdef\n"
            'etag: "h-beef"\n{"at": "2027-01-01T00:00:00Z", "took": "3 ms"}'
        )
        assert shows(shown, output)
        assert not shows(shown.replace("etag", "ETag"), output)


class TestThePages:
    def test_every_shell_block_is_an_example_the_tests_read(self) -> None:
        for page in PAGES:
            text = page.read_text(encoding="utf-8")
            for tag in ("bash", "shell", "zsh"):
                assert f"```{tag}\n" not in text, f"{page.name}: tag shell examples sh or console, not {tag}"
            for tag, body in fences(text):
                assert tag or not body.startswith("$ "), (
                    f"{page.name}: an untagged block of commands:\n{body}"
                )
        assert {"sh", "console"} == SHELL_TAGS

    def test_only_the_marked_examples_do_not_run(self) -> None:
        marked: dict[str, int] = {}
        for example in every_example():
            if example.not_run is not None:
                marked[example.page] = marked.get(example.page, 0) + 1

        assert marked == NOT_RUN

    def test_nearly_every_example_shows_its_output(self) -> None:
        runnable = [example for example in every_example() if example.not_run is None]
        shown = [example for example in runnable if example.shown is not None]

        assert len(runnable) >= 50
        assert len(shown) >= len(runnable) - 5, [
            example.where for example in runnable if example.shown is None
        ]


@pytest.fixture
async def essay_alone(
    driver: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget
) -> AsyncIterator[None]:
    """The tests' Neo4j holding the essay alone; what the page wrote is undone before the next test reads."""
    await essay_db.restore(driver, neo4j_target, essay)
    yield
    essay_db.module_ended()


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.parametrize("page", runnable_pages(), ids=lambda page: page.name)
def test_the_page_runs_and_prints_what_it_shows(
    page: Path, essay_alone: None, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    for folder in ("maps", "docs"):
        (tmp_path / folder).symlink_to(REPO / folder)
    with workers(neo4j_target, count=1) as (url,):
        run = run_page(page, url, neo4j_target, tmp_path, timeout_s=180)

    found = examples(page)
    assert run.ran + run.not_run == len(found)
    assert run.compared == sum(
        1 for example in found if example.not_run is None and example.shown is not None
    )


def test_the_minimal_map_of_the_map_format_page_is_the_example_file() -> None:
    page = (REPO / "docs" / "map-format.md").read_text(encoding="utf-8")
    minimal = next(body for tag, body in fences(page) if tag == "yaml")

    assert minimal == (REPO / "docs" / "examples" / "school-uniforms.yaml").read_text(encoding="utf-8")
