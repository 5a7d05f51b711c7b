"""Decoding YAML and JSON, reading files and their source texts, and finding quote offsets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from graph.document import find_offsets, load_document_file, parse_document, read_document
from graph.errors import InvalidArgumentMap


def _write_map(
    data: dict[str, Any], folder: Path, *, text_file: str = "source.txt", suffix: str = ".yaml"
) -> Path:
    del data["sources"][0]["text"]
    data["sources"][0]["text_file"] = text_file
    path = folder / f"map{suffix}"
    if suffix == ".json":
        path.write_bytes(msgspec.json.encode(data))
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class TestParseDocument:
    def test_yaml_and_json_give_the_same_document(self, minimal_map: dict[str, Any]) -> None:
        data = minimal_map

        from_yaml = parse_document(yaml.safe_dump(data))
        from_json = parse_document(msgspec.json.encode(data), media="json")

        assert from_yaml == from_json

    def test_unquoted_dates_stay_as_written(self, minimal_map: dict[str, Any]) -> None:
        data = yaml.safe_dump(minimal_map) + "summary: 2026-05-04\n"

        assert parse_document(data).summary == "2026-05-04"

    def test_unknown_fields_can_be_allowed(self, minimal_map: dict[str, Any]) -> None:
        data = minimal_map
        data["nodes"][0]["comment"] = "kept for the editor"

        doc = parse_document(msgspec.json.encode(data), media="json", allow_unknown_fields=True)

        assert doc.nodes[0].id == "t"

    def test_only_structure_is_checked(self, minimal_map: dict[str, Any]) -> None:
        data = minimal_map
        data["root"] = "ghost"

        assert parse_document(msgspec.json.encode(data), media="json").root == "ghost"

    def test_unknown_media_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError, match="unknown media 'toml'"):
            parse_document("id: x", media="toml")


class TestReadDocument:
    @pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
    def test_reads_each_format_and_fills_the_source_text(
        self, tmp_path: Path, suffix: str, minimal_map: dict[str, Any], pets_text: str
    ) -> None:
        (tmp_path / "source.txt").write_text(pets_text, encoding="utf-8")

        doc = read_document(_write_map(minimal_map, tmp_path, suffix=suffix))

        assert doc.sources[0].text == pets_text
        assert doc.sources[0].text_file == "source.txt"

    def test_text_file_is_relative_to_the_document(
        self, tmp_path: Path, minimal_map: dict[str, Any], pets_text: str
    ) -> None:
        (tmp_path / "texts").mkdir()
        (tmp_path / "texts" / "pets.txt").write_text(pets_text, encoding="utf-8")

        doc = load_document_file(_write_map(minimal_map, tmp_path, text_file="texts/pets.txt"))

        assert doc.sources[0].text == pets_text

    def test_line_endings_are_kept_as_stored(self, tmp_path: Path, minimal_map: dict[str, Any]) -> None:
        # Offsets count characters of the file as stored: a CRLF is two characters, never translated.
        (tmp_path / "source.txt").write_bytes(b"Cats sleep a lot.\r\nDogs bark. Birds sing at dawn.")
        path = _write_map(minimal_map, tmp_path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["nodes"][1]["quotes"][0].update(start=19, end=29)
        path.write_text(yaml.safe_dump(data), encoding="utf-8")

        doc = load_document_file(path)

        assert doc.sources[0].text is not None
        assert "\r\n" in doc.sources[0].text

    def test_missing_text_file_is_reported_at_its_field(
        self, tmp_path: Path, minimal_map: dict[str, Any]
    ) -> None:
        with pytest.raises(InvalidArgumentMap) as caught:
            load_document_file(_write_map(minimal_map, tmp_path, text_file="gone.txt"))

        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("sources[0].text_file", "text-file-missing")
        assert "'gone.txt' not found" in problem.message

    def test_text_file_that_is_not_utf8_is_reported(
        self, tmp_path: Path, minimal_map: dict[str, Any]
    ) -> None:
        (tmp_path / "source.txt").write_bytes("Caf\u00e9".encode("latin-1"))

        with pytest.raises(InvalidArgumentMap) as caught:
            read_document(_write_map(minimal_map, tmp_path))

        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("sources[0].text_file", "text-file-not-utf8")
        assert "byte 0xe9 at byte 3" in problem.message

    def test_inline_text_that_disagrees_with_the_file_is_reported(
        self, tmp_path: Path, minimal_map: dict[str, Any], pets_text: str
    ) -> None:
        (tmp_path / "source.txt").write_text(pets_text, encoding="utf-8")
        path = _write_map(minimal_map, tmp_path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["sources"][0]["text"] = "Something else."
        path.write_text(yaml.safe_dump(data), encoding="utf-8")

        with pytest.raises(InvalidArgumentMap) as caught:
            read_document(path)

        assert [problem.code for problem in caught.value.problems] == ["text-conflict"]

    def test_unknown_extension_is_reported(self, tmp_path: Path) -> None:
        path = tmp_path / "map.txt"
        path.write_text("id: x", encoding="utf-8")

        with pytest.raises(InvalidArgumentMap) as caught:
            read_document(path)

        assert caught.value.problems[0].code == "unknown-media"

    def test_a_text_given_inline_needs_no_file(
        self, tmp_path: Path, minimal_map: dict[str, Any], pets_text: str
    ) -> None:
        path = tmp_path / "map.yaml"
        path.write_text(yaml.safe_dump(minimal_map), encoding="utf-8")

        assert load_document_file(path).sources[0].text == pets_text


class TestFindOffsets:
    @pytest.mark.parametrize(
        ("quote", "expected"),
        [("Cats sleep a lot.", (0, 17)), ("Dogs bark.", (18, 28)), ("dawn.", (43, 48))],
    )
    def test_finds_a_unique_quote(self, quote: str, expected: tuple[int, int], pets_text: str) -> None:
        start, end = find_offsets(pets_text, quote)

        assert (start, end) == expected
        assert pets_text[start:end] == quote

    @pytest.mark.parametrize(
        ("quote", "message"),
        [("Cows", "does not occur"), (". ", "occurs 2 times"), ("", "empty")],
    )
    def test_refuses_absent_ambiguous_and_empty_quotes(
        self, quote: str, message: str, pets_text: str
    ) -> None:
        with pytest.raises(ValueError, match=message):
            find_offsets(pets_text, quote)
