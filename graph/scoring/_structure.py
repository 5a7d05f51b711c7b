"""Graph algorithms on integer edge arrays: layering, strongly connected components, reachability.

Everything works on plain ``src``/``tgt`` index arrays so that it can be reused for a whole QBAF,
a restricted sub-graph or the condensation of one.
"""

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def csr(n: int, key: IntArray) -> tuple[IntArray, IntArray]:
    """Group edge indices by a node key.

    Args:
        n: Number of nodes.
        key: Node of each edge (its source or its target).

    Returns:
        ``(ptr, order)``: the edges of node ``v`` are ``order[ptr[v]:ptr[v + 1]]``.
    """
    order = np.argsort(key, kind="stable").astype(np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(key, minlength=n), out=ptr[1:])
    return ptr, order


def gather(ptr: IntArray, nodes: IntArray) -> IntArray:
    """Positions ``ptr[v]..ptr[v+1]-1`` of every node in ``nodes``, concatenated.

    Args:
        ptr: CSR pointer array.
        nodes: Nodes whose ranges are wanted.

    Returns:
        The concatenated positions.
    """
    starts = ptr[nodes]
    lengths = ptr[nodes + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # Offset of each range inside the output, repeated over the range, plus a running index.
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(total, dtype=np.int64)


def reach(ptr: IntArray, neighbour: IntArray, seeds: IntArray, n: int) -> BoolArray:
    """Nodes reachable from ``seeds`` (seeds included), level by level.

    Args:
        ptr: CSR pointer array of the direction to follow.
        neighbour: Neighbour of each CSR position.
        seeds: Start nodes.
        n: Number of nodes.

    Returns:
        A boolean mask of reached nodes.
    """
    seen = np.zeros(n, dtype=np.bool_)
    seen[seeds] = True
    frontier = np.unique(seeds)
    while frontier.size:
        nxt = neighbour[gather(ptr, frontier)]
        nxt = np.unique(nxt[~seen[nxt]])
        seen[nxt] = True
        frontier = nxt
    return seen


def kahn_levels(n: int, src: IntArray, tgt: IntArray) -> IntArray:
    """Longest-path layer of every node reachable without crossing a cycle (Kahn, vectorized).

    Args:
        n: Number of nodes.
        src: Edge sources.
        tgt: Edge targets.

    Returns:
        Level per node (0 for nodes without parents); -1 for nodes on or below a cycle.
    """
    levels = np.full(n, -1, dtype=np.int64)
    indegree = np.bincount(tgt, minlength=n)
    out_ptr, out_order = csr(n, src)
    out_tgt = tgt[out_order]
    frontier = np.flatnonzero(indegree == 0)
    level = 0
    while frontier.size:
        levels[frontier] = level
        targets = out_tgt[gather(out_ptr, frontier)]
        np.subtract.at(indegree, targets, 1)
        frontier = np.unique(targets[indegree[targets] == 0])
        level += 1
    return levels


def strong_components(n: int, src: IntArray, tgt: IntArray) -> IntArray:
    """Strongly connected components (iterative Tarjan), labelled 0..k-1.

    Args:
        n: Number of nodes.
        src: Edge sources.
        tgt: Edge targets.

    Returns:
        Component label of every node.
    """
    ptr_a, order = csr(n, src)
    tarjan = _Tarjan(n, ptr_a.tolist(), tgt[order].tolist())
    for root in range(n):
        if tarjan.index[root] == -1:
            tarjan.visit(root)
    return np.asarray(tarjan.label, dtype=np.int64)


class _Tarjan:
    """State of Tarjan's algorithm on Python lists (an explicit stack replaces recursion)."""

    def __init__(self, n: int, ptr: list[int], nbr: list[int]) -> None:
        self.ptr, self.nbr = ptr, nbr
        self.index = [-1] * n
        self.low = [0] * n
        self.on_stack = [False] * n
        self.label = [-1] * n
        self.stack: list[int] = []
        self.counter = 0
        self.count = 0

    def _enter(self, v: int) -> None:
        self.index[v] = self.low[v] = self.counter
        self.counter += 1
        self.stack.append(v)
        self.on_stack[v] = True

    def visit(self, root: int) -> None:
        ptr, nbr, index, low, on_stack = self.ptr, self.nbr, self.index, self.low, self.on_stack
        self._enter(root)
        work = [(root, ptr[root])]
        while work:
            v, i = work[-1]
            end = ptr[v + 1]
            while i < end:
                w = nbr[i]
                i += 1
                if index[w] == -1:
                    work[-1] = (v, i)
                    self._enter(w)
                    work.append((w, ptr[w]))
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
                if low[v] == index[v]:
                    self._close(v)

    def _close(self, v: int) -> None:
        while True:
            w = self.stack.pop()
            self.on_stack[w] = False
            self.label[w] = self.count
            if w == v:
                break
        self.count += 1


def condensation(n: int, src: IntArray, tgt: IntArray) -> tuple[IntArray, IntArray, BoolArray]:
    """Components, their topological levels, and which are cyclic.

    Nodes that Kahn's algorithm can layer are singleton components; Tarjan only runs on the rest.

    Args:
        n: Number of nodes.
        src: Edge sources.
        tgt: Edge targets.

    Returns:
        ``(component, level, cyclic)``: component label per node, level per component (a component's
        parents are all on lower levels) and whether each component contains a cycle.
    """
    node_level = kahn_levels(n, src, tgt)
    rest = np.flatnonzero(node_level < 0)
    if rest.size == 0:
        return np.arange(n, dtype=np.int64), node_level, np.zeros(n, dtype=np.bool_)
    local = np.full(n, -1, dtype=np.int64)
    local[rest] = np.arange(rest.size, dtype=np.int64)
    inner = (local[src] >= 0) & (local[tgt] >= 0)
    sub_label = strong_components(rest.size, local[src[inner]], local[tgt[inner]])
    component = np.empty(n, dtype=np.int64)
    done = np.flatnonzero(node_level >= 0)
    component[done] = np.arange(done.size, dtype=np.int64)
    component[rest] = sub_label + done.size
    n_comp = done.size + int(sub_label.max()) + 1
    sizes = np.bincount(component, minlength=n_comp)
    cyclic = sizes > 1
    c_src, c_tgt = component[src], component[tgt]
    cross = c_src != c_tgt
    return component, kahn_levels(n_comp, c_src[cross], c_tgt[cross]), cyclic
