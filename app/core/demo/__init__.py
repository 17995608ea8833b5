"""Synthetic demo journals: realistic, varied and reproducible.

`generate_demo` writes a new journal full of invented people, moments, favors,
coalitions and reflections. It is what a person sees first under "Explore a demo
journal", what benchmarks run against (ten thousand people, half a million
entries), and what the reflection engine is tuned on, so the histories follow
real patterns rather than uniform noise: each person gets an archetype (see
`archetypes`) that shapes their history with me.

Everything is drawn from one `random.Random(seed)`; nothing reads the clock but
`today`. The same seed, sizes and `today` give the same rows, ids included.
Rows are written with bulk executemany inside one transaction, with ids assigned
here (in date order), so that references need no reading back.

The package: `texts` loads the words from `resources/demo/`; `archetypes` holds
the tuning; `draft` the demo in memory; `people`, `histories`, `coalitions` and
`journal` draft it; `writer` inserts it; `generator` runs the whole.
"""

from __future__ import annotations

from app.core.demo.generator import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
