"""PyInstaller entry point: the same `reader` command as the console script."""

from __future__ import annotations

import sys

from reader.app import main

if __name__ == "__main__":
    sys.exit(main())
