"""Guard against PySide6 6.12.0's signal emit dropping a reference to True (Python < 3.12)."""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

# Upstream bug (PySide6 6.12.0, found here while reproducing issue 13): SignalInstance.emit()
# returns True without taking a new reference to it (6.11.3 does). Every emit whose result
# is discarded -- every emit in any program -- then drops True's reference count by one.
# From Python 3.12 on True is immortal and nothing happens; on 3.11 the count reaches zero
# after a few thousand emits and CPython aborts with "Fatal Python error: bool_dealloc:
# deallocating True or False", at quit (while collecting garbage) or mid-session, wherever
# the last reference happens to go. No Python code can restore the missing reference per
# emit without wrapping every emit, so when a probe shows the loss we do what CPython 3.12
# does by design: give True a reserve of references it can never run through.
PROBE_EMITS = 64
RESERVE = 1 << 32  # the size of CPython 3.12's immortal reference count
_installed: list[bool] = []


class _Probe(QObject):
    fired = Signal()


def emit_loss() -> int:
    """References to True lost over PROBE_EMITS emits of a signal (0 on a sound PySide6)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBE_EMITS):
        probe.fired.emit()
    return max(0, before - sys.getrefcount(True))


def _refcount_cell() -> ctypes.c_ssize_t | None:
    """True's ob_refcnt, when this build lays PyObject out as we expect; else None."""
    if sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return None  # debug builds put trace pointers before ob_refcnt
    cell = ctypes.c_ssize_t.from_address(id(True))
    # getrefcount counts its own argument: the cell must read one less, or it is not ob_refcnt.
    return cell if cell.value == sys.getrefcount(True) - 1 else None


def install() -> bool:
    """Give True its reserve if emits lose references to it here; True when applied."""
    if sys.version_info >= (3, 12):
        return False  # True is immortal
    if _installed:
        return _installed[0]
    lost = emit_loss()
    cell = _refcount_cell()
    applied = lost >= PROBE_EMITS // 2 and cell is not None
    if applied and cell is not None:
        cell.value += RESERVE + lost  # also gives back what the probe itself took
    _installed.append(applied)
    return applied
