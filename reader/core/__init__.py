"""Domain, storage and search: no Qt, no user-facing strings beyond error messages."""

from __future__ import annotations

import sys

if "sqlite_utils.db" not in sys.modules and "numpy" not in sys.modules:
    # sqlite-utils imports numpy at import time when it is installed, only to map numpy
    # column types (Reader never writes numpy values). Numpy is for the ranking alone:
    # hidden here, it loads when a ranking or a similar-papers lookup first needs it, not
    # with every command and window start (0.1 s idle, seconds on a busy machine).
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del sys.modules["numpy"]
