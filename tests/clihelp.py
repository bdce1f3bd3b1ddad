"""The one in-process runner of the command line: `reader ARGS` through cli.main, output captured.

In-process runs are what most CLI tests need (sqlite-utils and papis test the same way);
a few tests still start a real process to prove the installed entry point.
"""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

from reader import cli


def reader(*args: str, stdin: str | bytes | object = b"") -> subprocess.CompletedProcess[str]:
    """`reader ARGS` through cli.main: exit status, stdout and stderr as a process gives them.

    stdin: text or bytes to read, or a stream object standing in for sys.stdin.
    """
    if isinstance(stdin, str | bytes):
        data = stdin.encode() if isinstance(stdin, str) else stdin
        stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = stdin  # type: ignore[assignment]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["reader", *args], code, out.getvalue(), err.getvalue())
