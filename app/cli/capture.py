"""`kith log TEXT` and `kith import calendar|chat|mail`: capture without typing it all.

`kith log` reads one line (README, "Quick log") and saves it through the same
services as the window's dialogs. The imports read the user's own export files
into drafts, print them, and write them in one transaction; `--dry-run` stops
after printing. Both refuse a name that is ambiguous or nobody's, naming the
candidates, unless `--add-people`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

JournalPath = Callable[[argparse.Namespace], Path]


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value} is not a day as YYYY-MM-DD") from None


def register(commands: Any, import_sources: Any, journal_path: JournalPath) -> None:
    """Add `log` to the `kith` commands and calendar, chat and mail to `kith import`."""
    log = commands.add_parser(
        "log",
        help="log a moment or a favor from one line of English",
        description='e.g. kith log "coffee with Sam and Ana yesterday, warm" or '
        'kith log "Sam helped me move last Saturday, big favor, I owe her"',
    )
    log.add_argument("text", nargs="+", metavar="TEXT", help="the line (quote it, or not)")
    log.add_argument(
        "--as-of", type=_day, default=None, metavar="DAY", help="read dates as if today were DAY"
    )
    _common(log, "only print what would be written")
    log.set_defaults(run=lambda args: _log(args, journal_path(args)))

    calendar = import_sources.add_parser(
        "calendar", help="draft moments from an .ics calendar export (Google, Apple, Thunderbird)"
    )
    calendar.add_argument("file", type=Path, metavar="FILE.ics")
    chat = import_sources.add_parser(
        "chat", help="draft moments from a WhatsApp .txt or Telegram .json chat export"
    )
    chat.add_argument("file", type=Path, metavar="FILE")
    mail = import_sources.add_parser(
        "mail", help="draft moments from an mbox file or a folder of .eml files"
    )
    mail.add_argument("file", type=Path, metavar="PATH")
    for parser, source in ((calendar, "calendar"), (chat, "chat"), (mail, "mail")):
        _common(parser, "only print the drafts")
        parser.add_argument(
            "--me",
            default=None,
            metavar="NAME",
            help="which sender (chat), or which address (mail, calendar), is you; "
            "remembered in the journal",
        )
        parser.add_argument(
            "--keep-text",
            action="store_true",
            help="keep the words as each moment's note (by default only a count is kept)",
        )
        parser.set_defaults(
            run=lambda args, source=source: _import(args, journal_path(args), source)
        )


def _common(parser: argparse.ArgumentParser, dry: str) -> None:
    parser.add_argument("--dry-run", action="store_true", help=dry)
    parser.add_argument("--json", action="store_true", help="print it as JSON")
    parser.add_argument(
        "--add-people",
        action="store_true",
        help="add a name nobody in the journal has as a new person",
    )


def _log(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core import clock
    from app.core.capture.people_match import PeopleIndex
    from app.core.capture.quicklog import QuickLog
    from app.core.capture.quicklog_save import resolve_people, save_reading

    text = " ".join(args.text)
    with open_journal(path) as journal:
        reading = QuickLog(PeopleIndex.load(journal)).read(text, args.as_of or clock.today())
        if args.dry_run:
            resolve_people(reading, add_people=args.add_people)  # refuse as a real run would
            _print_reading(reading.as_dict(), args.json, "dry run: nothing was written")
            return 0
        saved = save_reading(journal, reading, add_people=args.add_people)
    if args.json:
        shown = reading.as_dict() | {"written": [{"kind": k, "id": i} for k, i in saved.records]}
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        _print_reading(reading.as_dict(), False, saved.summary)
    return 0


def _print_reading(reading: dict[str, Any], as_json: bool, last: str) -> None:
    if as_json:
        print(json.dumps(reading, ensure_ascii=False, indent=2))
        return
    people = ", ".join(
        f"{p['candidates'][0]['name']} (#{p['contact_id']})" if p["contact_id"] else p["text"]
        for p in reading["people"]
    )
    if reading["entry"] == "favor":
        print(
            f"favor {reading['direction']} on {reading['occurred_on']} with {people}: "
            f"{reading['note']} (weight {reading['weight']}, expectation {reading['expectation']})"
        )
    else:
        warmth = f", warmth {reading['warmth']}" if reading["warmth"] else ""
        started = f", initiated by {reading['initiated_by']}" if reading["initiated_by"] else ""
        print(
            f"{reading['kind']} moment on {reading['occurred_on']} with {people}"
            f"{warmth}{started}" + (f": {reading['note']}" if reading["note"] else "")
        )
    print(last)


def _import(args: argparse.Namespace, path: Path, source: str) -> int:
    from app.cli.journal import open_journal
    from app.core import clock
    from app.core.capture import drafts, exports

    with open_journal(path) as journal:
        me = args.me or drafts.remembered_me(journal, source)
        found = exports.read_export(
            args.file,
            source,
            me=me,
            keep_text=args.keep_text,
            today=clock.today(),
            journal=journal,
        )
        plan = drafts.plan(journal, found, file=str(args.file), add_people=args.add_people)
        if args.json:
            print(json.dumps(plan.as_dict(), ensure_ascii=False, indent=2))
        else:
            for line in plan.lines(limit=50):
                print(line)
        if args.dry_run:
            if not args.json:
                print("dry run: nothing was written")
            return 0
        if args.me:
            drafts.remember_me(journal, source, args.me)
        written = drafts.write(journal, plan, keep_text=args.keep_text)
    print(written.summary, file=sys.stderr if args.json else sys.stdout)
    return 0
