"""The wheel ships its resources, and the installed (not editable) package works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import reader

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("reader", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("papers_reader-*.whl")
    return built


def test_wheel_holds_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reader/resources/sample-feed.txt" in names
    assert "reader/resources/keymap.toml" in names
    assert any(n.startswith("reader/resources/icons/") and n.endswith(".svg") for n in names)
    assert f"papers_reader-{reader.__version__}.dist-info/entry_points.txt" in names
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "reader").rglob("*.py")}
    assert modules <= names, f"modules missing from the wheel: {sorted(modules - names)}"


def test_installed_wheel_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    where = run("-c", "import reader; print(reader.__file__)")
    assert where.startswith(str(target))
    assert run("-m", "reader", "--version").strip() == f"reader {reader.__version__}"
    sample = run(
        "-c",
        "import importlib.resources as r; "
        "print(r.files('reader.resources').joinpath('sample-feed.txt'))",
    ).strip()
    assert sample.startswith(str(target))
    imported = run("-m", "reader", "--library", str(tmp_path / "lib"), "import", sample)
    assert imported.startswith("107 new")
