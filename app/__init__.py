"""Kith: a private desktop journal of your relationships."""

from __future__ import annotations

# The one place of Kith's version: pyproject reads it (hatch's dynamic version),
# `make bundle` and `make deb` name their files after it, a test holds the
# metainfo's newest release to it.
__version__ = "0.1.0"

# Kith's reverse-DNS application id: the desktop file's and the metainfo's name,
# the icon's name, and what the window tells the desktop (setDesktopFileName).
APP_ID = "org.kithjournal.Kith"
