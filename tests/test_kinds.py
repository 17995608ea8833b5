"""The one list of record kinds (app/core/kinds.py) agrees with the schema and the CSV contract."""

from __future__ import annotations

from app.core.changes import changed
from app.core.csvio.tables import TABLES
from app.core.kinds import BY_KEY, KINDS, ChangeKind, RecordKind, kind_of_model
from app.core.models import Base, Prompt, Trashable, table_of
from app.core.services.overview import COUNTED


def test_every_trashable_model_is_one_kind_and_every_kind_a_trashable_model() -> None:
    trashable = {m.class_ for m in Base.registry.mappers if issubclass(m.class_, Trashable)}
    assert trashable == {kind.model for kind in KINDS}
    assert set(BY_KEY) == {kind.value for kind in RecordKind}
    assert kind_of_model(Prompt) is None


def test_each_kinds_csv_file_holds_its_table() -> None:
    assert {kind.csv_file: table_of(kind.model) for kind in KINDS} == TABLES


def test_counts_and_change_kinds_come_from_the_same_list() -> None:
    assert list(COUNTED) == list(BY_KEY)
    assert set(BY_KEY) <= {kind.value for kind in ChangeKind}
    # Members are strings: a Changed written either way says the same.
    assert changed(ChangeKind.FAVOR).kinds == changed("favor").kinds
    assert "favor" in changed(ChangeKind.FAVOR).kinds
