"""Guessing from a journal's path whether a sync service copies its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.synced import synced_service


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/ana/Dropbox/kith/journal.kith", "Dropbox"),
        ("/home/ana/Dropbox (Personal)/journal.kith", "Dropbox"),
        ("C:/Users/Ana/OneDrive/Documents/journal.kith", "OneDrive"),
        ("C:/Users/Ana/OneDrive - Contoso/journal.kith", "OneDrive"),
        (
            "/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/journal.kith",
            "iCloud Drive",
        ),
        ("C:/Users/Ana/iCloudDrive/journal.kith", "iCloud Drive"),
        (
            "/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/j.kith",
            "Google Drive",
        ),
        ("/Users/ana/Library/CloudStorage/OneDrive-Personal/j.kith", "OneDrive"),
        ("/Users/ana/Library/CloudStorage/Box-Box/j.kith", "a cloud storage service"),
        ("G:/My Drive/journal.kith", "Google Drive"),
        ("/home/ana/Google Drive/journal.kith", "Google Drive"),
        ("/home/ana/Nextcloud/Documents/journal.kith", "Nextcloud"),
        ("/home/ana/ownCloud/journal.kith", "ownCloud"),
    ],
)
def test_folders_of_sync_services_are_recognised(path: str, service: str) -> None:
    assert synced_service(Path(path)) == service


@pytest.mark.parametrize(
    "path",
    [
        "/home/ana/.local/share/kith/journal.kith",
        "/home/ana/Documents/dropbox.kith",  # the journal's own name does not count
        "/home/ana/Documents/my dropbox notes/journal.kith",
        "/home/ana/sync/journal.kith",
        "/home/ana/box/journal.kith",
    ],
)
def test_ordinary_folders_are_not_flagged(path: str) -> None:
    assert synced_service(Path(path)) is None


def test_a_syncthing_marker_in_any_parent_folder_counts(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    deep = shared / "a" / "b"
    deep.mkdir(parents=True)
    journal = deep / "journal.kith"
    assert synced_service(journal) is None
    (shared / ".stfolder").mkdir()
    assert synced_service(journal) == "Syncthing"


def test_a_nextcloud_sync_database_counts(tmp_path: Path) -> None:
    (tmp_path / "._sync_0a1b2c3d4e5f.db").write_bytes(b"")
    assert synced_service(tmp_path / "inner" / "journal.kith") == "Nextcloud or ownCloud"


def test_a_dropbox_marker_counts(tmp_path: Path) -> None:
    (tmp_path / ".dropbox").write_text("{}")
    assert synced_service(tmp_path / "journal.kith") == "Dropbox"


def test_the_journal_need_not_exist(tmp_path: Path) -> None:
    assert synced_service(tmp_path / "nowhere" / "yet" / "journal.kith") is None
