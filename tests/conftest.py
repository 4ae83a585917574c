"""Fixtures shared by the test files that build the repository's own ML bank."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    """A copy of the repository's ML bank (content and figures) to build from, so that
    tests never write into the source tree."""
    project = tmp_path_factory.mktemp("bank")
    for folder in ("content", "figures"):
        shutil.copytree(REPO / folder, project / folder)
    return project
