"""What the repository holds: nothing large, nothing left behind by a tool."""

import re
import shutil
import subprocess  # nosec B404: git, on our own checkout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LARGEST = 2 * 2**20  # the largest tracked file today is a vendored script of a few hundred kB


def tracked_files() -> list[Path]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(  # nosec B603: a fixed command on our own checkout
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [ROOT / name for name in listing.split("\0") if name]


def test_no_tracked_file_is_large_or_a_tools_leftover():
    files = tracked_files()
    large = [f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes" for path in files
             if path.exists() and path.stat().st_size > LARGEST]  # fmt: skip
    assert not large, large
    leftovers = [path.name for path in files if re.fullmatch(r"sed[A-Za-z0-9]{6}", path.name)
                 or path.suffix in {".orig", ".rej", ".swp", ".mo", ".pyc"}]  # fmt: skip
    assert not leftovers, leftovers


def test_every_app_is_packaged_and_checked_by_bandit():
    """A new app folder ships in the wheel (pyproject's package list) and is scanned by bandit
    (make test), or the installed site and the security check would both miss it."""
    import fnmatch
    import tomllib

    apps = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
    assert "dashboards" in apps
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["packages"]["find"]["include"]
    assert [app for app in apps if not any(fnmatch.fnmatch(app, p) for p in patterns)] == []
    bandit = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "bandit" in line)
    assert [app for app in apps if f" {app}" not in bandit] == []
