"""Why the verdict changed: the root's strength at two versions, and each edit's share of the difference.

The edits between two versions are the nodes and relations that differ (added, removed or changed). Applying
a set of them to the older version gives a map; the root's strength in it is that set's value. Each edit's
contribution is its **Shapley value** in that game: its marginal effect on the root's strength averaged
over every order in which the edits could have been made. Shapley values add up to the whole change, so the
contributions sum to ``delta`` (to rounding), and an edit that changed nothing about the root gets 0.

- Up to ``MAX_EXACT_EDITS`` (8) edits the values are exact (every subset of edits is scored).
- With more, a relation's edit joins its source node's (``per-node``), and when there are still too many
  groups, the average runs over sampled orders (``sampled``): each order's marginal effects add up to the
  change exactly, so their average does too; ``permutations`` says how many were drawn (seeded).

Example:
    >>> from graph.history._attribution import shapley_exact
    >>> value = {frozenset(): 0.0, frozenset("a"): 1.0, frozenset("b"): 1.0, frozenset("ab"): 3.0}
    >>> shapley_exact(["a", "b"], lambda s: value[frozenset(s)])
    {'a': 1.5, 'b': 1.5}
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.compute import check_deadline
from graph.errors import InvalidArgumentMap, OverBudget
from graph.history._diff import RelationKey, relation_key
from graph.mapgraph import MapGraph
from graph.mapgraph import node_strengths as strengths_of
from schemas import MapDocument, Node, Problem, Relation, VerdictChange, VerdictEdit

MAX_EXACT_EDITS = 8
"""Edits (or groups) scored exactly: 2^8 maps scored at most (a third of a second for the essay)."""
MAX_SCORED_MAPS = 1024
"""Maps a sampled attribution may score (about 1.3 s for the essay); when one order of all the groups needs
more, it is over budget (413)."""
SEED = 0


@dataclass(frozen=True, slots=True)
class Edit:
    """One node or relation that differs between the versions, and its state at the newer one."""

    label: str
    nodes: dict[str, Node | None]
    relations: dict[RelationKey, Relation | None]


def edits_between(old: MapGraph, new: MapGraph) -> list[Edit]:
    """Every node and relation that differs from ``old`` to ``new``, each one edit (ids in order)."""
    edits = [
        Edit(f"node {node_id}", {node_id: new.nodes.get(node_id)}, {})
        for node_id in sorted(old.nodes.keys() | new.nodes.keys())
        if old.nodes.get(node_id) != new.nodes.get(node_id)
    ]
    old_relations = {relation_key(r): r for r in old.document.relations}
    new_relations = {relation_key(r): r for r in new.document.relations}
    edits += [
        Edit(f"relation {key[0]} -{key[2]}-> {key[1]}", {}, {key: new_relations.get(key)})
        for key in sorted(old_relations.keys() | new_relations.keys())
        if old_relations.get(key) != new_relations.get(key)
    ]
    return edits


def per_node(edits: Sequence[Edit]) -> list[Edit]:
    """The edits grouped by node: a relation's edit joins its source node's group."""
    groups: dict[str, Edit] = {}
    for edit in edits:
        owner = next(iter(edit.nodes)) if edit.nodes else next(iter(edit.relations))[0]
        group = groups.setdefault(owner, Edit(f"node {owner}", {}, {}))
        group.nodes.update(edit.nodes)
        group.relations.update(edit.relations)
    return [groups[owner] for owner in sorted(groups)]


def apply_edits(old: MapDocument, edits: Sequence[Edit]) -> MapDocument:
    """``old`` with ``edits`` made; relations left without one of their ends are dropped."""
    nodes: dict[str, Node] = {node.id: node for node in old.nodes}
    relations: dict[RelationKey, Relation] = {relation_key(r): r for r in old.relations}
    for edit in edits:
        for node_id, node in edit.nodes.items():
            if node is None:
                nodes.pop(node_id, None)
            else:
                nodes[node_id] = node
        for key, relation in edit.relations.items():
            if relation is None:
                relations.pop(key, None)
            else:
                relations[key] = relation
    kept = [r for r in relations.values() if r.source in nodes and r.target in nodes]
    return MapDocument(
        id=old.id,
        title=old.title,
        summary=old.summary,
        root=old.root,
        format=old.format,
        sources=old.sources,
        speakers=old.speakers,
        nodes=list(nodes.values()),
        relations=kept,
    )


def shapley_exact(players: Sequence[str], value: Callable[[Sequence[str]], float]) -> dict[str, float]:
    """Exact Shapley values of ``players`` for the set function ``value`` (2^n evaluations)."""
    n = len(players)
    worth: dict[frozenset[int], float] = {}
    for size in range(n + 1):
        for members in itertools.combinations(range(n), size):
            check_deadline()
            worth[frozenset(members)] = value([players[i] for i in members])
    shares: dict[str, float] = {}
    for i, player in enumerate(players):
        total = 0.0
        for subset, v in worth.items():
            if i in subset:
                continue
            weight = math.factorial(len(subset)) * math.factorial(n - len(subset) - 1) / math.factorial(n)
            total += weight * (worth[subset | {i}] - v)
        shares[player] = total
    return shares


def shapley_sampled(
    players: Sequence[str], value: Callable[[Sequence[str]], float], permutations: int, seed: int = SEED
) -> dict[str, float]:
    """Shapley values averaged over ``permutations`` random orders; they still add up to the whole change."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample of orders, not a secret
    shares = dict.fromkeys(players, 0.0)
    empty = value([])
    for _ in range(permutations):
        order = list(players)
        rng.shuffle(order)
        made: list[str] = []
        before = empty
        for player in order:
            check_deadline()
            made.append(player)
            after = value(made)
            shares[player] += (after - before) / permutations
            before = after
    return shares


