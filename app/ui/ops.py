"""Every writing action takes one road (in the spirit of Anki's `CollectionOp`).

A UI action builds an `Op`: one core call that returns what it `Changed`. `run`
calls it, shows a failure once (by default a sentence on the status line; a
form shows it under its fields instead), publishes the `Changed` once, and
offers the undo, if any, beside the sentence that says it was done. No view
catches core errors or publishes by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.changes import Changed
from app.core.errors import KithError
from app.ui.bus import ChangeBus


@dataclass(frozen=True)
class Op:
    """One writing action, and what happens around it."""

    call: Callable[[], Changed]
    # The status line's sentence once it is done ("Moved Ana to the trash").
    done: str | None = None
    # Offered beside `done`: the action that puts things back.
    undo: Op | None = None
    # After the publish, e.g. select what was just saved.
    then: Callable[[Changed], object] | None = None
    # Where a refusal is shown; by default the status line.
    failed: Callable[[KithError], object] | None = None


def run(bus: ChangeBus, op: Op) -> Changed | None:
    """Run `op`: its Changed published once (unless it changed nothing), or its
    failure shown once (then None)."""
    try:
        result = op.call()
    except KithError as error:
        if op.failed is not None:
            op.failed(error)
        else:
            bus.say(str(error))
        return None
    if result.kinds:  # nothing changed, nothing to tell the views
        bus.publish(result)
    if op.then is not None:
        op.then(result)
    if op.done is not None:
        undo = op.undo
        bus.say(op.done, None if undo is None else lambda: run(bus, undo))
    return result
