"""The LKjIP's analysis edited by people: an edited paragraph replaces its draft in the built
report and stays across rebuilds; an empty text puts the draft back; every edit is kept; bad
input is refused with a message and stores nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lakip.reports.analysis import key_sasaran
from lakip.services import report_analysis, report_builds
from lakip.services.access import SISTEM
from lakip.services.demo import seed_demo
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import AnalisisLaporan, LaporanVersi
from tests.integration.test_report_builds import _pdf_text

EDITED = (
    "Capaian sasaran ini ditopang pelayanan jemput bola ke desa-desa; tahun depan layanan "
    "keliling ditambah dua kecamatan."
)


@pytest.fixture
def demo(rt: Runtime) -> Runtime:
    seed_demo(rt)
    return rt


def _build(rt: Runtime) -> tuple[str, list[str]]:
    built = report_builds.compose_report(rt, SISTEM, "tahunan", 2025, None)
    with rt.uow() as s:
        v = s.get_one(LaporanVersi, built.laporan_versi_id)
        kekurangan = list(v.kekurangan or [])
    # Justified paragraphs hyphenate: "pela- yanan" is read back as "pelayanan".
    text = _pdf_text(rt.files.get(built.pdf_sha256)).replace("- ", "")
    return text, kekurangan


def test_an_edited_paragraph_replaces_its_draft_and_survives_rebuilds(demo: Runtime) -> None:
    rt = demo
    paragraphs = report_analysis.annual_analysis(rt, SISTEM, 2025)
    first = paragraphs[0]
    assert first.kunci.startswith("sasaran:") and first.teks is None
    assert any(p.kunci.startswith("indikator:") for p in paragraphs)  # missed indicators
    draft_opening = " ".join(first.draf.split()[:8])
    text, kekurangan = _build(rt)
    assert draft_opening in text
    assert any(first.kunci.split(":")[1] in k and "draf otomatis" in k for k in kekurangan)

    assert report_analysis.save_analysis(rt, SISTEM, 2025, first.kunci, f"  {EDITED}\n")
    assert not report_analysis.save_analysis(rt, SISTEM, 2025, first.kunci, EDITED)  # unchanged
    again = report_analysis.annual_analysis(rt, SISTEM, 2025)[0]
    assert (again.teks, again.dicetak, again.draf) == (EDITED, EDITED, first.draf)

    for _build_no in (2, 3):  # kept across rebuilds
        text, kekurangan = _build(rt)
        assert EDITED in text and draft_opening not in text
        code = first.kunci.split(":")[1]
        assert not any(re.search(rf"sasaran {code}\b", k) for k in kekurangan)

    assert report_analysis.save_analysis(rt, SISTEM, 2025, first.kunci, "")  # the draft back
    text, _ = _build(rt)
    assert draft_opening in text and EDITED not in text
    with rt.uow() as s:
        kept = s.scalars(
            select(AnalisisLaporan.teks)
            .where(AnalisisLaporan.kunci == first.kunci)
            .order_by(AnalisisLaporan.id)
        ).all()
    assert kept == [EDITED, ""]  # every edit is kept, none overwritten


def test_bad_edits_are_refused_and_store_nothing(demo: Runtime) -> None:
    rt = demo
    with pytest.raises(InputTidakValid, match="'sasaran:SS-99' tidak dikenal"):
        report_analysis.save_analysis(rt, SISTEM, 2025, key_sasaran("SS-99"), "Teks.")
    with pytest.raises(InputTidakValid, match="'catatan:x' tidak dikenal"):
        report_analysis.save_analysis(rt, SISTEM, 2025, "catatan:x", "Teks.")
    kunci = report_analysis.annual_analysis(rt, SISTEM, 2025)[0].kunci
    with pytest.raises(InputTidakValid, match="terlalu panjang: 4001 karakter, paling banyak 4000"):
        report_analysis.save_analysis(rt, SISTEM, 2025, kunci, "x" * 4001)
    with pytest.raises(InputTidakValid, match="Tahun harus antara"):
        report_analysis.save_analysis(rt, SISTEM, 1800, kunci, "Teks.")
    with rt.uow() as s:
        assert s.scalar(select(func.count()).select_from(AnalisisLaporan)) == 0
