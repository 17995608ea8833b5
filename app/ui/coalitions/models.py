"""Item models of the Coalitions place: the list of coalitions, a coalition's members and
its joint actions."""

from __future__ import annotations

from app.core.records import CoalitionRow, JointAction, Member
from app.ui.kit.forms import day, gist, word, yes_no
from app.ui.kit.rows_model import Column, ColumnsModel


class CoalitionListModel(ColumnsModel[CoalitionRow]):
    columns = (
        Column[CoalitionRow]("Name", lambda r: r.name, full=lambda r: r.name),
        Column[CoalitionRow]("Status", lambda r: word(r.status.value)),
        Column[CoalitionRow]("Members", lambda r: str(r.members), lambda r: r.members, True),
    )

    def row_id(self, row: CoalitionRow) -> int:
        return row.id


class MembersModel(ColumnsModel[Member]):
    columns = (
        Column[Member]("Name", lambda m: m.name),
        Column[Member]("Role", lambda m: gist(m.role, 40), full=lambda m: m.role),
        Column[Member]("Their interest", lambda m: gist(m.interest), full=lambda m: m.interest),
        Column[Member](
            "Commitment",
            lambda m: f"{m.commitment} of 5" if m.commitment else "—",
            lambda m: m.commitment or 0,
        ),
        Column[Member]("Knows goal", lambda m: yes_no(m.knows_goal), hint="Knows the goal"),
        Column[Member](
            "Agrees", lambda m: yes_no(m.agrees_outcome), hint="Agrees on the result we want"
        ),
        Column[Member]("Joined", lambda m: day(m.joined_on)),
        Column[Member]("Left", lambda m: day(m.left_on)),
    )

    def row_id(self, row: Member) -> int:
        return row.membership_id


class ActionsModel(ColumnsModel[JointAction]):
    columns = (
        Column[JointAction]("Date", lambda a: a.occurred_on.isoformat()),
        Column[JointAction](
            "What we did", lambda a: gist(a.description), full=lambda a: a.description
        ),
        Column[JointAction]("Outcome", lambda a: gist(a.outcome), full=lambda a: a.outcome),
        Column[JointAction](
            "Who took part", lambda a: ", ".join(name for _, name in a.participants) or "—"
        ),
    )

    def row_id(self, row: JointAction) -> int:
        return row.id
