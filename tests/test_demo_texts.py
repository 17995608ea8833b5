"""The demo's words are data: JSON under resources/demo/, loaded through resources_dir()."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.core.demo import texts
from app.core.demo.archetypes import ACTIVITY, ARCHETYPES_BY_TIE, styles
from app.core.enums import InteractionKind, Tie
from app.core.paths import resources_dir

FILES = {"names", "places", "contacts", "moments", "favors", "coalitions", "journal"}


def test_the_demo_texts_load_from_the_resources_folder() -> None:
    folder = texts.demo_resources()
    assert folder == resources_dir() / "demo"
    assert {p.stem for p in folder.glob("*.json")} == FILES
    for path in folder.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path.name
    loaded = texts.load_texts()
    assert loaded is texts.load_texts()  # read once a process
    assert len(loaded.names.cultures) > 10


def test_the_texts_cover_every_tie_kind_and_archetype() -> None:
    loaded = texts.load_texts()
    assert set(loaded.contacts.how_met) == {t.value for t in Tie}
    assert set(loaded.moments.notes) == {k.value for k in InteractionKind}
    assert set(loaded.journal.by_archetype) == set(ACTIVITY)
    every = styles(loaded)
    for likely in ARCHETYPES_BY_TIE.values():
        for archetype, _weight in likely:
            assert archetype in every or archetype == "turning"
    assert every["trading"].notes == loaded.moments.trading_notes
    for culture in loaded.names.cultures:
        assert culture.given and culture.family
        assert all(roman.isascii() and roman for _name, roman in culture.given + culture.family)


def test_a_damaged_text_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copytree(resources_dir() / "demo", tmp_path / "demo")
    places = tmp_path / "demo" / "places.json"
    data = json.loads(places.read_text(encoding="utf-8"))
    data["streets"] = "Maple Street"
    places.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(texts, "resources_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match=r"places\.json: streets should be a list of texts"):
        texts.load_texts.__wrapped__()
