"""Kith's CSV: the export, its import back, and people brought in from elsewhere.

The layout is the public contract of `docs/data-model.md` (see `format.py`). Every
long-running call takes `progress(fraction)` and `cancelled()` callables so
that a window can run it off the UI thread with a progress bar and a Cancel
button; the core never calls back into the UI otherwise.

- `export_journal(journal, folder)` writes the eight files into a new folder.
- `preview_kith_csv(journal, folder)` says what importing an export would do;
  `import_kith_csv(journal, folder)` does it, all or nothing.
- `preview_people(journal, path)` reads a vCard or a Google/Outlook CSV file
  and sorts each person into new, matches or skipped; `import_people(journal,
  preview)` adds the new ones.
"""

from __future__ import annotations

from app.core.csvio.export import ExportSummary, default_export_folder, export_journal
from app.core.csvio.kith_import import (
    MERGE,
    RESTORE,
    ImportSummary,
    KithImportPlan,
    PersonMatch,
    import_kith_csv,
    preview_kith_csv,
)
from app.core.csvio.people_import import (
    MATCHES,
    NEW,
    SKIPPED,
    IncomingPerson,
    PeopleImportSummary,
    PeoplePreview,
    PersonVerdict,
    import_people,
    preview_people,
    read_people,
)

__all__ = [
    "MATCHES",
    "MERGE",
    "NEW",
    "RESTORE",
    "SKIPPED",
    "ExportSummary",
    "ImportSummary",
    "IncomingPerson",
    "KithImportPlan",
    "PeopleImportSummary",
    "PeoplePreview",
    "PersonMatch",
    "PersonVerdict",
    "default_export_folder",
    "export_journal",
    "import_kith_csv",
    "import_people",
    "preview_kith_csv",
    "preview_people",
    "read_people",
]
