"""`kith prompts` (what the Reflections place shows on a day) and `kith prompt` (act on one)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any


def register(commands: Any, journal_path: Any) -> None:
    """Add the `prompts` and `prompt` subcommands to the `kith` parser."""
    prompts = commands.add_parser(
        "prompts",
        help="list the reflective questions the Reflections place would show",
        description="Lists reflective questions, most important first, counting only entries "
        "up to --as-of. Nothing is written to the journal unless --keep.",
    )
    prompts.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day (today)")
    prompts.add_argument("--json", action="store_true", help="print a JSON list of questions")
    prompts.add_argument(
        "--all",
        action="store_true",
        help="every question the rules raise that day, ignoring the budget, snoozes and dismissals",
    )
    prompts.add_argument(
        "--keep",
        action="store_true",
        help="do what opening the window that day does: store new questions within the "
        "week's budget and close the ones the rules stopped raising",
    )
    prompts.set_defaults(run=lambda args: _prompts(args, journal_path(args)))

    prompt = commands.add_parser(
        "prompt",
        help="act on one question, as the Reflections place's buttons do",
        description="Dismiss, snooze or answer one question, by the id `kith prompts` shows.",
    )
    actions = prompt.add_subparsers(dest="action", metavar="ACTION", required=True)
    dismiss = actions.add_parser("dismiss", help="“not transactional”: stay quiet about them")
    dismiss.add_argument("id", metavar="ID")
    dismiss.add_argument("--reason", default="", metavar="TEXT")
    dismiss.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day (today)")
    snooze = actions.add_parser("snooze", help="hide it until a day")
    snooze.add_argument("id", metavar="ID")
    snooze.add_argument("--until", required=True, metavar="YYYY-MM-DD")
    snooze.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day (today)")
    answer = actions.add_parser("answer", help="write a reflection that answers it")
    answer.add_argument("id", metavar="ID")
    answer.add_argument("--text", required=True, metavar="TEXT")
    answer.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day (today)")
    prompt.set_defaults(run=lambda args: _act(args, journal_path(args)))


def _day(value: str | None, what: str = "--as-of") -> dt.date:
    from app.core import clock
    from app.core.errors import PromptDayError

    if value is None:
        return clock.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PromptDayError(what, f"{value!r} is not a day; use YYYY-MM-DD.") from None


def _id(value: str) -> int:
    from app.core.errors import PromptNotFoundError

    if not value.isdigit():
        raise PromptNotFoundError(f"{value!r} is not a question id; `kith prompts` shows them.")
    return int(value)


def _prompts(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.services import prompts

    as_of = _day(args.as_of)
    with open_journal(path) as journal:
        if args.all:
            shown = prompts.candidates(journal, as_of)
        else:
            shown = prompts.reflections(journal, as_of, persist=args.keep)
    if args.json:
        print(json.dumps([p.as_json() for p in shown], ensure_ascii=False, indent=2))
        return 0
    if not shown:
        print(f"No questions as of {as_of.isoformat()}.")
    for p in shown:
        index = f", index {p.index}" if p.index is not None else ""
        number = f"#{p.id} {p.state}: " if p.id is not None else ""
        print(
            f"{number}{p.rule} ({p.family}) — {p.subject_type} {p.subject_name} "
            f"#{p.subject_id}{index}"
        )
        print(f"  {p.question}")
        print(f"  {p.evidence}")
    return 0


def _act(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.services import prompts

    prompt_id = _id(args.id)
    as_of = _day(args.as_of)
    until = _day(args.until, "--until") if args.action == "snooze" else None
    with open_journal(path) as journal:
        if args.action == "dismiss":
            prompts.dismiss(journal, prompt_id, args.reason, as_of)
            print(f"Question {prompt_id} dismissed: not transactional.")
        elif args.action == "snooze":
            assert until is not None
            prompts.snooze(journal, prompt_id, until, as_of)
            print(f"Question {prompt_id} snoozed until {until.isoformat()}.")
        else:
            written = prompts.answer_with_text(journal, prompt_id, args.text, as_of)
            print(f"Question {prompt_id} answered by reflection {written.new_id}.")
    return 0
