"""The one error exporters raise."""

from __future__ import annotations


class ExportError(ValueError):
    """An export that would be wrong: a bad key, or a file that does not read back."""
