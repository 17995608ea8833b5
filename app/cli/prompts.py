"""`kith prompts`: what the Reflections place would show, as of a date."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; use YYYY-MM-DD") from None


def register(commands: Any, journal_path: Any) -> None:
    """Add the `prompts` subcommand to the `kith` parser."""
    prompts = commands.add_parser(
        "prompts",
        help="list the reflective prompts the Reflections place would show",
        description="Lists reflective prompts, most important first, counting only entries "
        "up to --as-of. Nothing is written to the journal.",
    )
    prompts.add_argument(
        "--as-of", type=_day, default=None, metavar="YYYY-MM-DD", help="the day to judge (today)"
    )
    prompts.add_argument("--json", action="store_true", help="print a JSON list of prompts")
    prompts.add_argument(
        "--all",
        action="store_true",
        help="every prompt the rules raise that day, ignoring the daily cap, snoozes "
        "and dismissals",
    )
    prompts.set_defaults(run=lambda args: _prompts(args, journal_path(args)))


def _prompts(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core import clock
    from app.core.services import prompts

    as_of = args.as_of or clock.today()
    with open_journal(path) as journal:
        if args.all:
            shown = prompts.candidates(journal, as_of)
        else:
            shown = prompts.reflections(journal, as_of, persist=False)
    if args.json:
        print(json.dumps([p.as_json() for p in shown], ensure_ascii=False, indent=2))
        return 0
    if not shown:
        print(f"No prompts as of {as_of.isoformat()}.")
    for p in shown:
        index = f", index {p.index}" if p.index is not None else ""
        print(f"{p.rule} ({p.family}) — {p.subject_type} {p.subject_name} #{p.subject_id}{index}")
        print(f"  {p.question}")
        print(f"  {p.evidence}")
    return 0
