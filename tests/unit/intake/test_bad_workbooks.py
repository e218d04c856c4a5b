"""Every workbook of the bad-workbook corpus is rejected, quickly, in small memory,
with messages that name the cell or the cause."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lakip.intake.issues import WorkbookRejected
from lakip.intake.plan import parse_plan
from lakip.intake.quarter import parse_quarter_workbook
from tests.fixtures.bad_workbooks import make_corpus
from tests.fixtures.bad_workbooks.context import KNOWN, load_context

CORPUS = Path(make_corpus.__file__).parent
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
MB = 1024 * 1024


# FORMATS.md's bound for any file: rejections take milliseconds, so no loaded machine
# misses it; the figures themselves are measured in bench/.
LIMIT_SECONDS = 10.0


def importer(name: str) -> Callable[[bytes], object]:
    if name == "quarter":
        return lambda data: parse_quarter_workbook(data, load_context)
    return lambda data: parse_plan(data, KNOWN)


def reject(run: Callable[[bytes], object], data: bytes) -> tuple[str, float, int]:
    """The rejection message, the time taken and the peak of traced memory."""
    start = time.perf_counter()
    with pytest.raises(WorkbookRejected) as info:
        run(data)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookRejected):
            run(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(info.value), elapsed, peak


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file_is_rejected_with_a_clear_message(case: dict[str, object]) -> None:
    data = (CORPUS / str(case["file"])).read_bytes()
    message, elapsed, peak = reject(importer(str(case["importer"])), data)
    for expected in case["expect"]:  # type: ignore[attr-defined]
        assert expected in message, f"{expected!r} not in:\n{message}"
    assert elapsed < LIMIT_SECONDS
    assert peak < 50 * MB


def test_file_over_10_mb_is_rejected_by_size_first() -> None:
    data = make_corpus.oversize_workbook()
    assert len(data) > 10 * MB
    for name in ("quarter", "plan"):
        message, elapsed, peak = reject(importer(name), data)
        assert message.startswith("File melebihi batas 10 MB (ukuran 10 MB")
        assert elapsed < LIMIT_SECONDS
        assert peak < 50 * MB


def test_zip_bomb_is_small_on_disk_and_declares_more_than_200_mb() -> None:
    data = (CORPUS / "zip_bomb.xlsx").read_bytes()
    assert len(data) < MB
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sum(i.file_size for i in zf.infolist()) > 200 * MB


def test_corpus_covers_both_importers_and_every_file_is_listed() -> None:
    listed = {c["file"] for c in CASES}
    on_disk = {p.name for p in CORPUS.glob("*.xlsx")}
    assert listed == on_disk
    assert {c["importer"] for c in CASES} == {"quarter", "plan"}


def test_corpus_is_regenerated_identically() -> None:
    for name, data in make_corpus.build_all().items():
        assert (CORPUS / name).read_bytes() == data, f"{name} berbeda; jalankan make_corpus"
    assert (CORPUS / "cases.json").read_text(encoding="utf-8") == make_corpus.cases_json()
