"""Composition root: `reader` with no command (or `reader gui`) opens the window, else the CLI."""

from __future__ import annotations

import sys

from reader import cli


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if cli.wants_gui(args):
        from reader.ui.startup import run_gui  # Qt is loaded only for the GUI

        return run_gui(cli.parse_gui_args(args))
    return cli.main(args)
