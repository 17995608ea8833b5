"""`kith search`, `kith duplicates` and `kith merge`: find anything, make one person of two."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.store import Journal

_KINDS = ("person", "moment", "favor", "reflection", "coalition")


def _id(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a person's id (a positive number)")
    return number


def register(commands: Any, journal_path: Any) -> None:
    """Add the `search`, `duplicates` and `merge` subcommands to the `kith` parser."""
    search = commands.add_parser(
        "search",
        help="find people, moments, favors, reflections and coalitions by their words",
        description="Every word must match, as a prefix, ignoring case and accents; "
        '"quoted words" match as a phrase. Items in the trash are not found.',
    )
    search.add_argument("query", metavar="QUERY", help="what to look for")
    search.add_argument(
        "--kind", choices=_KINDS, action="append", default=None, help="only this kind (repeatable)"
    )
    search.add_argument("--limit", type=_id, default=20, metavar="N", help="per kind (20)")
    search.add_argument("--json", action="store_true", help="print a JSON list of hits")
    search.set_defaults(run=lambda args: _search(args, journal_path(args)))

    duplicates = commands.add_parser(
        "duplicates",
        help="list people who are likely the same person, best first, with the reasons",
    )
    duplicates.add_argument("--json", action="store_true", help="print a JSON list of pairs")
    duplicates.set_defaults(run=lambda args: _duplicates(args, journal_path(args)))

    merge = commands.add_parser(
        "merge",
        help="merge OTHER_ID into KEEP_ID: their records move, OTHER_ID goes to the trash",
        description="Fields: the kept person's value, the other's where the kept one is empty, "
        "and where both differ the other's is added to the notes. Use the window's "
        "People > Find duplicates… to choose field by field, and to undo.",
    )
    merge.add_argument("keep_id", type=_id, metavar="KEEP_ID")
    merge.add_argument("other_id", type=_id, metavar="OTHER_ID")
    merge.add_argument("--dry-run", action="store_true", help="only say what would happen")
    merge.set_defaults(run=lambda args: _merge(args, journal_path(args)))


def _search(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.services import search

    with open_journal(path) as journal:
        hits = search.search(journal, args.query, kinds=args.kind, limit=args.limit)
    if args.json:
        rows = [
            {
                "kind": h.kind,
                "record": h.record,
                "id": h.record_id,
                "title": h.title,
                "snippet": h.plain_snippet(),
                "matches": [part for part, matched in h.parts() if matched],
                "date": h.when,
                "contact_id": h.contact_id,
                "coalition_id": h.coalition_id,
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"Nothing matches {args.query!r}.")
        return 0
    group = None
    for hit in hits:
        if hit.kind != group:
            group = hit.kind
            print(search.kind_word(group))
        when = f" {hit.when}" if hit.when else ""
        print(f"  {hit.record} {hit.record_id}{when} — {hit.title}")
        print(f"    {hit.plain_snippet('[', ']')}")
    return 0


def _duplicates(args: argparse.Namespace, path: Path) -> int:
    from dataclasses import asdict

    from app.cli.journal import open_journal
    from app.core.services import duplicates

    with open_journal(path) as journal:
        pairs = duplicates.find_duplicates(journal, region=duplicates.phone_region())
    if args.json:
        print(json.dumps([asdict(pair) for pair in pairs], ensure_ascii=False, indent=2))
        return 0
    if not pairs:
        print("No likely duplicates.")
    for pair in pairs:
        keep, other = pair.keep, pair.other
        reasons = ", ".join(pair.reasons)
        print(f"{keep.name} (id {keep.id}) and {other.name} (id {other.id}): {reasons}")
        for label, a, b in (
            ("email", keep.email, other.email),
            ("phone", keep.phone, other.phone),
            ("organisation", keep.organization, other.organization),
            ("birthday", keep.birthday or "", other.birthday or ""),
            ("history", _history(keep.moments, keep.favors), _history(other.moments, other.favors)),
        ):
            if a or b:
                print(f"  {label:<13} {a or '-':<32} {b or '-'}")
        print(f"  merge with: kith merge {keep.id} {other.id}")
    return 0


def _history(moments: int, favors: int) -> str:
    return f"{moments} moments, {favors} favors"


@contextlib.contextmanager
def duplicates_after_import(journal: Journal) -> Iterator[None]:
    """Around a people import: afterwards, say how many of the people it added look
    like someone already there (and how to see them)."""
    from app.core.services import duplicates

    before = duplicates.highest_person_id(journal)
    yield
    pairs = duplicates.duplicates_of_newer(journal, before, region=duplicates.phone_region())
    if pairs:
        many = "1 likely duplicate" if len(pairs) == 1 else f"{len(pairs)} likely duplicates"
        print(f"{many} among the people just imported: see `kith duplicates`.")


def _merge(args: argparse.Namespace, path: Path) -> int:
    from app.cli.journal import open_journal
    from app.core.services import merge

    with open_journal(path) as journal:
        if args.dry_run:
            plan = merge.plan_merge(journal, args.keep_id, args.other_id)
            for line in plan.lines():
                print(line)
            print("dry run: nothing was changed")
            return 0
        outcome = merge.merge_people(journal, args.keep_id, args.other_id)
    for line in outcome.plan.lines():
        print(line)
    print(
        f"Merged {outcome.plan.other_name} into {outcome.plan.keep_name}; "
        f"{outcome.plan.other_name} (id {args.other_id}) is in the trash."
    )
    return 0
