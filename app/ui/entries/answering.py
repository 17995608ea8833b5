"""A reflection begun from a question answers it only once something is written.

"Write a reflection" opens a new entry that quotes the question. Until the user
writes something of their own under the quote, the question stays open; leaving
the entry with nothing written (another entry, another place, closing Kith)
removes it for good, so no empty reflection stays behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.changes import Changed
from app.core.services import prompts, trash
from app.core.store import Journal
from app.ui.bus import ChangeBus
from app.ui.ops import Op, run


@dataclass(frozen=True)
class _Pending:
    prompt_id: int
    quote: str  # the entry's text as it was begun (the quoted question)


class Answering:
    """The entries begun from a question and not yet written in."""

    def __init__(self, journal: Journal, bus: ChangeBus) -> None:
        self.journal, self.bus = journal, bus
        self._pending: dict[int, _Pending] = {}

    def begin(self, entry_id: int, prompt_id: int, text: str) -> None:
        self._pending[entry_id] = _Pending(prompt_id, text.strip())

    def pending(self, entry_id: int | None) -> bool:
        return entry_id in self._pending

    def saved(self, entry_id: int, text: str) -> None:
        """The entry was saved with `text`: if it says more than the quote, it answers."""
        waiting = self._pending.get(entry_id)
        if waiting is None or text.strip() in ("", waiting.quote):
            return
        del self._pending[entry_id]
        journal, prompt_id = self.journal, waiting.prompt_id
        run(self.bus, Op(lambda: prompts.answer(journal, prompt_id, entry_id)))

    def left(self, entry_id: int | None, text_now: Callable[[], str]) -> bool:
        """The user leaves `entry_id`: if nothing was written, it goes for good (True)."""
        waiting = self._pending.get(entry_id or 0)
        if entry_id is None or waiting is None:
            return False
        if text_now().strip() not in ("", waiting.quote):
            return False  # saving it answers the question
        del self._pending[entry_id]
        journal = self.journal

        def drop() -> Changed:
            trash.move_to_trash(journal, "journal_entry", entry_id)
            return trash.delete_forever(journal, "journal_entry", entry_id)

        run(self.bus, Op(drop))
        return True
