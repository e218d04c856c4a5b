"""``python -m lakip backup --out FILE`` and ``restore FILE`` (FORMATS.md): an archive of the
whole record restores on either database — SQLite into PostgreSQL and back — with every row,
every stored file byte for byte, and the same ``capaian`` and ``rekap``; a non-empty target or
a damaged archive is refused with exit 2 and nothing changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from lakip.config import load_settings
from lakip.services import backup
from lakip.services.access import SISTEM
from lakip.services.demo import seed_demo
from lakip.services.errors import LakipError
from lakip.services.runtime import Runtime, build_runtime
from lakip.store import archive
from tests.integration.helpers import cli_env, snapshot

PERIODS = ("TW1", "TW3", "S1", "SD3", "TAHUN")
PAGES = (("2024", "4"), ("2025", "2"), ("2025", "3"))


def lakip(data: Path, url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = cli_env(data)
    if url:
        env["LAKIP_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "lakip", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def figures(data: Path, url: str | None) -> dict[str, object]:
    """What ``capaian`` and ``rekap`` print, for every period the demo has."""
    out: dict[str, object] = {}
    for tahun in ("2024", "2025"):
        for periode in PERIODS:
            proc = lakip(data, url, "capaian", "--tahun", tahun, "--periode", periode, "--json")
            assert proc.returncode == 0, proc.stderr
            out[f"capaian {tahun} {periode}"] = json.loads(proc.stdout)
    for tahun, tw in PAGES:
        proc = lakip(data, url, "rekap", "--tahun", tahun, "--triwulan", tw, "--json")
        assert proc.returncode == 0, proc.stderr
        out[f"rekap {tahun} {tw}"] = json.loads(proc.stdout)
    return out


def runtime(data: Path, url: str | None) -> Runtime:
    env = {"LAKIP_DATA_DIR": str(data)}
    if url:
        env["LAKIP_DATABASE_URL"] = url
    return build_runtime(load_settings(env))


def record(
    data: Path, url: str | None
) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, bytes]]:
    """Every row of every table and every stored file's bytes."""
    rt = runtime(data, url)
    try:
        rows = snapshot(rt)
        files = {sha: rt.files.get(sha) for sha in rt.files.hashes()}
    finally:
        rt.engine.dispose()
    return rows, files


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo agency on SQLite, with a built report among its files."""
    data = tmp_path_factory.mktemp("demo") / "data"
    rt = runtime(data, None)
    seed_demo(rt)
    rt.engine.dispose()
    out = data.parent / "laporan"
    proc = lakip(data, None, "build-report", "--jenis", "triwulan", "--tahun", "2025",
                 "--periode", "TW2", "--out", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return data


@pytest.fixture(scope="module")
def demo_archive(demo: Path) -> Path:
    out = demo.parent / "cadangan.zip"
    proc = lakip(demo, None, "backup", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Cadangan ditulis: {out} (")
    return out


def test_an_archive_moves_the_agency_from_sqlite_to_postgresql_and_back(
    demo: Path, demo_archive: Path, postgres_url: str, tmp_path: Path
) -> None:
    pg = postgres_url
    before = figures(demo, None)
    rows, files = record(demo, None)
    assert len(files) > 10 and rows["realisasi"] and rows["laporan_versi"]

    # SQLite → PostgreSQL, into a fresh database and data dir (after `init`, as a server starts).
    server = tmp_path / "server"
    assert lakip(server, pg, "init").returncode == 0
    proc = lakip(server, pg, "restore", str(demo_archive))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Dipulihkan dari {demo_archive}: 29 tabel, ")
    assert figures(server, pg) == before
    assert record(server, pg) == (rows, files)

    # The server goes on: new rows get fresh ids (the id sequences moved past the restored).
    proc = lakip(server, pg, "create-user", "--username", "operator", "--nama", "Operator Baru",
                 "--peran", "Admin", "--password", "Kunci-Server-2025!")  # fmt: skip
    assert proc.returncode == 0, proc.stderr

    # PostgreSQL → SQLite: the archive of the server restores on one machine again.
    again = tmp_path / "kembali.zip"
    assert lakip(server, pg, "backup", "--out", str(again)).returncode == 0
    laptop = tmp_path / "laptop"
    proc = lakip(laptop, None, "restore", str(again))
    assert proc.returncode == 0, proc.stderr
    assert figures(laptop, None) == before
    back_rows, back_files = record(laptop, None)
    assert back_files == files
    assert [r for r in back_rows["pengguna"] if "operator" in r] != []
    assert {k: v for k, v in back_rows.items() if k not in ("pengguna", "log_audit")} == {
        k: v for k, v in rows.items() if k not in ("pengguna", "log_audit")
    }


def _target(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, str | None]:
    data = tmp_path / f"target-{kind}"
    url = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    assert lakip(data, url, "init").returncode == 0
    return data, url


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str | None]]:
    yield _target(request.param, tmp_path, request)


def test_a_target_that_holds_data_is_refused_and_kept(
    target: tuple[Path, str | None], demo_archive: Path, tmp_path: Path
) -> None:
    data, url = target
    proc = lakip(data, url, "create-user", "--username", "ada", "--nama", "Sudah Ada",
                 "--peran", "Admin", "--password", "Kunci-Lokal-2025!")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    kept = record(data, url)
    proc = lakip(data, url, "restore", str(demo_archive))
    assert proc.returncode == 2
    assert "Pemulihan ditolak: tujuan tidak kosong (data di tabel pengguna)" in proc.stderr
    assert record(data, url) == kept


def test_a_stored_file_alone_makes_the_target_not_empty(
    target: tuple[Path, str | None], demo_archive: Path
) -> None:
    data, url = target
    rt = runtime(data, url)
    rt.files.put(b"berkas yang sudah ada")
    rt.engine.dispose()
    proc = lakip(data, url, "restore", str(demo_archive))
    assert proc.returncode == 2
    assert "tujuan tidak kosong (berkas di" in proc.stderr


def _rewrite(src: Path, dst: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with members replaced (bytes) or left out (None)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                data = change[info.filename]
                if data is not None:
                    zout.writestr(info, data)
                continue
            zout.writestr(info, zin.read(info))
    return dst


def _damaged(kind: str, good: Path, tmp_path: Path) -> Path:
    out = tmp_path / f"rusak-{kind}.zip"
    raw = good.read_bytes()
    with zipfile.ZipFile(good) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read(archive.MANIFEST))
        realisasi = zf.read("tabel/realisasi.jsonl")
    some_file = next(n for n in names if n.startswith(archive.FILES_DIR))
    if kind == "terpotong":
        out.write_bytes(raw[: len(raw) // 2])
    elif kind == "bukan-zip":
        out.write_bytes(b"PK\x03\x04 ini bukan arsip")
    elif kind == "tanpa-manifest":
        _rewrite(good, out, {archive.MANIFEST: None})
    elif kind == "baris-diubah":  # a figure changed after the backup: the table's hash differs
        lines = realisasi.splitlines(keepends=True)
        _rewrite(good, out, {"tabel/realisasi.jsonl": b"".join(lines[:-1])})
    elif kind == "berkas-diubah":  # a stored upload's bytes changed: its name no longer fits
        _rewrite(good, out, {some_file: b"isi lain"})
    elif kind == "berkas-hilang":
        _rewrite(good, out, {some_file: None})
    elif kind == "skema-lain":
        manifest["skema"] = "9999"
        _rewrite(good, out, {archive.MANIFEST: json.dumps(manifest).encode()})
    elif kind == "byte-dibalik":  # one bit flipped in the middle of the zip: its CRC catches it
        middle = len(raw) // 3
        out.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0x40]) + raw[middle + 1 :])
    else:  # pragma: no cover
        raise AssertionError(kind)
    return out


DAMAGE = ("terpotong", "bukan-zip", "tanpa-manifest", "baris-diubah", "berkas-diubah",
          "berkas-hilang", "skema-lain", "byte-dibalik")  # fmt: skip


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_archive_is_refused_and_changes_nothing(
    kind: str, demo_archive: Path, tmp_path: Path
) -> None:
    data = tmp_path / "target"
    assert lakip(data, None, "init").returncode == 0
    empty = record(data, None)
    proc = lakip(data, None, "restore", str(_damaged(kind, demo_archive, tmp_path)))
    assert proc.returncode == 2, (kind, proc.stdout)
    expected = "skema basis data 9999" if kind == "skema-lain" else "Arsip cadangan rusak"
    assert expected in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert record(data, None) == empty
    # The same target then takes the good archive.
    assert lakip(data, None, "restore", str(demo_archive)).returncode == 0


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_damaged_archive_changes_nothing_on_either_database(
    kind: str, demo_archive: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data, url = _target(kind, tmp_path, request)
    empty = record(data, url)
    proc = lakip(data, url, "restore", str(_damaged("baris-diubah", demo_archive, tmp_path)))
    assert proc.returncode == 2
    assert "tabel realisasi" in proc.stderr
    assert record(data, url) == empty


def test_a_restore_that_fails_while_loading_leaves_no_row_and_no_file(
    demo_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = runtime(tmp_path / "target", None)
    empty = snapshot(rt)
    real = archive.load_rows

    def load_then_fail(session: object, path: Path, manifest: archive.Manifest) -> None:
        real(session, path, manifest)  # type: ignore[arg-type]
        raise archive.ArchiveError("basis data penuh (uji)")

    monkeypatch.setattr(backup, "load_rows", load_then_fail)
    with pytest.raises(
        LakipError, match="Pemulihan gagal, tidak ada yang diubah: basis data penuh"
    ):
        backup.restore(rt, SISTEM, demo_archive)
    assert snapshot(rt) == empty
    assert rt.files.hashes() == []
    rt.engine.dispose()


def test_backup_never_overwrites_a_file(demo: Path, demo_archive: Path, tmp_path: Path) -> None:
    existing = tmp_path / "lama.zip"
    shutil.copy(demo_archive, existing)
    proc = lakip(demo, None, "backup", "--out", str(existing))
    assert proc.returncode == 2
    assert "sudah ada" in proc.stderr
    assert existing.read_bytes() == demo_archive.read_bytes()


def test_backup_refuses_when_a_recorded_file_is_missing(demo: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo, data)
    rt = runtime(data, None)
    victim = rt.files.hashes()[0]
    rt.engine.dispose()
    rt.files.path_for(victim).unlink()
    out = tmp_path / "cadangan.zip"
    proc = lakip(data, None, "backup", "--out", str(out))
    assert proc.returncode == 2
    assert "1 berkas yang tercatat tidak ada di penyimpanan berkas" in proc.stderr
    assert victim in proc.stderr
    assert not out.exists() and not list(tmp_path.glob(".cadangan.zip*"))


def test_every_column_type_of_the_record_has_an_archive_encoding() -> None:
    for table in archive.tables():
        for column in table.columns:
            archive.codec(column.type)  # raises TypeError for a type the archive cannot carry


def test_the_archive_refuses_a_value_of_the_wrong_type() -> None:
    tables = {t.name: t for t in archive.tables()}
    decode = {c.name: archive.codec(c.type)[1] for c in tables["realisasi"].columns}
    assert decode["nilai"]("97.5") == Decimal("97.5")
    for column, value in (("nilai", 97.5), ("nilai", "NaN"), ("id", True), ("id", "7")):
        with pytest.raises(ValueError):
            decode[column](value)
    decode_unit = {c.name: archive.codec(c.type)[1] for c in tables["unit"].columns}
    with pytest.raises(ValueError):
        decode_unit["aktif"](1)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_taken_while_uploads_go_on_is_one_moment_of_the_record(
    kind: str, demo: Path, demo_archive: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The web app keeps taking uploads while the backup reads: the archive holds each upload
    whole or not at all (its version, its realization rows, its file), and restores into
    PostgreSQL, whose foreign keys would refuse half of one."""
    import threading
    import time

    from lakip.services.history import list_versions
    from lakip.services.submissions import submit_quarter
    from lakip.services.templates import template_for
    from tests.integration.helpers import fill_template, indicator_codes

    data = tmp_path / "data"
    url: str | None = None
    if kind == "sqlite":
        shutil.copytree(demo, data)
    else:
        url = request.getfixturevalue("postgres_url")
        assert lakip(data, url, "restore", str(demo_archive)).returncode == 0
    rt = runtime(data, url)
    unit = "BID-DAFDUK"
    _name, template = template_for(rt, SISTEM, unit, 2025, 3)
    codes = indicator_codes(template)
    stop = threading.Event()
    sent: list[int] = []

    def keep_uploading() -> None:
        while not stop.is_set():
            n = len(sent) + 1  # version n fills n % len(codes) + 1 indicators
            filled = fill_template(template, {c: 10 + n for c in codes[: n % len(codes) + 1]})
            sent.append(submit_quarter(rt, SISTEM, filled, f"ulang-{n}.xlsx").nomor)

    writer = threading.Thread(target=keep_uploading)
    writer.start()
    out = tmp_path / "selagi-jalan.zip"
    try:
        while len(sent) < 2:
            time.sleep(0.02)
        backup.backup(rt, SISTEM, out)
        during = len(sent)
        while len(sent) < during + 2:  # uploads went on after the backup too
            time.sleep(0.02)
    finally:
        stop.set()
        writer.join()
    source = {v.nomor: v for v in list_versions(rt, SISTEM, unit, 2025, 3)}
    rt.engine.dispose()

    target = tmp_path / "pulih"
    pg = request.getfixturevalue("postgres_url") if kind == "sqlite" else None
    proc = lakip(target, pg, "restore", str(out))
    assert proc.returncode == 0, proc.stderr
    restored = runtime(target, pg)
    try:
        versions = list_versions(restored, SISTEM, unit, 2025, 3)
        assert 2 <= len(versions) < len(source)
        numbers = sorted(v.nomor for v in versions)
        assert numbers == list(range(1, len(versions) + 1))  # a prefix of the uploads, no gap
        for v in versions:  # each whole: every realization row and the file came with it
            assert v.jumlah_realisasi == source[v.nomor].jumlah_realisasi
            assert restored.files.get(v.berkas_sha256) == rt.files.get(v.berkas_sha256)
    finally:
        restored.engine.dispose()
