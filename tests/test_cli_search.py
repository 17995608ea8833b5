"""`kith search`, `kith duplicates` and `kith merge` from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.enums import Tie
from app.core.errors import NotFoundError, ValidationError
from app.core.records import ContactFields, MomentFields
from app.core.services import contacts, moments
from app.core.store import create_journal


@pytest.fixture
def path(journal_path: Path) -> Path:
    with create_journal(journal_path) as journal:
        for name in ("José García", "Jose Garcia", "Sam Okafor"):
            contacts.add_contact(journal, ContactFields(name, Tie.FRIEND, email=""))
        moments.log_moment(
            journal, MomentFields(dt.date(2026, 3, 1), (2,), note="Talked about the new job")
        )
    return journal_path


def run(path: Path, *argv: str) -> int:
    return main(["--journal", str(path), *argv])


def test_search_prints_hits_by_kind_with_the_match_marked(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(path, "search", "garc") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "People" and "[José] [García]" not in out[2] and "[García]" in out[2]

    assert run(path, "search", "new job", "--kind", "moment", "--json") == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert (hit["kind"], hit["title"], hit["matches"]) == ("moment", "Jose Garcia", ["new", "job"])

    assert run(path, "search", "nothing-like-it") == 0
    assert "Nothing matches" in capsys.readouterr().out


def test_duplicates_then_merge_with_a_dry_run_first(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(path, "duplicates", "--json") == 0
    (pair,) = json.loads(capsys.readouterr().out)
    assert (pair["keep"]["id"], pair["other"]["id"], pair["reasons"]) == (2, 1, ["same name"])

    assert run(path, "merge", "2", "1", "--dry-run") == 0
    assert "dry run: nothing was changed" in capsys.readouterr().out
    assert run(path, "duplicates", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 1

    assert run(path, "merge", "2", "1") == 0
    assert "José García (id 1) is in the trash" in capsys.readouterr().out
    assert run(path, "duplicates") == 0
    assert capsys.readouterr().out.strip() == "No likely duplicates."


def test_merging_into_self_or_a_missing_person_is_one_sentence_and_a_code(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(path, "merge", "1", "1") == ValidationError.exit_code
    assert capsys.readouterr().err.strip() == (
        "kith: A person cannot be merged into themselves: choose two different people."
    )
    assert run(path, "merge", "1", "99") == NotFoundError.exit_code
    assert "no person with id 99" in capsys.readouterr().err


def test_a_people_import_says_when_someone_it_added_looks_like_a_duplicate(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vcards = Path(__file__).parent / "data" / "people-v30.vcf"
    with create_journal(journal_path) as journal:
        contacts.add_contact(journal, ContactFields("Okafor Chidi", Tie.FRIEND))
    assert run(journal_path, "import", "vcard", str(vcards)) == 0
    out = capsys.readouterr().out
    assert "1 likely duplicate among the people just imported: see `kith duplicates`." in out
