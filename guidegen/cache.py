"""The one cache: results of earlier runs, keyed by everything they depend on.

- One way to make a key: `key(kind, *parts)` hashes the parts with the whole guidegen
  package (code, templates, figure style), so a new guidegen never reuses old entries.
- One format that cannot execute: SQLite rows of JSON text (never pickle). A damaged or
  foreign database is a miss, and is replaced.
- Keys are HMACs under a secret of this user's, so a cache shipped with someone's
  project (a zip of their guide, a repository with build/ committed) never matches:
  it could otherwise put LaTeX of its choosing in place of a question's conversion.
- Safe for two processes at once: SQLite's own locking, each write one transaction.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every file of the installed package, templates included, and of the
    versions of the installed packages it runs on (a new markdown-it, Pygments, Jinja or
    latex2mathml may parse, highlight, render or convert otherwise)."""
    from guidegen.paths import default_template_dir, tree_state

    # os.walk, pruned of bytecode (tree_state): pathlib's rglob took a third of a no-op build's 30 ms here.
    files = [tree_state(root, root, contents=True) for root in (PACKAGE, default_template_dir())]
    return hashlib.sha256(json.dumps([files, installed()]).encode()).hexdigest()


def installed() -> list[str]:
    """The name and version of every package installed where Python finds packages (the
    names of their .dist-info and .egg-info folders), without importing any (one listing
    of each such folder)."""
    import sys

    found = []
    for entry in dict.fromkeys(sys.path):
        if not entry.endswith(("site-packages", "dist-packages")):
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        found += sorted(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return found


@functools.lru_cache(maxsize=1)
def matplotlib_version() -> str:
    """The installed matplotlib's version, without importing it or importlib.metadata
    (which scans every installed package: 25 ms on the path of every rebuild)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("matplotlib")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "none"
    site = Path(spec.origin).parent.parent
    found = sorted(site.glob("matplotlib-*.dist-info"))
    if found:
        return found[-1].name[len("matplotlib-"):-len(".dist-info")]
    from importlib import metadata  # an unusual install: ask the slow way

    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return "unknown"


def user_dir() -> Path:
    """This user's own cache folder, shared by all their projects."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "guidegen"


def _secret() -> bytes:
    """This user's cache secret (of the cache folder in force now: a test or a caller may
    point XDG_CACHE_HOME elsewhere within one process)."""
    return _secret_in(user_dir())


@functools.lru_cache(maxsize=8)
def _secret_in(home: Path) -> bytes:
    """The secret kept in `home`, made once; a process-wide random one if it cannot be kept
    (then nothing is reused across runs, which only costs time). It is written whole under
    a name of its own, then linked into place, so that a second process starting at the
    same moment reads the whole secret or makes it, never half of it."""
    path = home / "cache-secret"
    try:
        home.mkdir(parents=True, exist_ok=True)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            fd, partial = tempfile.mkstemp(prefix=".cache-secret.", dir=home)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(secrets.token_bytes(32))
                try:
                    os.link(partial, path)  # fails if another process linked its own first
                except FileExistsError:
                    pass
            finally:
                os.unlink(partial)
            data = path.read_bytes()
        if len(data) >= 32:
            return data
        raise OSError("damaged cache secret")
    except OSError:
        return secrets.token_bytes(32)


def key(kind: str, *parts: Any) -> str:
    """The key of an entry: what kind of result, and everything it depends on."""
    material = json.dumps([kind, code_version(), *parts], default=str, separators=(",", ":")).encode()
    return kind + ":" + hmac.new(_secret(), material, hashlib.sha256).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Cache:
    """Entries of one build folder (`path` None: a cache that keeps nothing). With a
    `fallback` (the user's own cache), a miss here is looked up there, and what is put
    here is put there too: a new output folder starts from what this user's other
    builds already did (a booklet cut into a fresh folder from a converted bank)."""

    def __init__(self, path: Path | None, fallback: Cache | None = None):
        self.path = path
        self.fallback = fallback
        self._db = None

    def _open(self):
        import sqlite3

        if self._db is None and self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # SQLite follows a link: one planted in the build folder would make it create a
            # file outside, or add a table to another program's database.
            for suffix in ("", "-journal", "-wal", "-shm"):
                if os.path.islink(f"{self.path}{suffix}"):
                    os.unlink(f"{self.path}{suffix}")
            try:
                self._db = self._connect()
            except sqlite3.OperationalError:
                raise
            except sqlite3.DatabaseError:  # not a database, or damaged: start afresh
                self._discard()
                self._db = self._connect()
        return self._db

    def _connect(self):
        import sqlite3

        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        # No waiting for the disk at each write (26 ms a commit here, against 0.5 ms): this is
        # a cache, and a crash that loses or damages its last writes costs a slower build (a
        # damaged file is a DatabaseError, and is started afresh), never a wrong one, as
        # every entry is kept under the key of what it was made from.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return db

    def _discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _get_many(self, keys: list[str]) -> dict[str, Any]:
        import sqlite3

        found: dict[str, Any] = {}
        if self.path is None or not keys:
            return found
        try:
            db = self._open()
            unique = list(dict.fromkeys(keys))
            for start in range(0, len(unique), 500):  # SQLite's limit on bound parameters
                chunk = unique[start : start + 500]
                rows = db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for k, value in rows:
                    try:
                        found[k] = json.loads(value)
                    except ValueError:
                        continue  # a damaged entry is a miss
        except sqlite3.OperationalError:  # locked by another build past the time-out: a miss
            return {}
        except sqlite3.DatabaseError:
            self._discard()
            return {}
        return found

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """The stored values of those keys that have one (here, else in the fallback)."""
        found = self._get_many(keys)
        if self.fallback is not None and len(found) < len(set(keys)):
            shared = self.fallback._get_many([k for k in keys if k not in found])
            self._put_many(shared)  # kept here too: the next build of this folder finds them at once
            found.update(shared)
        return found

    def get(self, k: str) -> Any | None:
        return self.get_many([k]).get(k)

    def put_many(self, items: dict[str, Any]) -> None:
        if self.fallback is not None:
            self.fallback.put_many(items)
        self._put_many(items)

    def _put_many(self, items: dict[str, Any]) -> None:
        import sqlite3

        if self.path is None or not items:
            return
        rows = [(k, json.dumps(v, separators=(",", ":"))) for k, v in items.items()]
        try:
            db = self._open()
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)
        except sqlite3.OperationalError:
            pass  # locked or read-only: a cache that cannot be written is only a slower next build
        except sqlite3.DatabaseError:
            self._discard()

    def put(self, k: str, value: Any) -> None:
        self.put_many({k: value})

    def delete(self, k: str) -> None:
        import sqlite3

        if self.path is None:
            return
        try:
            with self._open() as db:
                db.execute("DELETE FROM entries WHERE key = ?", (k,))
        except sqlite3.OperationalError:
            pass
        except sqlite3.DatabaseError:
            self._discard()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self.fallback is not None:
            self.fallback.close()


