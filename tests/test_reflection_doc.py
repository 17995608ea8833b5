"""docs/reflection.md says what thresholds.py does: its tables are written from it."""

from __future__ import annotations

from tests.tools import reflect_report


def test_the_reflection_page_tables_match_the_thresholds() -> None:
    doc = reflect_report.DOC.read_text(encoding="utf-8")
    assert reflect_report.generated(doc) == doc, (
        "docs/reflection.md and thresholds.py disagree: run "
        "`.venv/bin/python tests/tools/reflect_report.py --write-docs`"
    )


def test_the_readme_links_the_reflection_page() -> None:
    readme = (reflect_report.DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "(docs/reflection.md)" in readme
