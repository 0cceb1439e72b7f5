"""The run lock: one writing run (``telaah run``, the retrain flow) per database at a time.

The lock is an exclusive ``fcntl.flock`` on ``<database>.run.lock`` beside the database. The kernel drops it when
the holding process ends in any way (including SIGKILL or a power cut), so a stale lock file never blocks a later
run: only a live process holds the lock. The file keeps the holder's pid and start time for the message a second
run shows. No database access and no printing here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import DatabaseBusy, StoreError

SUFFIX = ".run.lock"


def lock_path(db_path: str | os.PathLike) -> Path:
    """``<database>.run.lock`` beside the database file."""
    path = Path(db_path)
    return path.with_name(path.name + SUFFIX)


def holder(db_path: str | os.PathLike) -> dict:
    """What the lock file says about its last holder (``{"pid", "since", "command"}``; empty when unknown)."""
    try:
        return json.loads(lock_path(db_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _busy_message(db_path: str | os.PathLike) -> str:
    info = holder(db_path)
    who = f"pid {info.get('pid', '?')}, {info.get('command', 'telaah')}, sejak/since {info.get('since', '?')}"
    return (
        f"{db_path}: run lain sedang menulis ke database ini ({who}); tunggu sampai selesai lalu jalankan lagi / "
        "another run is writing to this database; wait until it has finished, then run again"
    )


@contextlib.contextmanager
def run_lock(db_path: str | os.PathLike, *, command: str = "telaah run") -> Iterator[Path | None]:
    """Hold the run lock of ``db_path`` for the ``with`` block (nothing to lock for ``":memory:"``).

    Raises:
        DatabaseBusy: another live process holds the lock (the message names its pid and start time).
        StoreError: the lock file cannot be created beside the database.
    """
    if str(db_path) == ":memory:":
        yield None
        return
    import fcntl

    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"{path}: berkas kunci run tidak dapat dibuat ({exc.strerror}); periksa izin folder / "
                         "cannot create the run lock beside the database; check the folder's permissions") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseBusy(_busy_message(db_path)) from None
        stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": stamp, "command": command}).encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
