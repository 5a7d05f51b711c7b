"""Structure algorithms, the staged solver, its metadata and its numerical fallbacks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.frameworks import stock_example

from graph.scoring import QBAF, Edge, SolverOptions, compute_contributions, compute_strengths
from graph.scoring import _engine as engine
from graph.scoring import _linear as linear
from graph.scoring._plan import build_plan
from graph.scoring._structure import condensation, kahn_levels, strong_components

EX6 = QBAF.build(
    {"A": 1.0, **{f"B{i}": 0.0 for i in range(10)}, **{f"C{i}": 0.0 for i in range(10)}},
    [Edge("A", f"B{i}", "support") for i in range(10)]
    + [Edge(f"B{i}", f"C{j}", "support") for i in range(10) for j in range(10)]
    + [Edge(f"C{i}", "A", "attack") for i in range(10)],
)
STOCK = stock_example(root="Buy")


def random_qbaf(n: int, m: int, seed: int, *, cyclic: bool) -> QBAF:
    rng = np.random.default_rng(seed)
    src, tgt = rng.integers(0, n, m), rng.integers(0, n, m)
    if not cyclic:
        src, tgt = np.maximum(src, tgt), np.minimum(src, tgt)
    pairs = {(int(s), int(t)) for s, t in zip(src, tgt, strict=True) if s != t}
    polarity = rng.random(len(pairs)) < 0.5
    edges = [
        Edge(f"a{s}", f"a{t}", "support" if p else "attack")
        for (s, t), p in zip(sorted(pairs), polarity.tolist(), strict=True)
    ]
    return QBAF.build({f"a{i}": float(v) for i, v in enumerate(rng.random(n))}, edges, root="a0")


def reachability_components(n: int, edges: list[tuple[int, int]]) -> list[int]:
    reach = np.eye(n, dtype=bool)
    for s, t in edges:
        reach[s, t] = True
    for k in range(n):
        reach |= reach[:, [k]] & reach[[k], :]
    mutual = reach & reach.T
    labels: dict[bytes, int] = {}
    return [labels.setdefault(mutual[i].tobytes(), len(labels)) for i in range(n)]


class TestStructure:
    @settings(max_examples=60, deadline=None)
    @given(n=st.integers(1, 8), data=st.data())
    def test_tarjan_agrees_with_mutual_reachability(self, n: int, data: st.DataObject) -> None:
        pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
        edges = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3 * n)) if pairs else []
        src = np.array([e[0] for e in edges], dtype=np.int64)
        tgt = np.array([e[1] for e in edges], dtype=np.int64)
        labels = strong_components(n, src, tgt).tolist()
        expected = reachability_components(n, edges)

        same = {(a, b) for a in range(n) for b in range(n) if labels[a] == labels[b]}
        assert same == {(a, b) for a in range(n) for b in range(n) if expected[a] == expected[b]}

        component, level, _ = condensation(n, src, tgt)
        for s, t in edges:
            if component[s] != component[t]:
                assert level[component[s]] < level[component[t]]

    def test_kahn_marks_everything_below_a_cycle(self) -> None:
        # 0 -> 1 <-> 2 -> 3
        levels = kahn_levels(4, np.array([0, 1, 2, 2]), np.array([1, 2, 1, 3]))

        assert levels.tolist() == [0, -1, -1, -1]

    def test_plan_stages_separate_acyclic_and_cyclic_parts(self) -> None:
        plan = build_plan(STOCK)

        assert not plan.acyclic
        assert plan.cyclic_components == 1
        cyclic = [s for s in plan.stages if s.cyclic]
        assert [sorted(STOCK.ids[i] for i in s.nodes.tolist()) for s in cyclic] == [["Buy", "Sell"]]
        assert sum(s.outer.size + s.inner.size for s in plan.stages) == STOCK.n_edges


class TestSolverMetadata:
    def test_step_cap_reports_non_convergence(self) -> None:
        options = SolverOptions(max_steps=5, discrete_fast_path=False)
        result = compute_strengths(EX6, "QE", options=options)

        meta = result.metadata
        assert (meta.method, meta.converged, meta.steps) == ("continuous", False, 5)
        assert meta.residual > 1e-9
        assert meta.stages[0].arguments == 21

    def test_mixed_methods_are_summarized(self) -> None:
        # a <-> b oscillates under discrete iteration; the c <-> d cycle downstream converges.
        both = QBAF.build(
            {"a": 1.0, "b": 1.0, "c": 0.5, "d": 0.5},
            [
                Edge("a", "b", "attack"),
                Edge("b", "a", "attack"),
                Edge("b", "c", "support"),
                Edge("c", "d", "attack"),
                Edge("d", "c", "attack"),
            ],
        )
        meta = compute_strengths(both, "DF-QuAD").metadata

        assert meta.method == "mixed"
        assert sorted(s.method for s in meta.stages) == ["continuous", "discrete"]
        assert meta.cyclic_components == 2
        assert meta.converged

    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler"])
    def test_large_random_cyclic_graph_stays_in_range(self, semantics: str) -> None:
        qbaf = random_qbaf(300, 900, seed=7, cyclic=True)
        result = compute_strengths(qbaf, semantics)

        values = np.array(list(result.strengths.values()))
        assert result.metadata.converged
        assert not result.metadata.acyclic
        assert ((values >= -1e-9) & (values <= 1 + 1e-9)).all()

    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler"])
    def test_fast_path_and_continuous_model_agree(self, semantics: str) -> None:
        qbaf = random_qbaf(60, 150, seed=3, cyclic=True)
        fast = compute_strengths(qbaf, semantics).strengths
        slow = compute_strengths(qbaf, semantics, options=SolverOptions(discrete_fast_path=False)).strengths

        assert max(abs(fast[k] - slow[k]) for k in fast) < 1e-7


class TestBatchingAndFallbacks:
    @pytest.mark.parametrize("function", ["removal", "removal-intrinsic", "shapley", "gradient"])
    def test_tiny_chunks_give_the_same_contributions(
        self, monkeypatch: pytest.MonkeyPatch, function: str
    ) -> None:
        qbaf = random_qbaf(12, 30, seed=5, cyclic=True)
        expected = compute_contributions(qbaf, "a0", "QE", function)
        monkeypatch.setattr(engine, "CELL_BUDGET", 1)
        chunked = compute_contributions(qbaf, "a0", "QE", function)

        # Same fixed points; the number of rounds can differ by chunk, hence the solver tolerance.
        assert [c.value for c in chunked.contributions] == pytest.approx(
            [c.value for c in expected.contributions], abs=1e-8
        )

    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler"])
    def test_gmres_and_dense_adjoints_agree(self, monkeypatch: pytest.MonkeyPatch, semantics: str) -> None:
        qbaf = random_qbaf(40, 120, seed=11, cyclic=True)
        dense = compute_contributions(qbaf, "a0", semantics, "gradient")
        monkeypatch.setattr(linear, "DENSE_LIMIT", 0)
        iterative = compute_contributions(qbaf, "a0", semantics, "gradient")

        assert dense.method == iterative.method == "implicit"
        assert [c.value for c in iterative.contributions] == pytest.approx(
            [c.value for c in dense.contributions], abs=1e-9
        )

    def test_gmres_solves_a_nonsymmetric_system(self) -> None:
        rng = np.random.default_rng(0)
        matrix = np.eye(200) + 0.3 * rng.standard_normal((200, 200)) / np.sqrt(200)
        b = rng.standard_normal(200)
        x = linear.gmres(lambda v: matrix @ v, b, restart=20)

        assert x is not None
        assert np.linalg.norm(matrix @ x - b) <= 1e-10 * np.linalg.norm(b)

    def test_a_singular_adjoint_falls_back_to_finite_differences(self) -> None:
        # EX5 under DF-QuAD: every (s, 1 - s) is a fixed point, so I - J is singular.
        qbaf = QBAF.build({"a": 1.0, "b": 1.0}, [Edge("a", "b", "attack"), Edge("b", "a", "attack")])
        result = compute_contributions(qbaf, "a", "DF-QuAD", "gradient")

        assert result.method == "finite-difference"