def verdict_change(old: MapGraph, new: MapGraph, *, root: str | None, semantics: str) -> VerdictChange:
    """The root's strength at both versions, its change, and each edit's Shapley share of it.

    Raises:
        InvalidArgumentMap: the root is not a node of both versions.
        OverBudget: too many edits to attribute within the budget.
    """
    chosen = root or new.root
    if chosen not in old.nodes or chosen not in new.nodes:
        raise InvalidArgumentMap(
            "the root must be a node of both versions",
            [
                Problem(
                    path="root",
                    message=f"{chosen!r} is not a node of versions {old.version} and {new.version}",
                )
            ],
        )
    edits = edits_between(old, new)
    method, permutations = "exact", None
    if len(edits) > MAX_EXACT_EDITS:
        edits, method = per_node(edits), "per-node"
    by_label = {edit.label: edit for edit in edits}

    def value(labels: Sequence[str]) -> float:
        document = apply_edits(old.document, [by_label[label] for label in labels])
        return strengths_of(document, semantics).get(chosen, 0.0)

    labels = list(by_label)
    if len(labels) <= MAX_EXACT_EDITS:
        shares = shapley_exact(labels, value)
    else:
        permutations = MAX_SCORED_MAPS // (len(labels) + 1)
        if permutations < 1:
            raise OverBudget(
                f"{len(labels)} nodes changed between versions {old.version} and {new.version}: at most "
                f"{MAX_SCORED_MAPS - 1} can be attributed; compare closer versions"
            )
        method = "per-node, sampled"
        shares = shapley_sampled(labels, value, permutations)
    before, after = value([]), value(labels)
    return VerdictChange(
        map_id=new.id,
        from_version=old.version,
        to_version=new.version,
        root=chosen,
        semantics=semantics,
        before=before,
        after=after,
        delta=after - before,
        method=method,
        permutations=permutations,
        edits=[VerdictEdit(edit=label, contribution=shares[label]) for label in labels],
    )