def user_cache() -> Cache:
    """This user's own cache of conversions, shared by all their projects and output
    folders (keys are HMACs under the user's secret, as everywhere)."""
    return Cache(user_dir() / "conversions.sqlite")


def backed_by_user_cache(path: Path) -> Cache:
    """The cache of a build folder at `path` backed by this user's own (see Cache's
    fallback); the user's cache alone when `path` is that cache (`check` keeps its
    work there, having no build folder)."""
    own = user_dir() / "conversions.sqlite"
    return Cache(path) if Path(path) == own else Cache(path, fallback=Cache(own))


# -- files too large for a row (precompiled preambles): kept in the user's cache folder ------
# A file is kept under its key's HMAC and its digest is recorded in the user cache under the
# same key: a file planted or damaged there does not match its record, and is a miss.

UNUSED_FILE_DAYS = 30  # a kept file nobody used for this long is removed (older guidegens', old TeX Lives')


def _prune(folder: Path) -> None:
    import time

    old = time.time() - UNUSED_FILE_DAYS * 86400
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime < old:
                os.unlink(entry.path)
        except OSError:
            continue


def _shared_path(k: str) -> Path:
    return user_dir() / "files" / k.partition(":")[2]


def _read_regular(path: Path) -> bytes | None:
    """A regular file's bytes, never through a link (None: missing, a link, or unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_new(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: a file of its own (never a link's target), renamed
    into place, so a reader never sees half of it."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def fetch_file(k: str, target: Path) -> bool:
    """Copy the file this user's cache keeps under `k` to `target`; False (a miss) when it
    keeps none, or one that is not exactly what was kept."""
    store = user_cache()
    try:
        recorded = store.get(k)
    finally:
        store.close()
    if not isinstance(recorded, str):
        return False
    data = _read_regular(_shared_path(k))
    if data is None or hashlib.sha256(data).hexdigest() != recorded:
        return False
    try:
        _write_new(target, data)
        os.utime(_shared_path(k))  # in use: not pruned (keep_file)
    except OSError:
        return False
    return True


def keep_file(k: str, source: Path) -> None:
    """Keep a copy of `source` in this user's cache under `k`, for every build folder of
    theirs (a cache that cannot be written is only a slower next build)."""
    data = _read_regular(source)
    if data is None:
        return
    path = _shared_path(k)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path, data)
    except OSError:
        return
    _prune(path.parent)
    store = user_cache()
    try:
        store.put(k, hashlib.sha256(data).hexdigest())
    finally:
        store.close()
