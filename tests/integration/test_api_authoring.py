"""Writing maps over HTTP as they are written on disk: quotes by their words, sources cited by id, Argdown."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
from support.app import AUTH, Client
from support.problems import assert_problem

from graph.document import read_document

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[2]
PHONES = REPO / "docs" / "examples" / "phone-pouches.yaml"
PHONES_TEXT = (REPO / "docs" / "examples" / "sources" / "phone-pouches.txt").read_bytes().decode("utf-8")
YAML = {**AUTH, "Content-Type": "application/yaml"}

WORDS_ONLY = """\
id: pets
title: Pets
sources: [{id: pets-text, title: Pets, text: 'Cats sleep. Dogs bark. Dogs bark again.'}]
speakers: [{id: a, name: A}]
nodes:
  - {id: t, kind: thesis, text: Pets rest., speaker: a, base_score: 0.5, rationale: R,
     quotes: [{text: 'Cats sleep.'}]}
  - {id: c, kind: claim, text: Dogs are loud., speaker: a, base_score: 0.5, rationale: R,
     quotes: [{text: 'Dogs bark', occurrence: 2}]}
relations: [{source: c, target: t, type: supports}]
"""


def _renamed(text: str, map_id: str) -> str:
    return text.replace("\nid: phone-pouches\n", f"\nid: {map_id}\n", 1)


class TestQuotesByTheirWords:
    async def test_offsets_are_filled_in_and_stored(self, client: Client) -> None:
        response = await client.post("/maps", content=WORDS_ONLY.encode(), headers=YAML)
        assert response.status_code == 201, response.text

        document = (await client.get("/maps/pets/document")).json()
        text = document["sources"][0]["text"]
        quotes = [quote for node in document["nodes"] for quote in node["quotes"]]
        assert [text[quote["start"] : quote["end"]] for quote in quotes] == ["Cats sleep.", "Dogs bark"]
        assert quotes[1]["start"] == text.rindex("Dogs bark")
        assert all("occurrence" not in quote for quote in quotes)

    async def test_a_json_body_may_give_only_words_too(self, client: Client) -> None:
        import yaml

        body = msgspec.json.encode(yaml.safe_load(WORDS_ONLY))
        response = await client.post(
            "/maps", content=body, headers={**AUTH, "Content-Type": "application/json"}
        )

        assert response.status_code == 201, response.text

    async def test_an_ambiguous_quote_is_422_with_its_candidates(self, client: Client) -> None:
        body = WORDS_ONLY.replace(", occurrence: 2", "").encode()

        problem = assert_problem(await client.post("/maps", content=body, headers=YAML), 422)

        (found,) = problem["problems"]
        assert (found["path"], found["code"]) == ("nodes[1].quotes[0]", "quote-ambiguous")
        assert "1. at 12:21" in found["message"]
        assert "2. at 23:32" in found["message"]


class TestTextFileOverHttp:
    async def test_a_text_file_of_a_source_not_stored_says_what_to_send(self, client: Client) -> None:
        problem = assert_problem(await client.post("/maps", content=PHONES.read_bytes(), headers=YAML), 422)

        (found,) = problem["problems"]
        assert (found["path"], found["code"]) == ("sources[0].text_file", "text-file-not-sent")
        assert "send the text inline (text:)" in found["message"]
        assert "cite a source already stored on the server by its id" in found["message"]
        assert "'phone-pouches-op-ed'" in found["message"]

    async def test_the_docs_example_loads_once_its_source_is_stored(self, client: Client) -> None:
        first = msgspec.json.encode(read_document(PHONES))  # its text read from the file, as the CLI sends it
        created = await client.post(
            "/maps", content=first, headers={**AUTH, "Content-Type": "application/json"}
        )
        assert created.status_code == 201, created.text

        copy = _renamed(PHONES.read_text(encoding="utf-8"), "phone-pouches-copy")
        response = await client.post("/maps", content=copy.encode(), headers=YAML)

        assert response.status_code == 201, response.text
        document = (await client.get("/maps/phone-pouches-copy/document")).json()
        assert document["sources"][0]["text"] == PHONES_TEXT
        assert "text_file" not in {key for key, value in document["sources"][0].items() if value is not None}

    async def test_a_stored_source_is_cited_even_from_a_folder_without_the_file(
        self, client: Client, tmp_path: Path
    ) -> None:
        shutil.copy(PHONES, tmp_path / "map.yaml")  # no sources/ folder next to it
        first = msgspec.json.encode(read_document(PHONES))
        assert (await client.post("/maps", content=first, headers=AUTH)).status_code == 201

        copy = _renamed((tmp_path / "map.yaml").read_text(encoding="utf-8"), "phones-elsewhere")
        response = await client.post("/maps", content=copy.encode(), headers=YAML)

        assert response.status_code == 201, response.text


ARGDOWN = """\
[Uniforms help]: Uniforms improve how pupils behave.
  + <Fewer fights>: Fights halved in the year after the switch.
  - [Costs]: Uniforms cost poor families money.
