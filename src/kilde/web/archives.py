"""One open `Archive` per server thread, so requests never share a database connection."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from kilde.store import Archive


class ArchivePool:
    """Opens the archive lazily in each thread that asks for it; closes them all at shutdown."""

    def __init__(self, target: str, opener: Callable[[str], Archive] | None = None) -> None:
        self.target = target
        self._opener = opener or Archive.open
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Archive] = []

    def get(self) -> Archive:
        """This thread's archive (opened on first use)."""
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = self._opener(self.target)
            self._local.archive = archive
            with self._lock:
                self._opened.append(archive)
        return archive

    def check(self) -> None:
        """Open the archive once now, so a bad path or URL fails at start-up, not per request."""
        self.get()

    def close(self) -> None:
        """Close every connection this pool opened."""
        with self._lock:
            opened, self._opened = self._opened, []
        for archive in opened:
            with contextlib.suppress(Exception):  # closing is best effort at shutdown
                archive.close()
        self._local = threading.local()
