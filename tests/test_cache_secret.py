"""The cache secret is one per cache folder, whoever makes it first: processes that start
at the same moment on a new cache folder all read the same, whole secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

READ = "from guidegen import cache; import sys; sys.stdout.write(cache._secret().hex())"


def test_processes_starting_together_share_one_secret(tmp_path: Path):
    for attempt in range(5):  # each on a new folder: the race is at the secret's making
        env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / f"cache{attempt}"))
        runs = [subprocess.Popen([sys.executable, "-c", READ], env=env, stdout=subprocess.PIPE, text=True) for _ in range(8)]
        secrets = {run.communicate(timeout=60)[0] for run in runs}
        kept = (tmp_path / f"cache{attempt}" / "guidegen" / "cache-secret").read_bytes()
        assert secrets == {kept.hex()} and len(kept) == 32
        assert [p.name for p in (tmp_path / f"cache{attempt}" / "guidegen").iterdir()] == ["cache-secret"]  # no leftovers


def test_the_secret_follows_the_cache_folder_in_force(tmp_path: Path, monkeypatch):
    from guidegen import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "one"))
    one = cache._secret()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "two"))
    two = cache._secret()
    assert one != two
    assert one == (tmp_path / "one" / "guidegen" / "cache-secret").read_bytes()
    assert two == (tmp_path / "two" / "guidegen" / "cache-secret").read_bytes()
