"""Kith: a private desktop journal of your relationships."""

from __future__ import annotations

__version__ = "0.1.0"
