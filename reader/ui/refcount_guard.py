"""Guard against PySide6 6.12.0 dropping references to None, True and False (Python < 3.12)."""

from __future__ import annotations

import ctypes
import sys
import warnings

from PySide6.QtCore import QObject, Signal

# Upstream bug (PySide6/shiboken6 6.12.0, found here while reproducing issue 13; 6.11.3 is
# sound): the bindings return the constants None, True and False without taking a new
# reference, as if they were immortal -- every call of a Qt method that returns nothing
# (setText, start, processEvents...) costs None one reference, every SignalInstance.emit()
# (which returns True) costs True one, a failed disconnect() costs False one. From Python
# 3.12 on the three are immortal and nothing happens; on 3.11 a count reaches zero after a
# few thousand calls and CPython aborts with "Fatal Python error: bool_dealloc: deallocating
# True or False" (or none_dealloc), at quit while collecting garbage or mid-session wherever
# the last reference goes. Python code cannot hand back the missing reference per call
# without wrapping every Qt method, so when a probe shows the loss we do what CPython 3.12
# does by design: give the three a reserve of references they can never run through.
PROBE_CALLS = 64
RESERVE = 1 << 32  # the size of CPython 3.12's immortal reference count
SINGLETONS = (None, True, False)
_installed: list[bool] = []


class _Probe(QObject):
    fired = Signal()


def losses() -> dict[object, int]:
    """References lost to None, True and False over PROBE_CALLS Qt calls that return each."""
    probe = _Probe()
    before = {value: sys.getrefcount(value) for value in SINGLETONS}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # disconnecting what is not connected warns
        for _ in range(PROBE_CALLS):
            probe.setObjectName("probe")  # returns None
            probe.fired.emit()  # returns True
            probe.fired.disconnect()  # returns False
    return {value: max(0, before[value] - sys.getrefcount(value)) for value in SINGLETONS}


def _refcount_cell(value: object) -> ctypes.c_ssize_t | None:
    """The object's ob_refcnt, when this build lays PyObject out as we expect; else None."""
    if sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return None  # debug builds put trace pointers before ob_refcnt
    cell = ctypes.c_ssize_t.from_address(id(value))
    # getrefcount counts its own argument: the cell must read one less, or it is not ob_refcnt.
    return cell if cell.value == sys.getrefcount(value) - 1 else None


def install() -> bool:
    """Give None, True and False their reserve if Qt calls lose references here."""
    if sys.version_info >= (3, 12):
        return False  # the three are immortal
    if _installed:
        return _installed[0]
    lost = losses()
    cells = {value: _refcount_cell(value) for value in SINGLETONS}
    # One cause for all three: if any loses, the bindings treat all three as immortal.
    readable = all(cell is not None for cell in cells.values())
    applied = readable and max(lost.values()) >= PROBE_CALLS // 2
    if applied:
        for value, cell in cells.items():
            if cell is not None:
                cell.value += RESERVE + lost[value]  # also gives back what the probe took
    _installed.append(applied)
    return applied
