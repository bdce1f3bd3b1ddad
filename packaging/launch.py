"""PyInstaller entry point: the same `reader` command as the console script."""

from __future__ import annotations

import multiprocessing
import sys

from reader.app import main

if __name__ == "__main__":
    # The ranking's process is this binary started again: run its work, not the app.
    multiprocessing.freeze_support()
    sys.exit(main())
