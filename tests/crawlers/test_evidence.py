"""The evidence store: files named by their SHA-256, written once, never overwritten, verifiable."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from crawlers.evidence import CHUNK, EvidenceStore, hash_stream

PAGE = "<html><body>天目 Tea Set</body></html>".encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence")


def test_put_stores_the_bytes_under_their_hash_read_only(store: EvidenceStore) -> None:
    digest = store.put(PAGE)
    assert digest == sha(PAGE)
    path = store.root / digest[:2] / digest
    assert store.path(digest) == path and store.has(digest)
    assert path.read_bytes() == PAGE
    assert path.stat().st_mode & 0o777 == 0o444


def test_the_same_bytes_twice_are_one_file_left_untouched(store: EvidenceStore) -> None:
    path = store.path(store.put(PAGE))
    before = (path.stat().st_ino, path.stat().st_mtime_ns)
    assert store.put(PAGE) == sha(PAGE)
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_an_existing_file_is_never_overwritten_even_when_wrong(store: EvidenceStore) -> None:
    path = store.path(sha(PAGE))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"tampered")
    assert store.put(PAGE) == sha(PAGE)
    assert path.read_bytes() == b"tampered"  # kept as found: verify is what tells
    (mismatch,) = store.verify([sha(PAGE)])
    assert mismatch.path == path and mismatch.problem == f"content hashes to {sha(b'tampered')}"
    assert str(mismatch) == f"{sha(PAGE)}: {path}: content hashes to {sha(b'tampered')}"


def test_verify_names_missing_and_altered_files(store: EvidenceStore) -> None:
    good, altered = store.put(b"good"), store.put(b"altered")
    missing = sha(b"never stored")
    path = store.path(altered)
    path.chmod(0o644)
    path.write_bytes(b"altered later")
    problems = {m.sha256: m.problem for m in store.verify([good, altered, missing, "nope"])}
    assert problems == {
        altered: f"content hashes to {sha(b'altered later')}",
        missing: "missing",
        "nope": "not a lowercase hex SHA-256: 'nope'",
    }


def test_iter_files_lists_everything_on_disk_to_verify(store: EvidenceStore) -> None:
    shas = {store.put(bytes([n]) * n) for n in range(1, 20)}
    (store.root / "ab").mkdir(exist_ok=True)
    (store.root / "ab" / ".tmp-left-by-a-crash").write_bytes(b"half")
    assert set(store.iter_files()) == shas
    assert list(store.verify(store.iter_files())) == []
    assert list(EvidenceStore(store.root / "absent").iter_files()) == []


def test_put_file_copies_a_large_file_in_chunks(store: EvidenceStore, tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK + 17)
    source = tmp_path / "gazette.xml"
    source.write_bytes(data)
    digest = store.put_file(source)
    assert digest == sha(data) and store.path(digest).read_bytes() == data


def test_hashing_reads_a_stream_in_chunks() -> None:
    class Recording(io.BytesIO):
        sizes: list[int] = []

        def read(self, size: int | None = -1) -> bytes:
            self.sizes.append(-1 if size is None else size)
            return super().read(size)

    stream = Recording(b"x" * (2 * CHUNK + 1))
    assert hash_stream(stream) == sha(b"x" * (2 * CHUNK + 1))
    assert set(stream.sizes) == {CHUNK}


def test_concurrent_puts_of_the_same_bytes_make_one_file(store: EvidenceStore) -> None:
    data = os.urandom(256 * 1024)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(store.put(data))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [sha(data)] * 8
    assert list(store.root.glob("*/*")) == [store.path(sha(data))]
    assert list(store.verify([sha(data)])) == []


def test_without_hard_links_the_file_is_renamed_into_place(
    store: EvidenceStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    digest = store.put(PAGE)
    assert store.path(digest).read_bytes() == PAGE
    assert [p.name for p in store.path(digest).parent.iterdir()] == [digest]


def test_a_name_that_is_not_a_hash_is_refused(store: EvidenceStore) -> None:
    with pytest.raises(ValueError, match="not a lowercase hex SHA-256"):
        store.path("../../etc/passwd")
