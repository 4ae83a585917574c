"""`guidegen doctor` meets the tools as they are: output that is not UTF-8, a tool that
never answers, a tool whose child never ends. It reads what it can, waits a bounded
time, leaves nothing running, and never prints a traceback. The tools here are small
shell scripts standing in for fc-list and kpsewhich on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def fake_path(tmp_path: Path, fakes: dict[str, str]) -> str:
    """A PATH of one folder: a link to every command on the real PATH, but each of
    `fakes` is the shell script given instead."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, script in fakes.items():
        (folder / name).write_text("#!/bin/sh\n" + script)
        (folder / name).chmod(0o755)
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in sorted(os.listdir(directory)):
            link, target = folder / entry, Path(directory) / entry
            if not link.exists() and not link.is_symlink() and os.access(target, os.X_OK) and target.is_file():
                link.symlink_to(target)
    for name in fakes:
        assert shutil.which(name, path=str(folder)) == str(folder / name)
    return str(folder)


def doctor(path: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONIOENCODING="utf-8", PATH=path, **env)
    return subprocess.run([sys.executable, "-m", "guidegen", "doctor"], capture_output=True, env=environment, timeout=timeout)


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status


def test_tool_output_that_is_not_utf8_is_read_with_replacements(tmp_path: Path):
    path = fake_path(tmp_path, {"fc-list": r"printf '/usr/share/fonts/Caf\351 \033[31m.ttf: Caf\351\n'" + "\n"})
    result = doctor(path)
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert result.returncode in (0, 1), err
    assert "/usr/share/fonts/Caf\ufffd \\x1b[31m.ttf" in out, out  # no escape sequence reaches the terminal
    assert "\x1b" not in out


def test_a_tool_that_never_answers_is_stopped_in_time_and_named(tmp_path: Path):
    path = fake_path(tmp_path, {"fc-list": "exec sleep 1000\n"})
    started = time.monotonic()
    result = doctor(path, timeout=40, GUIDEGEN_TOOL_TIMEOUT="1")
    took = time.monotonic() - started
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert result.returncode == 1, out
    assert "not checked: fc-list did not answer within 1 s (GUIDEGEN_TOOL_TIMEOUT), and was stopped" in out, out
    assert took < 15, took  # asked once, not once per font


def test_a_hung_tools_children_are_killed_with_it(tmp_path: Path):
    pids = tmp_path / "pids"
    path = fake_path(tmp_path, {"kpsewhich": f"sleep 1000 &\necho $! >> {pids}\necho $$ >> {pids}\nwait\n"})
    result = doctor(path, timeout=40, GUIDEGEN_TOOL_TIMEOUT="1")
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert "not checked: kpsewhich did not answer within 1 s" in out, out
    started = [int(pid) for pid in pids.read_text().split()]
    assert len(started) == 2
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in started if alive(pid)]


def test_a_bad_time_limit_is_one_line(tmp_path: Path):
    result = doctor(os.environ["PATH"], GUIDEGEN_TOOL_TIMEOUT="soon")
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert err.splitlines() == ["Error: GUIDEGEN_TOOL_TIMEOUT must be a number of seconds above 0, such as 30; it is 'soon'"], err
