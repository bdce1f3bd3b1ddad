"""Fixtures for the parser tests: the real and generated samples beside this file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.fixture
def sample() -> Callable[[str], bytes]:
    """The bytes of one sample file, by name."""
    return lambda name: (SAMPLES / name).read_bytes()
