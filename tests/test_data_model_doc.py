"""docs/data-model.md, the CSV contract users read, says what the code writes and reads."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from app.core.csvio import format as f
from app.core.enums import (
    CoalitionStatus,
    Direction,
    Expectation,
    Formality,
    Initiator,
    InteractionKind,
    Tie,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-model.md"


def _table_rows(heading: str) -> dict[str, str]:
    """The first two cells of each row of the table under `## heading`."""
    section = DOC.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`"):
            rows[cells[0]] = cells[-1]
    return rows


def _names(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_every_file_of_the_contract_has_the_codes_columns_in_order() -> None:
    documented = {
        _names(key)[0]: _names(value) for key, value in _table_rows("Record types").items()
    }
    assert documented == {spec.name: [", ".join(spec.columns)] for spec in f.EXPORTED}


def test_the_documented_files_are_exactly_what_an_export_writes() -> None:
    documented = [_names(key)[0] for key in _table_rows("Record types")]
    assert documented == [spec.name for spec in f.EXPORTED]


def test_every_documented_spelling_is_the_codes() -> None:
    values = {", ".join(_names(key)): _names(value) for key, value in _table_rows("Values").items()}
    expected: dict[str, type[StrEnum]] = {
        "tie": Tie,
        "kind": InteractionKind,
        "initiated_by": Initiator,
        "direction": Direction,
        "expectation": Expectation,
        "formality": Formality,
        "status": CoalitionStatus,
    }
    for column, enum in expected.items():
        assert values[column] == [member.value for member in enum], column
    assert values["knows_goal, agrees_outcome"] == [f.YES, f.NO]


def test_the_documented_formula_starts_are_the_ones_neutralised() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "`=`,\n  `+`, `-`, `@`, a tab, a carriage return, a NUL or an apostrophe" in text
    assert set(f.FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r", "\x00", "'"}
