"""The JSON export: checked against its schema, and export → import → export identical."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import jsonschema
import pytest

from app.core import store
from app.core.csvio import format as f
from app.core.demo import generate_demo
from app.core.errors import JsonImportError
from app.core.exchange import identity
from app.core.exchange.json_doc import export_json, import_json, preview_json, schema
from app.core.exchange.vcards import card_people
from app.core.services import settings
from app.core.services.overview import record_counts
from app.core.store import Journal


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("json")
    generate_demo(folder / "demo.kith", contacts=25, events=None, seed=7)
    journal = store.open_journal(folder / "demo.kith")
    try:
        settings.save_retention(journal, 9, 4, 12)  # a stored setting travels too
        export_json(journal, folder / "demo.json")
    finally:
        journal.close()
    return folder / "demo.json"


def test_the_export_is_valid_against_its_schema_and_owner_only(demo_json: Path) -> None:
    document = json.loads(demo_json.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    assert stat.S_IMODE(demo_json.stat().st_mode) == 0o600
    assert document["format_version"] == 1
    assert document["settings"] == {"backups.daily": 9}
    moment = document["moments"][0]
    assert isinstance(moment["contact_ids"], list) and isinstance(moment["id"], int)
    assert any(c["members"] for c in document["coalitions"])


def test_the_schema_names_exactly_the_csv_contracts_fields() -> None:
    defs = schema()["$defs"]
    expect = {
        "person": f.CONTACTS,
        "moment": f.INTERACTIONS,
        "favor": f.FAVORS,
        "journal_entry": f.JOURNAL,
        "member": f.MEMBERSHIPS,
        "joint_action": f.JOINT_ACTIONS,
    }
    for name, spec in expect.items():
        assert set(defs[name]["properties"]) == set(spec.columns) - {"coalition_id"} | (
            {"coalition_id"} if spec is f.JOURNAL else set()
        ), name
    assert set(defs["coalition"]["properties"]) == set(f.COALITIONS.columns) | {
        "members",
        "joint_actions",
    }


def test_export_import_export_is_identical_and_keeps_the_uids(
    demo_json: Path, tmp_path: Path
) -> None:
    journal = store.create_journal(tmp_path / "again.kith")
    try:
        summary = import_json(journal, demo_json)
        assert summary.mode == "restore"
        export_json(journal, tmp_path / "again.json")
        document = json.loads(demo_json.read_text("utf-8"))
        assert str(identity.journal_uuid(journal)) == document["journal_uuid"]
        assert settings.retention_numbers(journal) == (9, 4, 12)
        uids = {p.uid for p in card_people(journal)}
    finally:
        journal.close()
    assert (tmp_path / "again.json").read_bytes() == demo_json.read_bytes()
    assert len(uids) == len(document["people"])


def _written(path: Path, change: object) -> Path:
    document = json.loads(path.read_text("utf-8"))
    change(document)  # type: ignore[operator]
    out = path.parent / "changed.json"
    out.write_text(json.dumps(document), "utf-8")
    return out


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (lambda d: d.update(format_version=2), "written by a newer Kith"),
        (lambda d: d["favors"][3].update(weight=9), r"favors\[3\]\.weight"),
        (lambda d: d["favors"][3].update(contact_id=99_999), r"favors\[3\]\.contact_id"),
        (lambda d: d["people"][0].pop("name"), r"people\[0\]"),
        (lambda d: d.update(format="something-else"), "is not a Kith JSON export"),
    ],
)
def test_a_bad_document_gets_one_sentence_and_imports_nothing(
    demo_json: Path, journal: Journal, change: object, sentence: str
) -> None:
    bad = _written(demo_json, change)
    with pytest.raises(JsonImportError, match=sentence) as caught:
        import_json(journal, bad)
    assert "\n" not in str(caught.value)
    assert not any(record_counts(journal).live.values())


def test_a_file_that_is_not_json_is_refused(journal: Journal, tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(JsonImportError, match="is not valid JSON"):
        preview_json(journal, bad)
