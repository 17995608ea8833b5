"""Where each node of the map goes: a radial layout by centrality rank.

Me at the centre; people on rings around me in rank order, the most central on
the innermost ring, so that the distance from the centre reads as the rank.
Around each ring, people are ordered by where the people they are tied to sit
(one barycentre sweep outward, over shared moments and shared coalitions), so
that friends who share moments and members of one coalition sit near each other.
A coalition's hub sits at the centroid of its members.

Chosen over a force-directed layout by measurement: a pure-Python spring layout
costs O(nodes²) per iteration (seconds for 1,000 people), this costs
O(nodes · log nodes + edges) and is deterministic without a seed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from app.core.network import Network

FIRST_RADIUS = 130.0  # the innermost ring
RING_GAP = 72.0  # between rings
SLOT = 52.0  # arc length each person gets on a ring
REFINING_SWEEPS = 3
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))  # spreads unrelated people evenly
TAU = 2 * math.pi

Point = tuple[float, float]


@dataclass(frozen=True)
class Layout:
    """Positions in scene units, me at (0, 0); `rings` are the radii in use."""

    people: dict[int, Point]
    coalitions: dict[int, Point]
    rings: tuple[float, ...]


def ring_sizes(count: int) -> list[int]:
    """How many people each ring holds, innermost first, for `count` people."""
    sizes: list[int] = []
    ring = 0
    while count > 0:
        radius = FIRST_RADIUS + ring * RING_GAP
        size = min(count, max(1, int(TAU * radius / SLOT)))
        # A handful left over would make a lonely outer ring: squeeze them in here.
        if count - size < TAU * (radius + RING_GAP) / SLOT / 4:
            size = count
        sizes.append(size)
        count -= size
        ring += 1
    return sizes


def radial_layout(network: Network) -> Layout:
    """Place `network`'s people (in rank order) on rings around me, and its hubs."""
    neighbours: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, weight in network.ties:
        neighbours[a].append((b, weight))
        neighbours[b].append((a, weight))
    groups: dict[int, list[tuple[int, float]]] = defaultdict(list)  # person -> coalitions
    for coalition_id, person_id, weight in network.memberships:
        groups[person_id].append((coalition_id, weight))
    rings: list[list[int]] = []
    start = 0
    for size in ring_sizes(len(network.people)):
        rings.append([p.id for p in network.people[start : start + size]])
        start += size
    rank = {p.id: p.rank for p in network.people}
    angles: dict[int, float] = {}
    # Outward, each ring follows the rings inside it; then a few sweeps in which
    # every ring follows all its neighbours, so that ties within a ring count too.
    for sweep in range(1 + REFINING_SWEEPS):
        pulls = _coalition_pulls(network, angles)
        for ids in rings:
            wanted = {
                pid: _wanted_angle(pid, rank[pid], angles, neighbours, groups, pulls) for pid in ids
            }
            _place_ring(ids, wanted, angles)
            if sweep == 0:  # later members of a coalition follow the first ones placed
                for pid in ids:
                    for coalition_id, weight in groups[pid]:
                        pull = pulls[coalition_id]
                        pull[0] += weight * math.cos(angles[pid])
                        pull[1] += weight * math.sin(angles[pid])
    people: dict[int, Point] = {}
    radii = tuple(FIRST_RADIUS + ring * RING_GAP for ring in range(len(rings)))
    for radius, ids in zip(radii, rings, strict=True):
        for pid in ids:
            people[pid] = (radius * math.cos(angles[pid]), radius * math.sin(angles[pid]))
    return Layout(people, _hubs(network, people, radii), radii)


def _place_ring(ids: list[int], wanted: dict[int, float], angles: dict[int, float]) -> None:
    """Evenly spaced around the ring, in the order people want, turned to suit them."""
    order = sorted(ids, key=lambda pid: (wanted[pid], pid))
    step = TAU / len(order)
    turn = _circular_mean([(wanted[pid] - i * step, 1.0) for i, pid in enumerate(order)])
    for i, pid in enumerate(order):
        angles[pid] = (turn + i * step) % TAU


def _coalition_pulls(network: Network, angles: dict[int, float]) -> dict[int, list[float]]:
    """Per coalition, the summed direction of its members placed so far."""
    pulls: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for coalition_id, person_id, weight in network.memberships:
        if person_id in angles:
            pull = pulls[coalition_id]
            pull[0] += weight * math.cos(angles[person_id])
            pull[1] += weight * math.sin(angles[person_id])
    return pulls


def _wanted_angle(
    pid: int,
    rank: int,
    angles: dict[int, float],
    neighbours: dict[int, list[tuple[int, float]]],
    groups: dict[int, list[tuple[int, float]]],
    pulls: dict[int, list[float]],
) -> float:
    """Where a person would like to sit: towards the people and coalitions already placed
    that they are tied to; unrelated people spread by the golden angle of their rank."""
    x = y = 0.0
    for other, weight in neighbours[pid]:
        if other in angles:
            x += weight * math.cos(angles[other])
            y += weight * math.sin(angles[other])
    for coalition_id, weight in groups[pid]:
        pull = pulls[coalition_id]
        length = math.hypot(pull[0], pull[1])
        if length > 0:
            x += weight * pull[0] / length
            y += weight * pull[1] / length
    if math.hypot(x, y) < 1e-9:
        if pid in angles:  # a later sweep: nothing pulls them, so they stay
            return angles[pid]
        if groups[pid]:  # the first of a coalition to be placed: members follow it
            first = min(groups[pid], key=lambda g: (-g[1], g[0]))[0]
            return (first * GOLDEN_ANGLE) % TAU
        return (rank * GOLDEN_ANGLE) % TAU
    return math.atan2(y, x) % TAU


def _circular_mean(angles: list[tuple[float, float]]) -> float:
    x = sum(w * math.cos(a) for a, w in angles)
    y = sum(w * math.sin(a) for a, w in angles)
    return math.atan2(y, x) if math.hypot(x, y) > 1e-9 else 0.0


def _hubs(network: Network, people: dict[int, Point], radii: tuple[float, ...]) -> dict[int, Point]:
    """Each coalition towards the centroid of its members, in the gap between two rings
    (or inside the first), so that a hub never sits on a person."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for coalition_id, person_id, _weight in network.memberships:
        if person_id in people:
            total = sums[coalition_id]
            total[0] += people[person_id][0]
            total[1] += people[person_id][1]
            total[2] += 1
    gaps = [FIRST_RADIUS * 0.55] + [r + RING_GAP / 2 for r in radii[:-1]]
    hubs: dict[int, Point] = {}
    for hub in network.coalitions:
        x, y, n = sums[hub.id]
        if n == 0:
            continue
        x, y = x / n, y / n
        angle = math.atan2(y, x) if math.hypot(x, y) > 1e-9 else (hub.id * GOLDEN_ANGLE) % TAU
        radius = min(gaps, key=lambda gap: abs(gap - math.hypot(x, y)))
        hubs[hub.id] = (radius * math.cos(angle), radius * math.sin(angle))
    return hubs
