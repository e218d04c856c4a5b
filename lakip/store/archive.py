"""One archive of the whole record (FORMATS.md ``backup`` / ``restore``).

A zip holding ``manifest.json``, one JSON-lines file per table under ``tabel/`` and every
stored file under ``berkas/<sha256>``. Values are written by their column's type, not by
what a database driver returns, so an archive taken on SQLite loads into PostgreSQL and
the other way round. The manifest names the schema revision and, per table, the row count
and the SHA-256 of its file; each stored file is named by the SHA-256 of its bytes. Reading
checks all of that before anything is written, so a damaged archive changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    Engine,
    Integer,
    String,
    Table,
    create_engine,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from lakip.store.files import FileStore
from lakip.store.models import Base
from lakip.store.types import ExactDecimal, UtcDateTime

FORMAT: Final = "lakip-cadangan"
FORMAT_VERSION: Final = 1
MANIFEST: Final = "manifest.json"
TABLES_DIR: Final = "tabel/"
FILES_DIR: Final = "berkas/"
BATCH: Final = 1000
_FIXED_TIME: Final = (1980, 1, 1, 0, 0, 0)
"""Zip entry times carry nothing: when the archive was made is in the manifest."""
_CHUNK: Final = 1 << 20


class ArchiveError(ValueError):
    """The archive cannot be restored; ``str()`` says why, in Indonesian."""


@dataclass(frozen=True)
class TableEntry:
    """One table in the manifest."""

    baris: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, as its ``manifest.json`` says."""

    skema: str
    dibuat: str
    sumber: str
    tabel: Mapping[str, TableEntry]
    berkas: Mapping[str, int]  # sha256 → size in bytes

    @property
    def jumlah_baris(self) -> int:
        """Rows over every table."""
        return sum(t.baris for t in self.tabel.values())

    @property
    def ukuran_berkas(self) -> int:
        """Bytes over every stored file."""
        return sum(self.berkas.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "versi_format": FORMAT_VERSION,
            "skema": self.skema,
            "dibuat": self.dibuat,
            "sumber": self.sumber,
            "tabel": {k: {"baris": v.baris, "sha256": v.sha256} for k, v in self.tabel.items()},
            "berkas": dict(self.berkas),
        }


def tables() -> list[Table]:
    """The record's tables, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


# --- values by column type ----------------------------------------------------------------

Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]


def _same(v: Any) -> Any:
    return v


def _typed(kind: type, what: str) -> Callable[[Any], Any]:
    def check(v: Any) -> Any:
        # JSON's true is a Python int too: a flag is no number and a number no flag.
        if v is not None and (not isinstance(v, kind) or (type(v) is bool) != (kind is bool)):
            raise ValueError(f"bukan {what}: {v!r}")
        return v

    return check


def _iso(v: Any) -> Any:
    return None if v is None else v.isoformat()


def _decimal_in(v: Any) -> Decimal | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise ValueError(f"bukan bilangan desimal: {v!r}")
    try:
        dec = Decimal(v)
    except InvalidOperation as exc:
        raise ValueError(f"bukan bilangan desimal: {v!r}") from exc
    if not dec.is_finite():
        raise ValueError(f"bukan bilangan desimal: {v!r}")
    return dec


def _datetime_in(v: Any) -> datetime | None:
    if v is None:
        return None
    moment = datetime.fromisoformat(v) if isinstance(v, str) else None
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"bukan waktu UTC: {v!r}")
    return moment


def _date_in(v: Any) -> date | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise ValueError(f"bukan tanggal: {v!r}")
    return date.fromisoformat(v)


def codec(column_type: Any) -> Codec:
    """(encode, decode) for a column of ``column_type``; TypeError for a type the archive
    does not know (a new column type must be taught here, not written by guesswork)."""
    if isinstance(column_type, ExactDecimal):
        return (lambda v: None if v is None else str(v)), _decimal_in
    if isinstance(column_type, UtcDateTime):
        return _iso, _datetime_in
    if isinstance(column_type, Date):
        return _iso, _date_in
    if isinstance(column_type, JSON):
        return _same, _same
    if isinstance(column_type, Boolean):
        return _same, _typed(bool, "benar/salah")
    if isinstance(column_type, Integer):
        return _same, _typed(int, "bilangan bulat")
    if isinstance(column_type, String):
        return _same, _typed(str, "teks")
    raise TypeError(f"no archive encoding for column type {column_type!r}")


# --- writing ------------------------------------------------------------------------------


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one consistent moment of the record while others write on.

    PostgreSQL: one REPEATABLE READ, READ ONLY transaction. SQLite: a copy made with
    SQLite's online backup (a read on the live file would see each statement's own moment).
    """
    if engine.dialect.name != "sqlite":
        conn = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with conn, conn.begin():
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield conn
        return
    with tempfile.TemporaryDirectory(prefix="lakip-cadangan-") as tmp:
        copy = Path(tmp) / "snapshot.db"
        raw = engine.raw_connection()
        try:
            target = sqlite3.connect(copy)
            try:
                raw.driver_connection.backup(target)  # type: ignore[union-attr]
            finally:
                target.close()
        finally:
            raw.close()
        snap = create_engine(f"sqlite:///{copy}")
        try:
            with snap.connect() as conn:
                yield conn
        finally:
            snap.dispose()


