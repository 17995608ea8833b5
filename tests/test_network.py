"""The network map's core: edge weights, filters, centrality ranking and layout."""

from __future__ import annotations

import datetime as dt
import math

from app.core.enums import Tie
from app.core.network import (
    ME,
    MapFilter,
    build_network,
    eigenvector_centrality,
)
from app.core.network_layout import FIRST_RADIUS, radial_layout, ring_sizes
from app.core.records import (
    CoalitionFields,
    ContactFields,
    JointActionFields,
    MemberFields,
    MomentFields,
)
from app.core.services import coalitions, contacts, moments, trash
from app.core.store import Journal

TODAY = dt.date(2026, 6, 1)


def person(journal: Journal, name: str, tie: Tie = Tie.FRIEND) -> int:
    new_id = contacts.add_contact(journal, ContactFields(name, tie)).new_id
    assert new_id is not None
    return new_id


def moment(journal: Journal, days_ago: int, *ids: int, warmth: int | None = None) -> int:
    fields = MomentFields(TODAY - dt.timedelta(days=days_ago), tuple(ids), warmth=warmth)
    new_id = moments.log_moment(journal, fields).new_id
    assert new_id is not None
    return new_id


# ---- centrality on graphs small enough to check by hand ---------------------------------


def test_a_star_centre_scores_root_n_times_each_leaf() -> None:
    # K(1,3): the leading eigenvector is (√3, 1, 1, 1); plain power iteration
    # oscillates on this bipartite graph, the shifted one must not.
    scores = eigenvector_centrality([("me", "a", 1.0), ("me", "b", 1.0), ("me", "c", 1.0)])
    assert scores["me"] == 1.0
    for leaf in "abc":
        assert math.isclose(scores["me"] / scores[leaf], math.sqrt(3), rel_tol=1e-6)


def test_a_path_middle_scores_root_two_times_each_end() -> None:
    scores = eigenvector_centrality([("a", "b", 1.0), ("b", "c", 1.0)])
    assert math.isclose(scores["b"] / scores["a"], math.sqrt(2), rel_tol=1e-6)
    assert math.isclose(scores["a"], scores["c"], rel_tol=1e-9)


def test_ranking_on_a_hand_checked_graph_prefers_ties_to_central_people() -> None:
    # me–A 2, me–B 1, me–C 1, A–B 1, C–D 1. Weighted degrees: me 4, A 3, B 2, C 2, D 1.
    # B and C tie on degree, but B's other tie is to A (central) and C's to D (on the
    # edge), so eigenvector centrality ranks B above C: me, A, B, C, D.
    edges = [("me", "A", 2.0), ("me", "B", 1.0), ("me", "C", 1.0), ("A", "B", 1.0), ("C", "D", 1.0)]
    scores = eigenvector_centrality(edges)
    assert sorted(scores, key=lambda n: -scores[n]) == ["me", "A", "B", "C", "D"]
    # And it is an eigenvector: every node's weighted neighbour sum is λ times its score.
    sums = dict.fromkeys(scores, 0.0)
    for a, b, w in edges:
        sums[a] += w * scores[b]
        sums[b] += w * scores[a]
    ratios = [sums[n] / scores[n] for n in scores]
    assert max(ratios) - min(ratios) < 1e-6


def test_heavy_weights_converge_as_well_as_light_ones() -> None:
    heavy = eigenvector_centrality([("me", "a", 3000.0), ("me", "b", 5.0), ("a", "b", 1.0)])
    light = eigenvector_centrality([("me", "a", 3.0), ("me", "b", 0.005), ("a", "b", 0.001)])
    assert all(math.isclose(heavy[n], light[n], rel_tol=1e-6) for n in heavy)


def test_an_empty_graph_has_no_scores() -> None:
    assert eigenvector_centrality([]) == {}
    assert eigenvector_centrality([("a", "b", 0.0)]) == {}


# ---- the graph read from a journal ------------------------------------------------------


def test_moments_weigh_frequency_times_warmth_and_group_moments_link_people(
    journal: Journal,
) -> None:
    ana, ben, cy = person(journal, "Ana"), person(journal, "Ben"), person(journal, "Cy")
    moment(journal, 10, ana, warmth=5)
    moment(journal, 20, ana, warmth=4)
    moment(journal, 30, ana, ben, cy, warmth=2)
    moment(journal, 40, ben, cy)  # warmth not recorded: counts as 3

    network = build_network(journal, TODAY)

    by_id = {p.id: p for p in network.people}
    assert (by_id[ana].moments, by_id[ana].warmth) == (3, 5 + 4 + 2)
    assert (by_id[ben].moments, by_id[ben].warmth) == (2, 2 + 3)
    assert sorted(network.ties) == sorted([(ana, ben, 2.0), (ana, cy, 2.0), (ben, cy, 5.0)])
    assert [p.name for p in network.people] == ["Ana", "Ben", "Cy"]
    assert network.people[0].rank == 1 and network.people[0].centrality == 1.0


