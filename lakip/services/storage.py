"""Stored files: bytes in the content-addressed file store, a ``Berkas`` row in the record."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lakip.store.files import FileStore
from lakip.store.models import Berkas

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
}


def store_file(session: Session, files: FileStore, data: bytes, kind: str) -> str:
    """Keep ``data`` forever under its SHA-256 and record it; returns the hash.

    The same bytes stored twice are one file and one row.
    """
    sha = files.put(data)
    if session.get(Berkas, sha) is None:
        session.add(Berkas(sha256=sha, ukuran=len(data), jenis_isi=CONTENT_TYPES[kind]))
        session.flush()
    return sha
