"""Content-addressed file storage: bytes are kept under their SHA-256, never overwritten,
never under a user-given name or path."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class FileStore:
    """Files under ``root/ab/cd/<sha256>``; writes are atomic (temporary name, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the file with this hash lives; raises ValueError on a malformed hash."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"hash berkas tidak sah: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its SHA-256; storing the same bytes twice is a no-op."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        """The bytes stored under ``sha256``; raises FileNotFoundError when absent."""
        return self.path_for(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        """Whether the file is stored."""
        return self.path_for(sha256).exists()

    def hashes(self) -> list[str]:
        """The hashes of every stored file, sorted (temporary files of a write under way
        are not stored files)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.glob("??/??/*")
            if p.is_file() and not p.name.startswith(".") and p.parent.parent.parent == self.root
        )

    def discard(self, sha256: str) -> None:
        """Remove a file this process stored moments ago for a use case that failed (a
        restore into an empty store); nothing else ever removes a stored file."""
        self.path_for(sha256).unlink(missing_ok=True)
