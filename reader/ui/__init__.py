"""The Qt user interface: the only package that imports PySide6."""

from __future__ import annotations

from reader.ui import refcount_guard

# Before any window or thread emits a signal: see refcount_guard for the PySide6 bug.
refcount_guard.install()
