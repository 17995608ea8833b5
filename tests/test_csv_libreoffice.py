"""Opened in LibreOffice Calc, an export's hostile cells stay text: no formula is evaluated.

Runs when `soffice` is on PATH (apt-get install libreoffice-calc), skips otherwise.
LibreOffice converts the CSV to .xlsx headless; the sheet must hold no formula
(`<f>`) and show each hostile cell as the text written. A control file with
the same cells unprotected shows that this LibreOffice does evaluate formulas.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest

from app.core.csvio import export_journal
from app.core.records import ContactFields
from app.core.services import contacts
from app.core.store import Journal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]
FORMULA = re.compile(r"<f[ >]")
HOSTILE = ["=1000+337", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1+2", "Zoë ليلى 張偉 😀"]


def _to_xlsx(csv_file: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """(the first sheet's XML, its shared strings) as LibreOffice reads `csv_file`."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--infilter=CSV:44,34,76,1",  # comma, double quote, UTF-8, from line 1
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "xlsx"),
            str(csv_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "xlsx" / (csv_file.stem + ".xlsx")) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        shared = book.read("xl/sharedStrings.xml").decode()
    strings = [
        unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", item)))
        for item in re.findall(r"<si>(.*?)</si>", shared, re.S)
    ]
    return sheet, strings


def test_libreoffice_shows_hostile_cells_as_text(journal: Journal, tmp_path: Path) -> None:
    for cell in HOSTILE:
        contacts.add_contact(journal, ContactFields(cell, birthday="--04-12"))
    export_journal(journal, tmp_path / "out")
    sheet, strings = _to_xlsx(tmp_path / "out" / "contacts.csv", tmp_path)
    assert not FORMULA.search(sheet)  # not one formula
    for cell in HOSTILE[:5]:
        assert "'" + cell in strings  # shown as written, apostrophe and all
    assert "--04-12" in strings
    assert "1337" not in strings and "y" not in strings

    control = tmp_path / "control.csv"
    control.write_text("id,name\r\n1,=1000+337\r\n", encoding="utf-8")
    sheet, _strings = _to_xlsx(control, tmp_path)
    assert FORMULA.search(sheet)  # unprotected, the same cell is a formula
