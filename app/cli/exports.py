"""`kith due`, `kith notify`, and the exports other tools read: calendar, vCard, JSON.

`kith export calendar|vcard|json` and `kith import json` sit beside the CSV export
and imports of cli_csv (`kith export --out DIR` stays the CSV export); `kith import
vcard` reads a `.vcf` file or a vdir folder, matching cards by UID first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

JournalPath = Callable[[argparse.Namespace], Path]


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value} is not a day (YYYY-MM-DD)") from None


def _time(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value} is not a time of day (HH:MM)") from None


def _ids(value: str) -> set[int]:
    try:
        ids = {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value} is not a list of ids (1,2,3)") from None
    if not ids or min(ids) < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a list of ids (1,2,3)")
    return ids


def register(commands: Any, export: Any, sources: Any, journal_path: JournalPath) -> None:
    """Add `due`, `notify`, `export calendar|vcard|json|csv` and `import json`."""
    due = commands.add_parser(
        "due", help="who is overdue for a moment together, and the birthdays coming up"
    )
    due.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD", help="(today)")
    due.add_argument("--json", action="store_true", help="print JSON instead of sentences")
    due.set_defaults(run=lambda args: _due(args, journal_path(args)))

    notify = commands.add_parser(
        "notify", help="the daily desktop notification of who is due, while Kith is closed"
    )
    what = notify.add_mutually_exclusive_group(required=True)
    what.add_argument("--install", action="store_true", help="set it up (opt-in)")
    what.add_argument("--uninstall", action="store_true", help="remove it")
    what.add_argument("--status", action="store_true", help="say whether it is set up")
    what.add_argument(
        "--run", dest="run_now", action="store_true", help="show today's notification now"
    )
    notify.add_argument(
        "--at", type=_time, default=dt.time(9, 0), metavar="HH:MM", help="--install: when (09:00)"
    )
    notify.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="--run: listen this long for a click, which opens Kith on Reflections",
    )
    notify.add_argument(
        "--force", action="store_true", help="--run: even if one was shown today already"
    )
    notify.set_defaults(run=lambda args: _notify(args, journal_path(args)))

    formats = export.add_subparsers(dest="format", metavar="FORMAT")
    csv_ = formats.add_parser("csv", help="the CSV files (the same as `kith export --out DIR`)")
    csv_.add_argument("--out", type=Path, default=None, metavar="DIR")
    csv_.set_defaults(run=export.get_default("run"))
    calendar = formats.add_parser(
        "calendar", help="birthdays and keep-in-touch days as an iCalendar (.ics) file"
    )
    calendar.add_argument("--out", type=Path, required=True, metavar="FILE.ics")
    calendar.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD")
    calendar.add_argument(
        "--replace", action="store_true", help="write over FILE.ics (a calendar kept in step)"
    )
    calendar.set_defaults(run=lambda args: _export_calendar(args, journal_path(args)))
    vcard = formats.add_parser("vcard", help="people as vCards: one .vcf file, or a vdir")
    where = vcard.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="FILE.vcf", help="one new file")
    where.add_argument(
        "--vdir", type=Path, metavar="DIR", help="a folder of one card per person, kept in step"
    )
    vcard.add_argument("--vcard-version", choices=("3.0", "4.0"), default="3.0")
    vcard.add_argument("--ids", type=_ids, default=None, metavar="1,2,3", help="only these people")
    vcard.set_defaults(run=lambda args: _export_vcard(args, journal_path(args)))
    as_json = formats.add_parser("json", help="every record as one JSON document")
    as_json.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    as_json.set_defaults(run=lambda args: _export_json(args, journal_path(args)))

    from_json = sources.add_parser(
        "json", help="a document written by `kith export json`: a full restore, or a merge"
    )
    from_json.add_argument("file", type=Path, metavar="FILE.json")
    from_json.add_argument("--dry-run", action="store_true", help="only say what would happen")
    from_json.set_defaults(run=lambda args: _import_json(args, journal_path(args)))
    sources.choices["vcard"].set_defaults(run=lambda args: _import_vcard(args, journal_path(args)))


# ---- due and the notification ------------------------------------------------------------


def _due(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core import clock
    from app.core.notifier.message import due_lines
    from app.core.services.due import due

    as_of = args.as_of or clock.today()
    with open_journal(path) as journal:
        found = due(journal, as_of)
    if args.json:
        print(json.dumps(_due_document(found), ensure_ascii=False, indent=2))
        return 0
    lines = due_lines(found)
    for line in lines:
        print(line)
    if not lines:
        print(f"Nobody is due as of {as_of.isoformat()}.")
    return 0


def _due_document(found: Any) -> dict[str, Any]:
    return {
        "as_of": found.as_of.isoformat(),
        "birthdays": [
            {
                "contact_id": b.contact_id,
                "name": b.name,
                "on": b.on.isoformat(),
                "in_days": b.in_days,
                "age": b.age,
                "sentence": b.sentence,
            }
            for b in found.birthdays
        ],
        "overdue": [
            {
                "contact_id": o.contact_id,
                "name": o.name,
                "days": o.days,
                "every": o.every,
                "last_seen": o.last_seen.isoformat() if o.last_seen else None,
                "sentence": o.sentence,
            }
            for o in found.overdue
        ],
    }


def _notify(args: argparse.Namespace, path: Path) -> int:
    from app.core.notifier import schedule

    path = path.expanduser().absolute()
    if args.install:
        print(f"daily notification set up at {args.at:%H:%M}: {schedule.install(path, at=args.at)}")
        return 0
    if args.uninstall:
        print(f"removed: {schedule.uninstall()}")
        return 0
    if args.status:
        print(schedule.installed())
        return 0
    return _notify_now(path, args.wait, args.force)


def _notify_now(path: Path, wait: float, force: bool) -> int:
    from app.core import clock
    from app.core.notifier import desktop
    from app.core.notifier.message import notice_for, remember_day, said_today

    day = clock.today()
    if not force and said_today(day):
        print("today's notification was shown already")
        return 0
    notice = notice_for(path, day)
    if notice is None:
        print("nothing to say: nobody is due, or the journal is open in Kith's window")
        return 0
    sent = desktop.notify(notice, wait=wait or None)
    remember_day(day)
    print(f"notification shown: {notice.title}")
    if sent.clicked:
        # The window as a process of its own: this run (the timer's) ends now.
        subprocess.Popen(
            [sys.executable, "-m", "app", "--journal", str(path), "--reflections"],
            start_new_session=True,
        )
    return 0


# ---- exports ----------------------------------------------------------------------------


def _export_calendar(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.exchange.calendar import export_calendar

    with open_journal(path) as journal:
        summary = export_calendar(journal, args.out, args.as_of, replace=args.replace)
    print(summary)
    return 0


def _export_vcard(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.exchange.vcards import export_vcards
    from app.core.exchange.vdir import sync_vdir

    with open_journal(path) as journal:
        if args.vdir is not None:
            print(sync_vdir(journal, args.vdir, args.vcard_version))
        else:
            print(export_vcards(journal, args.out, args.ids, args.vcard_version))
    return 0


def _export_json(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.exchange.json_doc import export_json

    with open_journal(path) as journal:
        print(export_json(journal, args.out))
    return 0


# ---- imports ----------------------------------------------------------------------------


def _import_json(args: argparse.Namespace, path: Path) -> int:
    from app.cli.csv import _journal_for_import
    from app.core.exchange.json_doc import import_json, preview_json

    with _journal_for_import(path, args.dry_run) as journal:
        for line in preview_json(journal, args.file):
            print(line)
        if args.dry_run or journal is None:
            print("dry run: nothing was imported")
            return 0
        summary = import_json(journal, args.file)
    print(summary)
    return 0


def _import_vcard(args: argparse.Namespace, path: Path) -> int:
    from app.cli.csv import _import_people, _journal_for_import
    from app.core.exchange.vdir import apply_cards, preview_cards

    if not path.expanduser().exists() and not args.file.is_dir():
        return _import_people(args, path, "vcard")  # a new journal: nobody to match by UID
    with _journal_for_import(path, args.dry_run) as journal:
        assert journal is not None  # the journal exists, or the import made it
        preview = preview_cards(journal, args.file)
        for line in preview.lines():
            print(line)
        if args.dry_run:
            print("dry run: nothing was changed")
            return 0
        from app.cli.search import duplicates_after_import

        with duplicates_after_import(journal):
            summary = apply_cards(journal, preview, tie=args.tie)
            print(summary)
    return 0
