"""The Map place's ranked list: people closest to the centre of the network, in order."""

from __future__ import annotations

from app.core.network import PersonNode
from app.ui.kit.rows_model import Column, ColumnsModel


class RankModel(ColumnsModel[PersonNode]):
    """One row a person, by rank; the score is relative to the most central (100)."""

    columns = (
        Column("#", lambda p: str(p.rank), sort=lambda p: p.rank, right=True),
        Column("Name", lambda p: p.name, full=lambda p: p.name),
        Column(
            "Centrality",
            lambda p: str(round(100 * p.centrality)),
            sort=lambda p: p.centrality,
            right=True,
            hint="Eigenvector centrality, 100 for the most central person: warm, frequent "
            "ties with people who are themselves central",
        ),
    )

    def row_id(self, row: PersonNode) -> int:
        return row.id
