"""What a mutation changed, so that every open view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changed:
    """Returned by every service that writes.

    `kinds` names the record types touched ("contact", "favor", "trash", ...),
    `contact_ids` and `coalition_ids` the people and coalitions whose views are
    stale, `new_id` the id of a record just created, and `prompt_ids` the questions
    a write raised (the follow-on of a log: see services/follow_on.py).
    """

    kinds: frozenset[str] = field(default_factory=frozenset)
    contact_ids: frozenset[int] = field(default_factory=frozenset)
    coalition_ids: frozenset[int] = field(default_factory=frozenset)
    new_id: int | None = None
    prompt_ids: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: Changed) -> Changed:
        return Changed(
            self.kinds | other.kinds,
            self.contact_ids | other.contact_ids,
            self.coalition_ids | other.coalition_ids,
            self.new_id if self.new_id is not None else other.new_id,
            self.prompt_ids | other.prompt_ids,
        )


def changed(
    *kinds: str,
    contacts: set[int] | frozenset[int] | None = None,
    coalitions: set[int] | frozenset[int] | None = None,
    new_id: int | None = None,
    prompts: set[int] | frozenset[int] | None = None,
) -> Changed:
    """Shorthand: `changed("favor", contacts={12}, new_id=40)`."""
    return Changed(
        frozenset(kinds),
        frozenset(contacts or ()),
        frozenset(coalitions or ()),
        new_id,
        frozenset(prompts or ()),
    )
