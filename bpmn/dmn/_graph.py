"""The requirement graph between decisions: checks at parse time, evaluation order at run time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .._errors import Problem
from ._model import Decision


@dataclass(frozen=True, slots=True)
class Requirement:
    """``decision_id`` requires ``required_id`` (an ``informationRequirement`` on ``line``)."""

    decision_id: str
    required_id: str
    line: int | None


def check_requirements(
    decision_lines: Mapping[str, int | None], requirements: Sequence[Requirement]
) -> list[Problem]:
    """Problems with the graph: references to decisions that do not exist, and cycles."""
    problems = [
        Problem(
            f"decision '{r.decision_id}' requires decision '{r.required_id}', but this document "
            "has no decision with that id",
            r.decision_id,
            r.line,
        )
        for r in requirements
        if r.required_id not in decision_lines
    ]
    edges: dict[str, list[str]] = {}
    for r in requirements:
        if r.required_id in decision_lines:
            edges.setdefault(r.decision_id, []).append(r.required_id)
    for cycle in _cycles(list(decision_lines), edges):
        path = " -> ".join(f"'{d}'" for d in [*cycle, cycle[0]])
        problems.append(
            Problem(
                f"decisions require each other in a cycle: {path}",
                cycle[0],
                decision_lines[cycle[0]],
            )
        )
    return problems


def _cycles(nodes: list[str], edges: Mapping[str, list[str]]) -> list[list[str]]:
    """One cycle for each back edge a depth-first search meets, iteratively (no recursion limit)."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(nodes, white)
    cycles: list[list[str]] = []
    for root in nodes:
        if colour[root] != white:
            continue
        path = [root]
        colour[root] = grey
        stack = [iter(edges.get(root, ()))]
        while stack:
            successor = next(stack[-1], None)
            if successor is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour[successor] == grey:
                cycles.append(path[path.index(successor) :])
            elif colour[successor] == white:
                colour[successor] = grey
                path.append(successor)
                stack.append(iter(edges.get(successor, ())))
    return cycles


def evaluation_order(decisions: Mapping[str, Decision], decision_id: str) -> list[Decision]:
    """``decision_id`` and everything it requires, required decisions first, each once.

    Siblings keep the order of the ``informationRequirement`` elements, so the evaluated
    decisions a caller sees follow the model.
    """
    order: list[Decision] = []
    done: set[str] = set()
    stack: list[tuple[Decision, int]] = [(decisions[decision_id], 0)]
    while stack:
        decision, next_child = stack.pop()
        if next_child < len(decision.required_decisions):
            stack.append((decision, next_child + 1))
            child = decision.required_decisions[next_child]
            if child not in done:
                stack.append((decisions[child], 0))
        elif decision.id not in done:
            done.add(decision.id)
            order.append(decision)
    return order
