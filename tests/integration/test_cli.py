"""The command line keeps FORMATS.md's contract: commands, exit codes, stderr lines, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.plans import INDIKATOR, SHEETS, workbook
from tests.integration.helpers import cli_env


def lakip(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lakip", *args],
        env=cli_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    assert lakip(d, "init").returncode == 0
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(workbook(SHEETS))
    proc = lakip(d, "import-plan", str(plan))
    assert proc.returncode == 0, proc.stderr
    assert "Indikator: 5 dibuat" in proc.stdout
    return d


def test_init_creates_the_database_and_is_repeatable(tmp_path: Path) -> None:
    d = tmp_path / "fresh"
    assert lakip(d, "init").returncode == 0
    assert (d / "lakip.db").is_file()
    assert lakip(d, "init").returncode == 0


def test_import_plan_again_updates_by_code(data_dir: Path, tmp_path: Path) -> None:
    renamed = [list(r) for r in INDIKATOR]
    renamed[1][1] = "Jumlah akta pencatatan sipil diterbitkan"
    plan = tmp_path / "plan2.xlsx"
    plan.write_bytes(workbook({"Indikator": renamed}))
    proc = lakip(data_dir, "import-plan", str(plan))
    assert proc.returncode == 0, proc.stderr
    assert "Indikator: 5 diperbarui" in proc.stdout


def test_rejected_plan_exits_2_with_one_error_per_line(data_dir: Path, tmp_path: Path) -> None:
    bad = [list(r) for r in INDIKATOR]
    bad[1][2] = "SS-99"  # unknown objective
    bad[2][4] = "Naik"  # not a polarity
    plan = tmp_path / "bad.xlsx"
    plan.write_bytes(workbook({"Indikator": bad}))
    proc = lakip(data_dir, "import-plan", str(plan))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) >= 2
    assert any("Indikator!C3" in line and "SS-99" in line for line in lines)
    assert any("Indikator!E4" in line and "Naik" in line for line in lines)


def test_import_quarter_rejects_bad_input_with_exit_2(data_dir: Path, tmp_path: Path) -> None:
    junk = tmp_path / "bukan.xlsx"
    junk.write_text("ini bukan excel")
    proc = lakip(data_dir, "import-quarter", str(junk))
    assert proc.returncode == 2
    assert ".xlsx" in proc.stderr


def test_template_unknown_unit_or_year_exits_2(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    proc = lakip(
        data_dir,
        "template",
        "--unit",
        "NOPE",
        "--tahun",
        "2025",
        "--triwulan",
        "1",
        "--out",
        str(out),
    )
    assert proc.returncode == 2 and "NOPE" in proc.stderr
    proc = lakip(
        data_dir,
        "template",
        "--unit",
        "BID-A",
        "--tahun",
        "2031",
        "--triwulan",
        "1",
        "--out",
        str(out),
    )
    assert proc.returncode == 2 and "2031" in proc.stderr
    assert not out.exists()


def test_template_then_import_quarter_without_edits(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    proc = lakip(
        data_dir,
        "template",
        "--unit",
        "BID-A",
        "--tahun",
        "2025",
        "--triwulan",
        "2",
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    proc = lakip(data_dir, "import-quarter", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "versi 1" in proc.stdout
    # Every realization is empty: each is a warning (4 indicators, 1 sub kegiatan), none an error.
    assert proc.stderr.count("Peringatan") == 5
    assert "Realisasi Anggaran!D6" in proc.stderr


def test_capaian_json_lists_every_indicator_with_nulls(data_dir: Path) -> None:
    proc = lakip(data_dir, "capaian", "--tahun", "2025", "--periode", "s1", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"tahun", "periode", "indikator", "sasaran"}
    assert out["periode"] == "S1"
    assert [i["kode"] for i in out["indikator"]] == [
        "IKU-01",
        "IKU-02",
        "IKU-03",
        "IKU-04",
        "IKU-05",
    ]
    first = out["indikator"][0]
    assert first == {
        "kode": "IKU-01",
        "target": 450.0,
        "realisasi": None,
        "capaian": None,
        "predikat": None,
    }
    assert out["sasaran"] == [
        {"kode": "SS-01", "capaian": None, "predikat": None},
        {"kode": "SS-02", "capaian": None, "predikat": None},
    ]


@pytest.mark.parametrize("periode", ["TW5", "S3", "Q1", ""])
def test_capaian_bad_period_exits_2(data_dir: Path, periode: str) -> None:
    proc = lakip(data_dir, "capaian", "--tahun", "2025", "--periode", periode, "--json")
    assert proc.returncode == 2
    assert "Periode" in proc.stderr
    assert proc.stdout == ""


def test_capaian_bad_year_argument_exits_2(data_dir: Path) -> None:
    proc = lakip(data_dir, "capaian", "--tahun", "dua ribu", "--periode", "TW1", "--json")
    assert proc.returncode == 2


def test_create_user_makes_the_first_admin_and_rejects_bad_input(data_dir: Path) -> None:
    ok = lakip(
        data_dir,
        "create-user",
        "--username",
        "admin",
        "--nama",
        "Admin Dinas",
        "--peran",
        "Admin",
        "--password",
        "Sandi-Pertama-Kuat-1",
    )
    assert ok.returncode == 0, ok.stderr
    assert "admin (Admin)" in ok.stdout
    again = lakip(
        data_dir,
        "create-user",
        "--username",
        "admin",
        "--nama",
        "Lagi",
        "--password",
        "Sandi-Pertama-Kuat-1",
    )
    assert again.returncode == 2 and "admin" in again.stderr
    weak = lakip(
        data_dir,
        "create-user",
        "--username",
        "budi",
        "--nama",
        "Budi",
        "--peran",
        "Kepala Dinas",
        "--password",
        "123",
    )
    assert weak.returncode == 2 and "10 karakter" in weak.stderr
    role = lakip(
        data_dir,
        "create-user",
        "--username",
        "sari",
        "--nama",
        "Sari",
        "--peran",
        "Raja",
        "--password",
        "Sandi-Pertama-Kuat-1",
    )
    assert role.returncode == 2 and "Peran 'Raja' tidak dikenal" in role.stderr


def test_import_quarter_takes_many_files_each_all_or_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    """FORMATS.md: the accepted files stay stored, each rejected file's errors are on stderr
    prefixed with its name, and the exit status is 2 when any was rejected."""
    from tests.integration.helpers import fill_template

    files = []
    for tw in (1, 2):
        out = tmp_path / f"tw{tw}.xlsx"
        proc = lakip(
            data_dir, "template", "--unit", "BID-A", "--tahun", "2025", "--triwulan", str(tw),
            "--out", str(out),
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        out.write_bytes(fill_template(out.read_bytes(), {"IKU-01": 100 + tw}))
        files.append(out)
    junk = tmp_path / "rusak.xlsx"
    junk.write_text("ini bukan excel")
    proc = lakip(data_dir, "import-quarter", str(files[0]), str(junk), str(files[1]))
    assert proc.returncode == 2
    assert "tw1.xlsx: diterima" in proc.stdout and "tw2.xlsx: diterima" in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if "Peringatan" not in line]
    assert errors and all(line.startswith("rusak.xlsx: ") for line in errors)
    # Both good files are stored: TW1 + TW2 of the kumulatif IKU-01 make S1's realization.
    proc = lakip(data_dir, "capaian", "--tahun", "2025", "--periode", "S1", "--json")
    row = next(i for i in json.loads(proc.stdout)["indikator"] if i["kode"] == "IKU-01")
    assert row["realisasi"] == 101 + 102
    # All accepted: exit 0, and a second upload is a new version.
    proc = lakip(data_dir, "import-quarter", str(files[0]))
    assert proc.returncode == 0 and "versi 2" in proc.stdout


def test_build_report_writes_both_files_with_the_figures_capaian_prints(tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    d = tmp_path / "demo"
    assert lakip(d, "seed-demo").returncode == 0
    out = tmp_path / "laporan"
    proc = lakip(d, "build-report", "--jenis", "semester", "--tahun", "2025", "--periode", "S1",
                 "--out", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    written = [Path(line) for line in proc.stdout.split()]
    assert [p.name for p in written] == [
        "Laporan_semester_2025_S1_v1.xlsx",
        "Laporan_semester_2025_S1_v1.pdf",
    ]
    assert written[1].read_bytes().startswith(b"%PDF")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left
    capaian = json.loads(lakip(d, "capaian", "--tahun", "2025", "--periode", "S1", "--json").stdout)
    expected = {
        i["kode"]: i["capaian"] if i["capaian"] is not None else "belum ada data"
        for i in capaian["indikator"]
    }
    ws = load_workbook(io.BytesIO(written[0].read_bytes()))["Capaian Periode"]
    got = {str(r[0]): r[6] for r in ws.iter_rows(min_row=7, values_only=True) if r[0] is not None}
    assert got == expected and any(v != "belum ada data" for v in got.values())
    # Built again: a new version beside the first.
    again = lakip(d, "build-report", "--jenis", "semester", "--tahun", "2025", "--periode", "S1",
                  "--out", str(out))  # fmt: skip
    assert again.returncode == 0 and "Laporan_semester_2025_S1_v2.pdf" in again.stdout
    assert len(list(out.iterdir())) == 4


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (["--jenis", "semester", "--periode", "TW1"], "Periode laporan semester harus"),
        (["--jenis", "mingguan", "--periode", "TW1"], "Jenis laporan harus"),
    ],
)
def test_build_report_bad_arguments_exit_2(
    data_dir: Path, tmp_path: Path, args: list[str], pesan: str
) -> None:
    out = tmp_path / "laporan"
    proc = lakip(data_dir, "build-report", "--tahun", "2025", *args, "--out", str(out))
    assert proc.returncode == 2 and pesan in proc.stderr, proc.stderr
    assert not out.exists()
