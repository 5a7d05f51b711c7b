"""The immutable QBAF model: arguments with base scores, weighted attack and support edges."""

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TypeVar

import msgspec
import numpy as np
from numpy.typing import NDArray

from graph.scoring import _structure as structure
from graph.scoring._edge import Edge
from graph.scoring._errors import InvalidQBAF
from graph.scoring._validate import (
    ATTACK,
    POLARITY_NAMES,
    SUPPORT,
    EdgeInput,
    body_columns,
    edge_columns,
    pair_columns,
    raise_if,
    stable_argsort,
    validate,
)
from graph.scoring._wire import WireBody, source_of, target_of
from schemas import QBAFBody, QBAFProblem

_T = TypeVar("_T", bound=np.generic)


def _frozen(array: NDArray[_T]) -> NDArray[_T]:
    array.setflags(write=False)
    return array


class QBAF:
    """An immutable quantitative bipolar argumentation framework.

    Build one with :meth:`build`, :meth:`from_body` or :meth:`from_json`; they validate the input
    (spec §1) and raise :class:`InvalidQBAF` listing every problem. Internally arguments are
    integers ``0..n-1`` and edges are numpy columns sorted by (target, polarity, source).

    Example:
        >>> qbaf = QBAF.build({"a": 0.5, "b": 1.0}, [Edge("b", "a", "attack")])
        >>> qbaf.ids, qbaf.n_edges
        (('a', 'b'), 1)
    """

    def __init__(
        self,
        ids: Sequence[str],
        base_scores: NDArray[np.float64],
        *,
        src: NDArray[np.int64],
        tgt: NDArray[np.int64],
        polarity: NDArray[np.int8],
        weight: NDArray[np.float64],
        root: str | None = None,
    ) -> None:
        """Wrap already validated arrays; use the class methods for untrusted input."""
        # Sorted by (target, polarity, source) as one integer key: one argsort, far quicker than a lexsort.
        n = max(len(ids), 1)
        order = stable_argsort((tgt.astype(np.int64) * 2 + polarity) * n + src, 2 * n * n)
        self._ids = tuple(ids)
        self._tau = _frozen(np.array(base_scores, dtype=np.float64))
        self._src = _frozen(np.array(src[order], dtype=np.int64))
        self._tgt = _frozen(np.array(tgt[order], dtype=np.int64))
        self._pol = _frozen(np.array(polarity[order], dtype=np.int8))
        self._w = _frozen(np.array(weight[order], dtype=np.float64))
        self._root = root

    @classmethod
    def build(
        cls, arguments: Mapping[str, float], edges: Iterable[Edge], *, root: str | None = None
    ) -> "QBAF":
        """Validate generic inputs into a QBAF.

        Args:
            arguments: Base score by argument id.
            edges: Weighted edges.
            root: Optional default topic.

        Returns:
            The framework.

        Raises:
            InvalidQBAF: With every problem found (paths like ``edges[3]``).
        """
        problems: list[QBAFProblem] = []
        columns = edge_columns(list(edges), problems)
        return cls._validated(arguments, columns, root, problems)

    @classmethod
    def from_body(cls, body: QBAFBody) -> "QBAF":
        """Validate the plain QBAF body.

        Args:
            body: ``{"arguments", "supports", "attacks", "root"}``.

        Returns:
            The framework (all weights 1).

        Raises:
            InvalidQBAF: With every problem found (paths like ``supports[3]``).
        """
        columns = body_columns(body.supports, body.attacks)
        return cls._validated(body.arguments, columns, body.root, [])

    @classmethod
    def from_wire(cls, body: WireBody) -> "QBAF":
        """Validate a plain body read by ``decode_plain``, in bulk: no object is built per argument or pair.

        Args:
            body: The decoded body.

        Returns:
            The framework (all weights 1), as ``from_body`` builds it from the same body.

        Raises:
            InvalidQBAF: With every problem found, as ``from_body`` lists them.
        """
        problems: list[QBAFProblem] = []
        columns = pair_columns(body.support_pairs, body.attack_pairs, source_of, target_of)
        root = body.topic
        ids, tau, clean = validate(body.arguments, columns, root, problems, typed=True)
        raise_if(problems)
        return cls(
            ids, tau, src=clean.src, tgt=clean.tgt, polarity=clean.polarity, weight=clean.weight, root=root
        )

    @classmethod
    def from_json(cls, data: bytes | str) -> "QBAF":
        """Decode and validate a plain QBAF JSON document.

        Args:
            data: JSON text.

        Returns:
            The framework.

        Raises:
            InvalidQBAF: If the JSON is malformed, has the wrong shape or breaks the rules.
        """
        try:
            body = msgspec.json.decode(data, type=QBAFBody)
        except msgspec.DecodeError as exc:  # includes ValidationError
            raise InvalidQBAF([QBAFProblem(path="$", message=str(exc))]) from exc
        return cls.from_body(body)

    @classmethod
    def _validated(
        cls, arguments: Mapping[str, float], edges: EdgeInput, root: str | None, problems: list[QBAFProblem]
    ) -> "QBAF":
        ids, tau, clean = validate(arguments, edges, root, problems)
        raise_if(problems)
        return cls(
            ids, tau, src=clean.src, tgt=clean.tgt, polarity=clean.polarity, weight=clean.weight, root=root
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """Argument ids in index order."""
        return self._ids

    @property
    def base_scores(self) -> NDArray[np.float64]:
        """Read-only base scores in index order."""
        return self._tau

    @property
    def root(self) -> str | None:
        """The default topic, if one was given."""
        return self._root

    @property
    def n_arguments(self) -> int:
        """Number of arguments."""
        return len(self._ids)

    @property
    def n_edges(self) -> int:
        """Number of (distinct) edges."""
        return int(self._src.size)

    @property
    def arrays(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int8], NDArray[np.float64]]:
        """Read-only edge columns ``(src, tgt, polarity, weight)``; polarity 0 = attack, 1 = support."""
        return self._src, self._tgt, self._pol, self._w

    @cached_property
    def index(self) -> dict[str, int]:
        """Position of every argument id."""
        return {key: i for i, key in enumerate(self._ids)}

    @cached_property
    def in_ptr(self) -> NDArray[np.int64]:
        """CSR pointer of the in-edges (edges are stored sorted by target)."""
        ptr = np.zeros(self.n_arguments + 1, dtype=np.int64)
        np.cumsum(np.bincount(self._tgt, minlength=self.n_arguments), out=ptr[1:])
        return _frozen(ptr)

    @cached_property
    def is_acyclic(self) -> bool:
        """True if no directed cycle exists."""
        return bool((structure.kahn_levels(self.n_arguments, self._src, self._tgt) >= 0).all())

    @property
    def edges(self) -> tuple[Edge, ...]:
        """Every edge as an :class:`Edge`."""
        ids = self._ids
        return tuple(
            Edge(ids[s], ids[t], POLARITY_NAMES[p], w)  # type: ignore[arg-type]
            for s, t, p, w in zip(
                self._src.tolist(), self._tgt.tolist(), self._pol.tolist(), self._w.tolist(), strict=True
            )
        )

    def ancestor_mask(self, topic: int) -> NDArray[np.bool_]:
        """Arguments with a directed path to ``topic`` (the topic is included).

        Args:
            topic: Index of the topic.

        Returns:
            A boolean mask over argument indices.
        """
        seeds = np.array([topic], dtype=np.int64)
        return structure.reach(self.in_ptr, self._src, seeds, self.n_arguments)

    def subgraph(self, keep: NDArray[np.int64]) -> "QBAF":
        """The restriction ``G↓keep`` (drop other arguments and every edge touching them).

        Args:
            keep: Indices to keep, in the order they get in the sub-graph.

        Returns:
            The restricted framework.
        """
        local = np.full(self.n_arguments, -1, dtype=np.int64)
        local[keep] = np.arange(keep.size, dtype=np.int64)
        inside = (local[self._src] >= 0) & (local[self._tgt] >= 0)
        ids = [self._ids[i] for i in keep.tolist()]
        root = self._root if self._root is not None and local[self.index[self._root]] >= 0 else None
        return QBAF(
            ids,
            self._tau[keep],
            src=local[self._src[inside]],
            tgt=local[self._tgt[inside]],
            polarity=self._pol[inside],
            weight=self._w[inside],
            root=root,
        )

    def replace(
        self, base_scores: NDArray[np.float64] | None = None, keep_edges: NDArray[np.bool_] | None = None
    ) -> "QBAF":
        """A copy with other base scores and/or a subset of the edges (trusted values).

        Args:
            base_scores: New base scores (already validated), or None to keep them.
            keep_edges: Mask over the edge columns, or None to keep every edge.

        Returns:
            The new framework.
        """
        tau = self._tau if base_scores is None else base_scores
        mask = np.ones(self.n_edges, dtype=np.bool_) if keep_edges is None else keep_edges
        return QBAF(
            self._ids,
            tau,
            src=self._src[mask],
            tgt=self._tgt[mask],
            polarity=self._pol[mask],
            weight=self._w[mask],
            root=self._root,
        )

    def to_body(self) -> QBAFBody:
        """The plain body (weights are dropped, so use it only for unweighted frameworks).

        Returns:
            The body.
        """
        ids = self._ids
        pairs = [(ids[s], ids[t]) for s, t in zip(self._src.tolist(), self._tgt.tolist(), strict=True)]
        pol = self._pol.tolist()
        return QBAFBody(
            arguments=dict(zip(ids, self._tau.tolist(), strict=True)),
            supports=[p for p, k in zip(pairs, pol, strict=True) if k == SUPPORT],
            attacks=[p for p, k in zip(pairs, pol, strict=True) if k == ATTACK],
            root=self._root,
        )

    def __repr__(self) -> str:
        return f"QBAF(arguments={self.n_arguments}, edges={self.n_edges}, root={self._root!r})"
