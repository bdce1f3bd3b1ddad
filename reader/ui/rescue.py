"""The last resort for notes: what the database would not take at quit goes to files."""

from __future__ import annotations

import logging
import time
from pathlib import Path

log = logging.getLogger(__name__)
RESCUE_DIR = "unsaved-notes"


def rescue_notes(folder: Path, notes: dict[int, str]) -> Path:
    """Write each note to <library>/unsaved-notes/paper-<id>-<time>.md; return the folder."""
    rescue = folder / RESCUE_DIR
    rescue.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for pid, body in notes.items():
        (rescue / f"paper-{pid}-{stamp}.md").write_text(body, encoding="utf-8")
    log.error("could not store %d notes in the library; saved them in %s", len(notes), rescue)
    return rescue
