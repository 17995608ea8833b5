"""Kith's window: Qt only, reaching the journal through the core's services.

The core is imported here, before any Qt module, on purpose. Once PySide6 is
loaded, its import hook reads the whole source of every module imported after
it (to look for `from __feature__ import ...`) and keeps the lines in
`linecache`. With SQLAlchemy imported after Qt that was 250,000 lines: 18 MB of
the window's peak memory on a large journal, and 0.1 s of its start-up
(`make bench`: peak RSS 129 MB before, 111 MB after).
"""

import importlib

_CORE_FIRST = (
    "sqlalchemy.dialects.sqlite",
    "app.core.backup_restore",
    "app.core.encryption",
    "app.core.network",
    "app.core.network_layout",
    "app.core.reflection.history",
    "app.core.services.prompts",
    "app.core.services.balance",
    "app.core.services.coalitions",
    "app.core.services.contacts",
    "app.core.services.due",
    "app.core.services.journal_entries",
    "app.core.services.moments",
    "app.core.services.overview",
    "app.core.services.settings",
    "app.core.services.timeline",
    "app.core.services.trash",
    "app.core.synced",
)
for _name in _CORE_FIRST:
    importlib.import_module(_name)
