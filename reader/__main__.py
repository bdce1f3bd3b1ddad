"""python -m reader."""

from __future__ import annotations

import sys

from reader.app import main

sys.exit(main())
