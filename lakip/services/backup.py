"""Backup and restore of the whole record (FORMATS.md ``backup --out FILE``, ``restore FILE``).

An archive taken on one database restores into the other, so an agency that began on one
machine (SQLite) moves to a server (PostgreSQL) with one command. Restoring needs an empty
target: a database holding nothing but the SOP's first-run steps, and an empty file store;
anything else is refused, as is a damaged archive, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import SQLAlchemyError

from lakip.domain.formatting import format_count
from lakip.domain.roles import Izin
from lakip.services.access import Aktor, require
from lakip.services.errors import LakipError
from lakip.services.runtime import Runtime
from lakip.services.setup import SOP_STEPS
from lakip.store.archive import (
    ArchiveError,
    Manifest,
    load_rows,
    put_files,
    read_archive,
    tables,
    write_archive,
)
from lakip.store.db import head_revision
from lakip.store.models import StandarSop


@dataclass(frozen=True)
class RingkasanCadangan:
    """What an archive holds: for the command line's one line of output."""

    berkas: Path
    tabel: int
    baris: int
    jumlah_berkas: int
    ukuran_berkas: int

    @classmethod
    def of(cls, path: Path, manifest: Manifest) -> RingkasanCadangan:
        return cls(
            path,
            len(manifest.tabel),
            manifest.jumlah_baris,
            len(manifest.berkas),
            manifest.ukuran_berkas,
        )

    def __str__(self) -> str:
        return (
            f"{format_count(self.tabel)} tabel, {format_count(self.baris)} baris, "
            f"{format_count(self.jumlah_berkas)} berkas tersimpan"
        )


def backup(rt: Runtime, aktor: Aktor, out: Path) -> RingkasanCadangan:
    """Write one archive of every table and every stored file to ``out``, a new file.

    The tables are read at one moment (the web app and workers may go on meanwhile);
    an existing file at ``out`` is never overwritten.
    """
    require(rt, aktor, Izin.CADANGKAN, aksi="cadangan.buat")
    if out.exists():
        raise LakipError(
            f"Berkas '{out}' sudah ada; cadangan tidak menimpa berkas lain. Pilih nama baru."
        )
    if not out.parent.is_dir():
        raise LakipError(f"Folder '{out.parent}' tidak ada.")
    try:
        manifest = write_archive(rt.engine, rt.files, out, dibuat=rt.clock())
    except ArchiveError as exc:
        raise LakipError(str(exc)) from exc
    return RingkasanCadangan.of(out, manifest)


def _why_not_empty(rt: Runtime) -> str | None:
    """What the target already holds, or None when a restore may go ahead."""
    defaults = set(SOP_STEPS)
    with rt.uow() as session:
        for table in tables():
            if table.name == StandarSop.__tablename__:
                steps = session.scalars(select(StandarSop)).all()
                held = {
                    (s.nomor, s.uraian, s.pelaksana, s.kelengkapan, s.waktu_menit, s.output)
                    for s in steps
                }
                if held - defaults:
                    return "standar SOP yang sudah diubah"
            elif session.scalar(select(exists().select_from(table))):
                return f"data di tabel {table.name}"
    if rt.files.hashes():
        return f"berkas di {rt.files.root}"
    return None


def restore(rt: Runtime, aktor: Aktor, archive: Path) -> RingkasanCadangan:
    """Load ``archive`` into this runtime's empty database and file store, in one
    transaction; refused (LakipError, nothing written) when the target holds data or the
    archive is damaged or from another schema."""
    require(rt, aktor, Izin.CADANGKAN, aksi="cadangan.pulihkan")
    held = _why_not_empty(rt)
    if held is not None:
        raise LakipError(
            f"Pemulihan ditolak: tujuan tidak kosong ({held}). Pulihkan ke basis data dan folder "
            "data yang baru; tidak ada yang diubah."
        )
    try:
        manifest = read_archive(archive, skema=head_revision())
    except ArchiveError as exc:
        raise LakipError(f"{exc} Tidak ada yang diubah.") from exc
    try:
        stored = put_files(rt.files, archive, manifest)
    except (ArchiveError, OSError) as exc:
        raise LakipError(f"Pemulihan gagal, tidak ada yang diubah: {exc}") from exc
    try:
        with rt.uow() as session:
            # The first-run SOP steps give way to the archive's own (checked unedited above).
            session.execute(delete(StandarSop))
            load_rows(session, archive, manifest)
            session.commit()
    except BaseException as exc:
        for sha in stored:  # the store was empty: these files came with this restore
            rt.files.discard(sha)
        if isinstance(exc, ArchiveError | SQLAlchemyError):
            raise LakipError(f"Pemulihan gagal, tidak ada yang diubah: {exc}") from exc
        raise
    return RingkasanCadangan.of(archive, manifest)