"""


@pytest.mark.slow
class TestArgdownOverHttp:
    async def test_an_argdown_body_becomes_a_map(self, client: Client) -> None:
        response = await client.post(
            "/maps",
            params={"format": "argdown", "id": "uniforms"},
            content=ARGDOWN.encode(),
            headers={**AUTH, "Content-Type": "text/x-argdown"},
        )

        assert response.status_code == 201, response.text
        receipt = response.json()
        assert (receipt["id"], receipt["format"], receipt["created"]) == ("uniforms", "argdown", True)
        assert response.headers["location"] == "/maps/uniforms"
        detail = (await client.get("/maps/uniforms")).json()
        assert detail["title"]

    async def test_the_essays_own_argdown_comes_back(self, client: Client) -> None:
        exported = await client.get("/maps/import-ai-455/export", params={"format": "argdown"})
        assert exported.status_code == 200

        response = await client.post(
            "/maps",
            params={"format": "argdown", "id": "essay-again"},
            content=exported.content,
            headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
        )

        assert response.status_code == 201, response.text
        essay = (await client.get("/maps/import-ai-455/document")).json()
        assert (response.json()["nodes"], response.json()["relations"]) == (
            len(essay["nodes"]),
            len(essay["relations"]),
        )
        # The server stores the essay's sources, so every quote is checked against them and kept.
        again = (await client.get("/maps/essay-again/document")).json()

        def quotes(doc: dict[str, Any]) -> set[tuple[object, ...]]:
            return {
                (node["id"], q.get("start"), q.get("end"), q.get("text"), q.get("provenance"))
                for node in doc["nodes"]
                for q in node.get("quotes") or []
            }

        assert quotes(again) == quotes(essay)
        assert len(quotes(essay)) > 100
        assert response.json()["skipped"] == []
        assert {(s["id"], s["name"]) for s in again["speakers"]} <= {
            (s["id"], s["name"]) for s in essay["speakers"]
        }

    async def test_a_syntax_error_names_its_line(self, client: Client) -> None:
        broken = "[a]: fine.\n\n[b]: an unescaped [reference] mid-text\n"
        problem = assert_problem(
            await client.post(
                "/maps",
                params={"format": "argdown", "id": "broken"},
                content=broken.encode(),
                headers={**AUTH, "Content-Type": "text/x-argdown"},
            ),
            422,
        )

        assert problem["detail"].startswith("the Argdown parser found 1 error; first: line 3: ")
        assert [found["message"][:7] for found in problem["problems"]] == ["line 3:"]

    @pytest.mark.parametrize(
        ("params", "content_type", "status"),
        [
            ({"format": "argdown"}, "text/x-argdown", 422),
            ({"format": "argdown", "id": "x"}, "application/json", 415),
        ],
    )
    async def test_an_id_and_an_argdown_body_are_required(
        self, client: Client, params: dict[str, str], content_type: str, status: int
    ) -> None:
        response = await client.post(
            "/maps", params=params, content=ARGDOWN.encode(), headers={**AUTH, "Content-Type": content_type}
        )

        assert_problem(response, status)


class TestConflictingSource:
    @pytest.fixture
    async def phones(self, client: Client) -> dict[str, object]:
        document = msgspec.to_builtins(read_document(PHONES))
        created = await client.post("/maps", content=msgspec.json.encode(document), headers=AUTH)
        assert created.status_code == 201, created.text
        return {**document, "id": "phones-again"}

    async def test_a_copy_that_lost_its_final_newline_says_where_it_ends(
        self, client: Client, phones: dict[str, object]
    ) -> None:
        sources: list[dict[str, object]] = phones["sources"]  # type: ignore[assignment]
        sources[0]["text"] = PHONES_TEXT.rstrip("\n")

        problem = assert_problem(
            await client.post("/maps", content=msgspec.json.encode(phones), headers=AUTH), 409
        )

        detail = problem["detail"]
        assert "'phone-pouches-op-ed'" in detail
        assert "already cited by map 'phone-pouches'" in detail
        assert f"yours is {len(PHONES_TEXT) - 1} characters, the stored one {len(PHONES_TEXT)}" in detail
        assert (
            f'agree up to character {len(PHONES_TEXT) - 1}; from there the stored text goes on "\\n"'
            in detail
        )

    async def test_a_changed_letter_is_shown_in_context(
        self, client: Client, phones: dict[str, object]
    ) -> None:
        quoted = {
            i for node in read_document(PHONES).nodes for q in node.quotes for i in range(q.start, q.end)
        }
        at = next(i for i, char in enumerate(PHONES_TEXT) if char.isalpha() and i not in quoted)
        changed = "X" if PHONES_TEXT[at] != "X" else "Y"
        sources: list[dict[str, object]] = phones["sources"]  # type: ignore[assignment]
        sources[0]["text"] = PHONES_TEXT[:at] + changed + PHONES_TEXT[at + 1 :]

        problem = assert_problem(
            await client.post("/maps", content=msgspec.json.encode(phones), headers=AUTH), 409
        )

        detail = problem["detail"]
        assert f"both are {len(PHONES_TEXT)} characters; they agree up to character {at}" in detail
        assert f'the stored text reads "{PHONES_TEXT[at : at + 5]}' in detail
        assert f'and yours "{changed}{PHONES_TEXT[at + 1 : at + 5]}' in detail

    async def test_a_changed_title_is_named(self, client: Client, phones: dict[str, object]) -> None:
        sources: list[dict[str, object]] = phones["sources"]  # type: ignore[assignment]
        sources[0]["title"] = "Lock Them Away"

        problem = assert_problem(
            await client.post("/maps", content=msgspec.json.encode(phones), headers=AUTH), 409
        )

        assert "title (stored 'Lock the Phones Away', yours 'Lock Them Away')" in problem["detail"]
        assert "text differs" not in problem["detail"]