def _revision(conn: Connection) -> str:
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    if row is None:
        raise ArchiveError("Basis data belum memiliki skema; jalankan `python -m lakip init`.")
    return str(row[0])


def _write_table(conn: Connection, table: Table, out: IO[bytes]) -> TableEntry:
    columns = list(table.columns)
    encoders = [codec(c.type)[0] for c in columns]
    digest = hashlib.sha256()

    def emit(value: Any) -> None:
        line = (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        digest.update(line)
        out.write(line)

    emit([c.name for c in columns])
    n = 0
    order = list(table.primary_key.columns)
    result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    for row in result:
        emit([enc(v) for enc, v in zip(encoders, row, strict=True)])
        n += 1
    return TableEntry(n, digest.hexdigest())


def write_archive(engine: Engine, files: FileStore, out: Path, *, dibuat: datetime) -> Manifest:
    """Write the whole record to ``out`` (a new file; written under a temporary name and
    renamed, so a reader never sees half an archive). Raises ArchiveError when a file the
    record names is missing from the store."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            with _snapshot(engine) as conn:
                skema = _revision(conn)
                entries: dict[str, TableEntry] = {}
                for table in tables():
                    name = f"{TABLES_DIR}{table.name}.jsonl"
                    with zf.open(zipfile.ZipInfo(name, _FIXED_TIME), "w", force_zip64=True) as fh:
                        entries[table.name] = _write_table(conn, table, fh)
                named = set(conn.scalars(select(Base.metadata.tables["berkas"].c.sha256)))
            missing = sorted(sha for sha in named if not files.exists(sha))
            if missing:
                shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
                raise ArchiveError(
                    f"{len(missing)} berkas yang tercatat tidak ada di penyimpanan berkas "
                    f"({files.root}): {shown}. Cadangan tidak dibuat."
                )
            stored: dict[str, int] = {}
            for sha in files.hashes():
                info = zipfile.ZipInfo(f"{FILES_DIR}{sha}", _FIXED_TIME)
                info.compress_type = zipfile.ZIP_STORED  # xlsx and pdf are compressed already
                with (
                    files.path_for(sha).open("rb") as src,
                    zf.open(info, "w", force_zip64=True) as dst,
                ):
                    stored[sha] = _copy(src, dst)
            manifest = Manifest(skema, dibuat.isoformat(), engine.dialect.name, entries, stored)
            info = zipfile.ZipInfo(MANIFEST, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, json.dumps(manifest.to_json(), ensure_ascii=False, indent=1))
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest


def _copy(src: IO[bytes], dst: IO[bytes]) -> int:
    n = 0
    while chunk := src.read(_CHUNK):
        dst.write(chunk)
        n += len(chunk)
    return n


# --- reading ------------------------------------------------------------------------------

_DAMAGED: Final = "Arsip cadangan rusak atau bukan arsip lakip"


def _manifest(zf: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        raw = json.loads(zf.read(MANIFEST))
    except KeyError as exc:
        raise ArchiveError(f"{_DAMAGED}: {path.name} tidak memuat {MANIFEST}.") from exc
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{_DAMAGED}: {MANIFEST} tidak terbaca ({exc}).") from exc
    try:
        if raw["format"] != FORMAT:
            raise ArchiveError(f"{_DAMAGED}: format {raw['format']!r}, diharapkan {FORMAT!r}.")
        if raw["versi_format"] != FORMAT_VERSION:
            raise ArchiveError(
                f"Arsip cadangan versi format {raw['versi_format']}; lakip ini membaca versi "
                f"{FORMAT_VERSION}."
            )
        tabel = {
            str(k): TableEntry(int(v["baris"]), str(v["sha256"])) for k, v in raw["tabel"].items()
        }
        berkas = {str(k): int(v) for k, v in raw["berkas"].items()}
        return Manifest(str(raw["skema"]), str(raw["dibuat"]), str(raw["sumber"]), tabel, berkas)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError(f"{_DAMAGED}: isi {MANIFEST} tidak lengkap ({exc}).") from exc


@contextmanager
def _open(path: Path) -> Iterator[zipfile.ZipFile]:
    if not path.is_file():
        raise ArchiveError(f"Arsip cadangan '{path}' tidak ditemukan.")
    try:
        with zipfile.ZipFile(path) as zf:
            yield zf
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"{_DAMAGED}: {path.name} bukan berkas zip yang utuh ({exc}).") from exc


def _rows(zf: zipfile.ZipFile, table: Table, entry: TableEntry) -> Iterator[dict[str, Any]]:
    """The table's rows as column → value, decoded and checked; the last step checks the
    file's count and SHA-256 against the manifest."""
    name = f"{TABLES_DIR}{table.name}.jsonl"
    columns = {c.name: codec(c.type)[1] for c in table.columns}
    digest = hashlib.sha256()
    n = 0
    try:
        with zf.open(name) as fh:
            header: list[str] | None = None
            for number, line in enumerate(fh, start=1):
                digest.update(line)
                try:
                    values = json.loads(line)
                except ValueError as exc:
                    raise ArchiveError(f"{_DAMAGED}: {name} baris {number} tidak terbaca.") from exc
                if header is None:
                    if not isinstance(values, list) or sorted(map(str, values)) != sorted(columns):
                        raise ArchiveError(
                            f"{_DAMAGED}: kolom tabel {table.name} di arsip ({values}) tidak "
                            f"sesuai dengan skema ({', '.join(columns)})."
                        )
                    header = values
                    continue
                if not isinstance(values, list) or len(values) != len(header):
                    raise ArchiveError(f"{_DAMAGED}: {name} baris {number} tidak lengkap.")
                row: dict[str, Any] = {}
                for column, value in zip(header, values, strict=True):
                    try:
                        row[column] = columns[column](value)
                    except ValueError as exc:
                        raise ArchiveError(
                            f"{_DAMAGED}: {name} baris {number}, kolom {column}: {exc}."
                        ) from exc
                n += 1
                yield row
    except KeyError as exc:
        raise ArchiveError(f"{_DAMAGED}: tabel {table.name} tidak ada di arsip.") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ArchiveError(f"{_DAMAGED}: {name} tidak terbaca ({exc}).") from exc
    if n != entry.baris or digest.hexdigest() != entry.sha256:
        raise ArchiveError(
            f"{_DAMAGED}: tabel {table.name} berisi {n} baris, manifest mencatat {entry.baris} "
            "(atau isinya berubah)."
        )


def _file_members(zf: zipfile.ZipFile, manifest: Manifest) -> list[zipfile.ZipInfo]:
    members = [i for i in zf.infolist() if i.filename.startswith(FILES_DIR)]
    names = {i.filename[len(FILES_DIR) :] for i in members}
    if len(names) != len(members) or names != set(manifest.berkas):
        raise ArchiveError(
            f"{_DAMAGED}: berkas di arsip ({len(members)}) tidak sama dengan manifest "
            f"({len(manifest.berkas)})."
        )
    return members


def read_archive(path: Path, *, skema: str) -> Manifest:
    """Check the whole archive at ``path`` without writing anything: its manifest, that it
    was taken at schema ``skema``, every table's rows and every file's bytes. Returns the
    manifest; raises ArchiveError naming the first thing wrong."""
    with _open(path) as zf:
        manifest = _manifest(zf, path)
        if manifest.skema != skema:
            raise ArchiveError(
                f"Arsip cadangan diambil pada skema basis data {manifest.skema}; lakip ini "
                f"memakai skema {skema}. Pulihkan dengan versi lakip yang membuatnya, lalu "
                "perbarui."
            )
        known = {t.name for t in tables()}
        if set(manifest.tabel) != known:
            raise ArchiveError(f"{_DAMAGED}: daftar tabel tidak sesuai dengan skema.")
        for table in tables():
            for _row in _rows(zf, table, manifest.tabel[table.name]):
                pass
        for info in _file_members(zf, manifest):
            sha = info.filename[len(FILES_DIR) :]
            digest = hashlib.sha256()
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        digest.update(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ArchiveError(f"{_DAMAGED}: berkas {sha} tidak terbaca ({exc}).") from exc
            if digest.hexdigest() != sha or info.file_size != manifest.berkas[sha]:
                raise ArchiveError(f"{_DAMAGED}: isi berkas {sha} tidak sesuai dengan namanya.")
    return manifest


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself (a unit's parent unit), each after its parent."""
    refs = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not refs:
        return rows
    key = refs[0].column.name
    col = refs[0].parent.name
    by_key = {r[key]: r for r in rows}
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []

    def place(row: dict[str, Any], trail: frozenset[Any]) -> None:
        if row[key] in placed:
            return
        parent = by_key.get(row[col])
        if parent is not None and parent[key] not in trail:
            place(parent, trail | {row[key]})
        placed.add(row[key])
        ordered.append(row)

    for row in rows:
        place(row, frozenset({row[key]}))
    return ordered


def put_files(files: FileStore, path: Path, manifest: Manifest) -> list[str]:
    """Copy the archive's files into ``files``; returns the hashes it added. If it fails
    midway it removes what it added before raising."""
    stored: list[str] = []
    try:
        with _open(path) as zf:
            for info in _file_members(zf, manifest):
                sha = info.filename[len(FILES_DIR) :]
                if files.exists(sha):
                    continue
                got = files.put(zf.read(info))
                if got != sha:  # read_archive checked it; a member changed since
                    files.discard(got)
                    raise ArchiveError(f"{_DAMAGED}: isi berkas {sha} tidak sesuai dengan namanya.")
                stored.append(sha)
    except BaseException:
        for sha in stored:
            files.discard(sha)
        raise
    return stored


def load_rows(session: Session, path: Path, manifest: Manifest) -> None:
    """Insert the archive's rows into ``session`` (the caller's one transaction, which it
    commits; the caller checked the target empty)."""
    with _open(path) as zf:
        for table in tables():
            rows = _parents_first(table, list(_rows(zf, table, manifest.tabel[table.name])))
            for start in range(0, len(rows), BATCH):
                session.execute(table.insert(), rows[start : start + BATCH])
    if session.get_bind().dialect.name == "postgresql":
        _advance_sequences(session)


def _advance_sequences(session: Session) -> None:
    """Rows came with their ids: move each id sequence past them, or the next insert
    would collide with a restored row."""
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        seq = session.execute(
            select(func.pg_get_serial_sequence(table.name, pk[0].name))
        ).scalar_one()
        if seq is None:
            continue
        top = session.execute(select(func.max(pk[0]))).scalar_one()
        session.execute(select(func.setval(seq, top or 1, top is not None)))
