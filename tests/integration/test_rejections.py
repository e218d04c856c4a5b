"""Every workbook of the bad corpus, sent through the real services on a real database:
rejected with a message naming the cell or the cause, within FORMATS.md's bound, without large memory
use, and with the database and the file store exactly as they were (compared, not assumed)."""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from lakip.services.access import SISTEM
from lakip.services.errors import InputTidakValid
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from tests.fixtures.plans import workbook
from tests.integration.helpers import snapshot

CORPUS = Path(__file__).parents[1] / "fixtures" / "bad_workbooks"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text())

# The database the corpus was written against (tests/fixtures/bad_workbooks/context.py):
# unit BID-PDD with IKU-01..03 and budget line 1.01.01, IKU-09 and 2.01.01 of another
# unit, targets for 2025 only, and the codes the plan cases may refer to.
DB_PLAN = {
    "Unit": [
        ["Kode", "Nama", "Jenis", "Induk"],
        ["DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "OPD", None],
        ["BID-PDD", "Bidang Pelayanan Pendaftaran Penduduk", "Bidang", "DISDUKCAPIL"],
        ["BID-LAIN", "Bidang Lain", "Bidang", "DISDUKCAPIL"],
    ],
    "Sasaran": [["Kode", "Sasaran Strategis"], ["SS-00", "Sasaran yang sudah ada"]],
    "Indikator": [
        ["Kode", "Indikator", "Kode Sasaran", "Satuan", "Polaritas", "Agregasi", "Kode Unit"],
        ["IKU-00", "Indikator dinas", "SS-00", "%", "Positif", "Terakhir", "DISDUKCAPIL"],
        ["IKU-01", "Jumlah akta kelahiran", "SS-00", "dokumen", "Positif", "Kumulatif", "BID-PDD"],
        ["IKU-02", "Persentase KTP-el", "SS-00", "%", "Positif", "Terakhir", "BID-PDD"],
        ["IKU-03", "Rata-rata waktu layanan", "SS-00", "hari", "Negatif", "Rata-rata", "BID-PDD"],
        ["IKU-09", "Indikator unit lain", "SS-00", "%", "Positif", "Terakhir", "BID-LAIN"],
    ],
    "Target": [["Kode Indikator", "Tahun", "Target"]]
    + [
        [k, 2025, t]
        for k, t in (
            ("IKU-00", 90),
            ("IKU-01", 400),
            ("IKU-02", 80),
            ("IKU-03", 10),
            ("IKU-09", 50),
        )
    ],
    "Rencana Aksi": [["Kode Indikator", "Tahun", "TW I", "TW II", "TW III", "TW IV"]]
    + [
        ["IKU-01", 2025, 100, 100, 100, 100],
        ["IKU-02", 2025, 60, 70, 80, 80],
        ["IKU-03", 2025, 10, 10, 10, 10],
    ],
    "Anggaran": [
        ["Kode", "Uraian", "Tingkat", "Kode Induk", "Kode Unit", "Tahun", "Pagu"],
        ["1.00", "Program dinas", "Program", None, "DISDUKCAPIL", 2025, 300_000_000],
        [
            "1.01.01",
            "Pelayanan pendaftaran penduduk",
            "Sub Kegiatan",
            "1.00",
            "BID-PDD",
            2025,
            100_000_000,
        ],
        ["2.01.01", "Kegiatan unit lain", "Sub Kegiatan", "1.00", "BID-LAIN", 2025, 50_000_000],
    ],
}


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    from tests.conftest import make_runtime

    rt = make_runtime(tmp_path_factory.mktemp("rejections") / "data")
    import_plan(rt, SISTEM, workbook(DB_PLAN), "rencana.xlsx")
    return rt


def _send(rt: Runtime, case: dict[str, Any], data: bytes) -> None:
    if case["importer"] == "quarter":
        submit_quarter(rt, SISTEM, data, case["file"])
    else:
        import_plan(rt, SISTEM, data, case["file"])


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_workbook_is_rejected_fast_and_changes_nothing(
    planned: Runtime, case: dict[str, Any]
) -> None:
    data = (CORPUS / case["file"]).read_bytes()
    before = snapshot(planned)
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(InputTidakValid) as info:
        _send(planned, case, data)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    message = str(info.value)
    for expected in case["expect"]:
        assert expected in message, f"{case['file']}: {expected!r} not in {message!r}"
    # Cell references come as structured locations, for the error table on screen.
    for ref in (e for e in case["expect"] if re.fullmatch(r"[A-Za-z ]+![A-Z]+[0-9]+", e)):
        assert any(m.lokasi == ref for m in info.value.masalah), (ref, info.value.masalah)
    # FORMATS.md: at most 100 errors listed, then one line saying how many more there are.
    assert len(info.value.masalah) <= 101
    # FORMATS.md's bound (rejections take milliseconds; bench/ measures them).
    assert elapsed < 10.0, f"{case['file']} took {elapsed:.2f} s"
    assert peak < 50 * 1024 * 1024, f"{case['file']} peaked at {peak / 1e6:.0f} MB"
    assert snapshot(planned) == before


def test_file_over_ten_megabytes_is_refused_before_parsing(planned: Runtime) -> None:
    big = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1)
    before = snapshot(planned)
    t0 = time.perf_counter()
    with pytest.raises(InputTidakValid, match="10 MB"):
        submit_quarter(planned, SISTEM, big, "besar.xlsx")
    assert time.perf_counter() - t0 < 10.0
    assert snapshot(planned) == before


def test_the_corpus_covers_every_rejection_the_issue_names() -> None:
    files = {c["file"] for c in CASES}
    for needed in (
        "zip_bomb.xlsx",
        "not_xlsx_pdf.xlsx",
        "q_formula_no_cache.xlsx",
        "q_negative_realisasi.xlsx",
        "q_duplicate_indicator.xlsx",
        "q_other_unit_indicator.xlsx",
        "q_unknown_unit.xlsx",
        "q_year_without_targets.xlsx",
        "q_wrong_quarter.xlsx",
        "q_text_point_decimal.xlsx",
    ):
        assert needed in files
