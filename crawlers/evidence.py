"""Write-once evidence files, named by the SHA-256 of their bytes: `root/<sha[:2]>/<sha>`.

A file is written once, atomically (a temporary file in the same folder, then a hard link that
fails if the name is taken), made read-only, and never overwritten or deleted by this class: the
same bytes stored twice are one file, untouched the second time. `verify` rehashes files to show
that nothing changed since capture. Generic: crawls store pages and pictures, monitor stores
gazette records; nothing here knows what the bytes are.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024  # bytes read at a time when hashing or copying
READ_ONLY = 0o444
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
TEMP_PREFIX = ".tmp-"
# errors meaning "this file system has no hard links": fall back to a rename
NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


@dataclass(frozen=True)
class Mismatch:
    """A stored file that does not hold what its name promises: missing, or other bytes."""

    sha256: str
    path: Path
    problem: str  # "missing", "not a file", "unreadable: …" or "content hashes to <sha>"

    def __str__(self) -> str:
        return f"{self.sha256}: {self.path}: {self.problem}"


def hash_stream(stream: BinaryIO) -> str:
    """Return the hex SHA-256 of a binary stream, read in chunks (never whole)."""
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    with path.open("rb") as stream:
        return hash_stream(stream)


class EvidenceStore:
    """A content-addressed folder of write-once files (see the module docstring)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        """Return where the file of `sha256` lives (whether or not it exists)."""
        if not SHA256_RE.match(sha256):
            raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        """Return whether a file is stored under `sha256` (its content is not checked)."""
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store `data` unless the same bytes are already stored; return its hex SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not os.path.lexists(target):
            self._write(target, [data])
        return sha

    def put_file(self, source: Path) -> str:
        """Store a copy of the file `source` (hashed and copied in chunks); return its SHA-256."""
        sha = hash_file(source)
        target = self.path(sha)
        if not os.path.lexists(target):
            with source.open("rb") as stream:
                self._write(target, iter(lambda: stream.read(CHUNK), b""))
            if hash_file(target) != sha:  # the source changed while we copied it
                raise OSError(f"{source} changed while it was being stored")
        return sha

    def iter_files(self) -> Iterator[str]:
        """Yield the SHA-256 of every file on disk, by name (left-over temporary files skipped)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or len(folder.name) != 2:
                continue
            for file in sorted(folder.iterdir()):
                if SHA256_RE.match(file.name) and file.name[:2] == folder.name:
                    yield file.name

    def verify(self, shas: Iterable[str]) -> Iterator[Mismatch]:
        """Rehash the file of each SHA-256 and yield a Mismatch for each one that fails.

        `store.verify(store.iter_files())` checks everything on disk.
        """
        for sha in shas:
            try:
                path = self.path(sha)
            except ValueError as exc:
                yield Mismatch(sha, self.root / str(sha), str(exc))
                continue
            if not os.path.lexists(path):
                yield Mismatch(sha, path, "missing")
                continue
            if not path.is_file():
                yield Mismatch(sha, path, "not a file")
                continue
            try:
                actual = hash_file(path)
            except OSError as exc:
                yield Mismatch(sha, path, f"unreadable: {exc}")
                continue
            if actual != sha:
                yield Mismatch(sha, path, f"content hashes to {actual}")

    def _write(self, target: Path, chunks: Iterable[bytes]) -> None:
        """Write chunks to a temporary file beside `target`, then give it the name if still free."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            temp.chmod(READ_ONLY)
            self._publish(temp, target)
        finally:
            temp.unlink(missing_ok=True)

    @staticmethod
    def _publish(temp: Path, target: Path) -> None:
        try:
            os.link(temp, target)  # atomic, and refuses to replace an existing file
        except FileExistsError:
            return  # stored meanwhile by someone else: theirs stays
        except OSError as exc:
            if exc.errno not in NO_LINKS:
                raise
            if not os.path.lexists(target):  # no hard links here: rename, still never over a file
                os.replace(temp, target)
