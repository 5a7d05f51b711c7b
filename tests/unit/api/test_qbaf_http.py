"""``POST /qbaf/evaluate`` reads its body in the compute pool and refuses a bad one as Litestar would."""

from __future__ import annotations

import json
import random

import msgspec
from support.app import Client
from support.problems import assert_problem

from graph.service import evaluate_qbaf
from schemas import QBAFBody


def random_body(arguments: int, seed: int) -> QBAFBody:
    """An acyclic body: every argument after the first supports or attacks an earlier one."""
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(arguments)]
    pairs = [(names[i], names[rng.randrange(i)]) for i in range(1, arguments)]
    return QBAFBody(
        arguments={name: round(rng.random(), 3) for name in names},
        supports=pairs[::2],
        attacks=pairs[1::2],
    )


class TestAnswers:
    async def test_a_large_body_is_answered_as_the_engine_answers_it_in_process(self, client: Client) -> None:
        body = random_body(3_000, seed=3)

        response = await client.post(
            "/qbaf/evaluate",
            content=msgspec.json.encode(body),
            params={"semantics": "DF-QuAD"},
            headers={"Content-Type": "application/json"},
        )

        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert response.content == msgspec.json.encode(evaluate_qbaf(body, "DF-QuAD", "removal", None))

    async def test_the_root_is_the_default_topic(self, client: Client) -> None:
        body = {"arguments": {"a": 0.5, "b": 1.0}, "attacks": [["b", "a"]], "root": "a"}

        result = (await client.post("/qbaf/evaluate", json=body)).json()

        assert result["contributions"]["topic"] == "a"
        assert [item["argument"] for item in result["contributions"]["contributions"]] == ["b"]


class TestRefusals:
    async def test_a_key_written_twice_with_space_before_its_colon_is_a_bad_request(
        self, client: Client
    ) -> None:
        content = b'{"arguments": {"a": 0.5, "b": 0.5, "a" : 0.9}, "attacks": [["b", "a"]]}'

        response = await client.post(
            "/qbaf/evaluate", content=content, headers={"Content-Type": "application/json"}
        )

        assert "the key 'a' twice" in assert_problem(response, 400)["detail"]

    async def test_a_value_of_the_wrong_type_is_unprocessable_at_its_path(self, client: Client) -> None:
        content = json.dumps({"arguments": {"a": 0.5}, "attacks": [["a", 7]]})

        response = await client.post(
            "/qbaf/evaluate",
            content=content,
            params={"semantics": "QE"},
            headers={"Content-Type": "application/json"},
        )

        problem = assert_problem(response, 422)
        assert problem["detail"] == "Validation failed for POST /qbaf/evaluate?semantics=QE"
        assert [(p["path"], p["message"]) for p in problem["problems"]] == [
            ("attacks[0][1]", "Expected `str`, got `int`")
        ]

    async def test_malformed_json_is_a_bad_request(self, client: Client) -> None:
        response = await client.post(
            "/qbaf/evaluate",
            content=b'{"arguments": {"a": 0.5}',
            headers={"Content-Type": "application/json"},
        )

        assert assert_problem(response, 400)["detail"] == "Input data was truncated"
