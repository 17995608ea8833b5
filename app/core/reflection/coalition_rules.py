"""Coalition health: what makes a coalition honest, and what the record says is missing.

A coalition is joined openly around a goal named together; every member knows
the goal and agrees on the result, commits about as much as the others, has a
reason of their own to take part, and the coalition acts together. Only
coalitions that were forming or active on the day judged are judged: an
achieved or dissolved one has nothing left to fix. As of an earlier day, a
coalition counts only once it had started (and one that ended later was still
going then), and one started within `coalition_grace_days` is still being set
up: its members are still being added, so nothing is asked yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.core.reflection.thresholds import Thresholds
from app.core.store import Journal


@dataclass(frozen=True)
class CoalitionFinding:
    coalition_id: int
    name: str
    rule: str
    evidence: str
    weight: float  # how much it matters, 0..1, for ordering


@dataclass(frozen=True)
class _Member:
    name: str
    interest: str
    commitment: int | None
    knows_goal: bool | None
    agrees_outcome: bool | None


_COALITIONS = """
SELECT c.id, c.name, c.issue, c.desired_outcome,
       CASE WHEN c.ended_on > :as_of AND c.status NOT IN ('forming', 'active')
            THEN 'active' ELSE c.status END,
       c.started_on, c.my_interest, c.my_commitment,
       (SELECT max(a.occurred_on) FROM joint_actions a
        WHERE a.coalition_id = c.id AND a.deleted_at IS NULL AND a.occurred_on <= :as_of)
FROM coalitions c
WHERE c.deleted_at IS NULL
  AND (c.status IN ('forming', 'active') OR c.ended_on > :as_of)
  AND (c.started_on IS NULL OR c.started_on <= :set_up) {only}
"""

_MEMBERS = """
SELECT m.coalition_id, p.name, m.interest, m.commitment, m.knows_goal, m.agrees_outcome
FROM memberships m JOIN contacts p ON p.id = m.contact_id
WHERE m.deleted_at IS NULL AND p.deleted_at IS NULL
  AND (m.left_on IS NULL OR m.left_on > :as_of)
  AND (m.joined_on IS NULL OR m.joined_on <= :as_of) {only}
ORDER BY p.name
"""


def coalition_findings(
    journal: Journal, as_of: dt.date, t: Thresholds, coalition_id: int | None = None
) -> list[CoalitionFinding]:
    """Every health rule that a coalition forming or active on `as_of` (and set up by
    then) breaks that day."""
    set_up = as_of - dt.timedelta(days=t.coalition_grace_days)
    params: dict[str, object] = {"as_of": as_of.isoformat(), "set_up": set_up.isoformat()}
    only_c = only_m = ""
    if coalition_id is not None:
        params["cid"] = coalition_id
        only_c, only_m = "AND c.id = :cid", "AND m.coalition_id = :cid"
    with journal.engine.connect() as connection:
        coalitions = connection.execute(text(_COALITIONS.format(only=only_c)), params).all()
        members: dict[int, list[_Member]] = {}
        for cid, name, interest, commitment, knows, agrees in connection.execute(
            text(_MEMBERS.format(only=only_m)), params
        ):
            members.setdefault(cid, []).append(
                _Member(name, interest, commitment, _tristate(knows), _tristate(agrees))
            )
    findings: list[CoalitionFinding] = []
    for cid, name, issue, outcome, status, started, my_interest, mine, last_action in coalitions:
        findings += _judge(
            cid,
            name,
            issue,
            outcome,
            status,
            started,
            my_interest,
            mine,
            last_action,
            members.get(cid, []),
            as_of,
            t,
        )
    return findings


def _tristate(stored: int | None) -> bool | None:
    # SQLite hands booleans back as 0/1; None stays "unknown".
    return None if stored is None else bool(stored)


def _names(people: list[_Member]) -> str:
    shown = [p.name for p in people[:3]]
    more = len(people) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _judge(
    cid: int,
    name: str,
    issue: str,
    outcome: str,
    status: str,
    started: str | None,
    my_interest: str,
    mine: int | None,
    last_action: str | None,
    members: list[_Member],
    as_of: dt.date,
    t: Thresholds,
) -> list[CoalitionFinding]:
    found: list[CoalitionFinding] = []

    def add(rule: str, evidence: str, weight: float) -> None:
        found.append(CoalitionFinding(cid, name, rule, evidence, weight))

    missing = [
        what for what, value in (("issue", issue), ("desired result", outcome)) if not value.strip()
    ]
    if missing:
        add(
            "coalition_no_goal",
            f"{name} has no {' and no '.join(missing)} written down.",
            1.0,
        )
    if len(members) < t.coalition_min_members:
        return found
    unaware = [m for m in members if m.knows_goal is False]
    if unaware:
        add(
            "coalition_goal_unknown",
            f"{len(unaware)} of {len(members)} members of {name} don't know the goal: "
            f"{_names(unaware)}.",
            0.8,
        )
    disagree = [m for m in members if m.agrees_outcome is False]
    if disagree:
        add(
            "coalition_disagreement",
            f"{len(disagree)} of {len(members)} members of {name} don't agree on the result "
            f"you want: {_names(disagree)}.",
            0.8,
        )
    levels = [m.commitment for m in members if m.commitment is not None]
    if mine is not None:
        levels.append(mine)
    if len(levels) >= 2 and max(levels) - min(levels) >= t.commitment_spread:
        lowest = [m for m in members if m.commitment == min(levels)]
        who = ", ".join(filter(None, [_names(lowest), "you" if mine == min(levels) else ""]))
        add(
            "coalition_unequal_commitment",
            f"Commitment in {name} runs from {min(levels)} to {max(levels)} out of 5 "
            f"(yours: {mine if mine is not None else 'not recorded'}); lowest: {who}.",
            0.6,
        )
    no_stake = [m for m in members if not m.interest.strip()]
    if no_stake:
        add(
            "coalition_no_stake",
            f"{len(no_stake)} of {len(members)} members of {name} "
            f"{'has' if len(no_stake) == 1 else 'have'} no stated interest "
            f"in taking part: {_names(no_stake)}.",
            0.5,
        )
    if status == "active":
        since = last_action or started
        if since is not None:
            days = (as_of - dt.date.fromisoformat(str(since))).days
            if days >= t.stale_action_days:
                what = "joint action" if last_action else "joint action since it started"
                add(
                    "coalition_stale",
                    f"{name} is active but has had no {what} for {days} days.",
                    0.7,
                )
    return found