def test_coalitions_are_hubs_linking_their_members(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    person(journal, "Cy")
    garden = coalitions.add_coalition(journal, CoalitionFields("Garden", my_commitment=4)).new_id
    assert garden is not None
    coalitions.add_member(journal, MemberFields(garden, ana, commitment=5))
    coalitions.add_member(journal, MemberFields(garden, ben))  # commitment unknown: 3
    coalitions.log_joint_action(
        journal,
        JointActionFields(garden, TODAY - dt.timedelta(days=3), "Dug beds", contact_ids=(ana,)),
    )

    network = build_network(journal, TODAY)

    assert [(c.name, c.members) for c in network.coalitions] == [("Garden", 2)]
    assert sorted(network.memberships) == [(garden, ana, 5.0 * 2), (garden, ben, 3.0)]
    ranks = {p.name: p.rank for p in network.people}
    assert ranks["Cy"] == 3  # no moments and no coalition: on the map, but at the edge
    assert next(p for p in network.people if p.name == "Cy").centrality == 0.0


def test_last_year_leaves_out_older_moments_and_all_time_keeps_them(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    moment(journal, 400, ana, ben, warmth=5)
    moment(journal, 400, ana, warmth=5)
    moment(journal, 30, ben, warmth=3)

    year = build_network(journal, TODAY, MapFilter(days=365))
    ever = build_network(journal, TODAY, MapFilter(days=None))

    assert year.ties == ()
    assert ever.ties == ((ana, ben, 5.0),)
    assert [p.name for p in year.people] == ["Ben", "Ana"]
    assert [p.name for p in ever.people] == ["Ana", "Ben"]


def test_a_moment_after_the_day_asked_about_is_not_counted(journal: Journal) -> None:
    ana = person(journal, "Ana")
    moment(journal, -5, ana, warmth=5)  # five days after TODAY
    assert build_network(journal, TODAY).people[0].moments == 0


def test_tie_and_coalition_filters_keep_a_subgraph(journal: Journal) -> None:
    ana, ben = person(journal, "Ana", Tie.FRIEND), person(journal, "Ben", Tie.COLLEAGUE)
    cy = person(journal, "Cy", Tie.COLLEAGUE)
    moment(journal, 5, ana, ben, cy, warmth=4)
    work = coalitions.add_coalition(journal, CoalitionFields("Union")).new_id
    assert work is not None
    coalitions.add_member(journal, MemberFields(work, ben))

    colleagues = build_network(journal, TODAY, MapFilter(tie=Tie.COLLEAGUE))
    assert {p.name for p in colleagues.people} == {"Ben", "Cy"}
    assert colleagues.ties == ((ben, cy, 4.0),)
    assert colleagues.everyone == 2

    union = build_network(journal, TODAY, MapFilter(coalition_id=work))
    assert [p.name for p in union.people] == ["Ben"]
    assert [c.name for c in union.coalitions] == ["Union"]
    assert [c.name for c in union.top(10, least_members=1).coalitions] == ["Union"]
    assert union.ties == ()


def test_trashed_people_and_moments_are_not_on_the_map(journal: Journal) -> None:
    ana, ben = person(journal, "Ana"), person(journal, "Ben")
    shared = moment(journal, 5, ana, ben, warmth=4)
    trash.move_to_trash(journal, "interaction", shared)
    trash.move_to_trash(journal, "contact", ben)

    network = build_network(journal, TODAY)

    assert [p.name for p in network.people] == ["Ana"]
    assert network.ties == () and network.people[0].moments == 0


def test_top_keeps_the_most_central_and_only_hubs_that_link_two_of_them(
    journal: Journal,
) -> None:
    ids = [person(journal, f"P{n}") for n in range(5)]
    for n, pid in enumerate(ids[:4]):  # P0 warmest; P4 has no moments
        for _ in range(4 - n):
            moment(journal, 3, pid, warmth=5)
    club = coalitions.add_coalition(journal, CoalitionFields("Club")).new_id
    assert club is not None
    for pid in (ids[0], ids[4]):
        coalitions.add_member(journal, MemberFields(club, pid))

    top = build_network(journal, TODAY).top(3)

    assert [p.name for p in top.people] == ["P0", "P1", "P2"]
    assert top.everyone == 5
    assert top.coalitions == ()  # only one of its members is shown
    assert top.memberships == ()


def test_an_empty_journal_gives_an_empty_map(journal: Journal) -> None:
    network = build_network(journal, TODAY)
    assert network.people == () and network.everyone == 0
    assert radial_layout(network).people == {}


# ---- the layout ---------------------------------------------------------------------


def test_layout_puts_the_most_central_nearest_me_and_is_deterministic(journal: Journal) -> None:
    ids = [person(journal, f"P{n:02}") for n in range(40)]
    for n, pid in enumerate(ids):
        for _ in range(1 + (40 - n) // 4):
            moment(journal, 3, pid, warmth=4)
    moment(journal, 3, ids[0], ids[39], warmth=5)
    network = build_network(journal, TODAY)

    layout = radial_layout(network)

    assert layout == radial_layout(network)
    distance = {pid: math.hypot(*layout.people[pid]) for pid in ids}
    first, last = network.people[0].id, network.people[-1].id
    assert math.isclose(distance[first], FIRST_RADIUS)
    assert distance[last] > distance[first]
    assert len({(round(x), round(y)) for x, y in layout.people.values()}) == len(ids)
    assert sum(ring_sizes(1000)) == 1000 and ME == ("me", 0)
