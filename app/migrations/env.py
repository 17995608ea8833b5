"""Alembic environment: Kith runs its migrations itself, on a connection it hands over."""

from __future__ import annotations

from alembic import context

from app.core.models import Base, include_name

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - Kith always passes its own connection
    raise RuntimeError("Kith's migrations run through app.core.store, not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode copies the table instead.
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
