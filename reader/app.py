"""Composition root: `reader` with no command (or `reader gui`) opens the window, else the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    # Imported here: the ranking's process starts by importing the entry script (spawn
    # does), and the whole command line is 0.7 s of imports it never uses.
    from reader import cli

    args = list(sys.argv[1:] if argv is None else argv)
    if cli.wants_gui(args):
        from reader.ui.startup import run_gui  # Qt is loaded only for the GUI

        return run_gui(cli.parse_gui_args(args))
    return cli.main(args)
