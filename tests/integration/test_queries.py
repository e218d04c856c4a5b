"""The store's shared reads (``lakip.store.queries``) on the small plan, on SQLite and
PostgreSQL: what each returns, that an older version never counts, and that the number of
SQL statements does not grow with the number of indicators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event

from lakip.domain.indicators import Agregasi, Polaritas
from lakip.services.access import SISTEM
from lakip.services.achievement import compute_capaian
from lakip.services.agency import DataInstansi, save_profile
from lakip.services.history import list_versions
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.store import queries
from lakip.store.models import Base, Unit
from tests.fixtures.plans import SHEETS, Rows, small_plan, workbook
from tests.integration.helpers import fill_template

SUB_KEGIATAN = "2.12.02.2.01.0001"


def upload(rt: Runtime, unit: str, tw: int, values: dict[str, object], **kw: Any) -> int:
    """Fill the unit's template for ``tw`` as a user does and upload it; the version id."""
    _name, template = template_for(rt, SISTEM, unit, 2025, tw)
    result = submit_quarter(rt, SISTEM, fill_template(template, values, **kw), "laporan.xlsx")
    return result.versi_id


def unit_id(rt: Runtime, kode: str) -> int:
    with rt.uow() as session:
        unit = queries.unit_by_code(session, kode)
        assert unit is not None
        return unit.id


@pytest.fixture
def small(any_rt: Runtime) -> Runtime:
    """The small plan, with TW I of BID-A reported twice (the second corrects the first),
    TW II of BID-A once (IKU-03 left empty) and TW I of BID-B once."""
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    upload(
        any_rt, "BID-A", 1, {"IKU-01": 2100, "IKU-02": 80, "IKU-03": 3}, anggaran={SUB_KEGIATAN: 5}
    )
    upload(
        any_rt,
        "BID-A",
        1,
        {"IKU-01": 210, "IKU-02": "82,5", "IKU-03": 2.5, "IKU-04": 12},
        texts={"IKU-01": {"Kendala": "blangko terlambat"}},
        anggaran={SUB_KEGIATAN: 25_000_000},
    )
    upload(any_rt, "BID-A", 2, {"IKU-01": 240, "IKU-02": 86, "IKU-04": 8})
    upload(any_rt, "BID-B", 1, {"IKU-05": 2})
    return any_rt


# --- the agency and its units ------------------------------------------------------------------


def test_agency_profile_is_none_until_set_then_the_stored_row(any_rt: Runtime) -> None:
    with any_rt.uow() as session:
        assert queries.agency_profile(session) is None
    save_profile(any_rt, SISTEM, DataInstansi(nama="Dinas Uji", pemerintah_daerah="Kabupaten Uji"))
    with any_rt.uow() as session:
        profil = queries.agency_profile(session)
        assert profil is not None
        assert (profil.nama, profil.pemerintah_daerah) == ("Dinas Uji", "Kabupaten Uji")


def test_unit_by_code_ignores_surrounding_spaces_and_knows_unknown_codes(any_rt: Runtime) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    with any_rt.uow() as session:
        unit = queries.unit_by_code(session, "  BID-A ")
        assert isinstance(unit, Unit) and unit.nama == "Bidang Pelayanan A"
        assert queries.unit_by_code(session, "BID-X") is None


def test_unit_has_plan_for_a_target_or_a_budget_line_of_that_year(any_rt: Runtime) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    a, b, sekre = unit_id(any_rt, "BID-A"), unit_id(any_rt, "BID-B"), unit_id(any_rt, "SEKRE")
    with any_rt.uow() as session:
        assert queries.unit_has_plan(session, a, 2025)
        assert queries.unit_has_plan(session, b, 2025)  # IKU-05, target 0
        assert not queries.unit_has_plan(session, sekre, 2025)  # no indicator, no budget line
        assert not queries.unit_has_plan(session, a, 2026)


# --- the plan -------------------------------------------------------------------------------------


def test_indicators_with_targets_give_the_pk_and_rencana_aksi_targets(any_rt: Runtime) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    with any_rt.uow() as session:
        plan = queries.indicators_with_targets(session, 2025)
    assert [i.kode for i in plan] == ["IKU-01", "IKU-02", "IKU-03", "IKU-04", "IKU-05"]
    first = plan[0]
    assert (first.polaritas, first.agregasi) == (Polaritas.POSITIF, Agregasi.KUMULATIF)
    assert (first.kode_unit, first.nama_unit, first.kode_sasaran) == (
        "BID-A",
        "Bidang Pelayanan A",
        "SS-01",
    )
    assert first.target_tahunan == Decimal(1000)
    assert dict(first.target_triwulan) == {1: 200, 2: 250, 3: 250, 4: 300}
    assert plan[2].polaritas is Polaritas.NEGATIF and plan[2].agregasi is Agregasi.RATA_RATA
    assert plan[4].target_tahunan == 0 and dict(plan[4].target_triwulan) == {1: 0, 2: 0, 3: 0, 4: 0}
    assert all(i.direncanakan for i in plan)


def test_indicators_with_targets_of_a_year_without_a_plan_are_not_planned(
    any_rt: Runtime,
) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    with any_rt.uow() as session:
        plan = queries.indicators_with_targets(session, 2026)
    assert len(plan) == 5
    assert all(
        i.target_tahunan is None and not i.target_triwulan and not i.direncanakan for i in plan
    )


def test_indicators_with_targets_of_some_units_only(any_rt: Runtime) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    b = unit_id(any_rt, "BID-B")
    with any_rt.uow() as session:
        assert [i.kode for i in queries.indicators_with_targets(session, 2025, unit_ids={b})] == [
            "IKU-05"
        ]
        assert queries.indicators_with_targets(session, 2025, unit_ids=set()) == []


# --- realizations -----------------------------------------------------------------------------


def test_counting_realizations_come_from_the_newest_version_only(small: Runtime) -> None:
    with small.uow() as session:
        rows = queries.counting_realizations(session, 2025)
    tw1 = {r.kode_indikator: r for r in rows if r.triwulan == 1}
    # TW I of BID-A was uploaded twice: the correction counts, the typo (2100) does not.
    assert tw1["IKU-01"].nilai == 210
    assert tw1["IKU-02"].nilai == Decimal("82.5")
    assert tw1["IKU-01"].kendala == "blangko terlambat"
    assert {r.versi_id for r in rows if r.triwulan == 1 and r.kode_indikator != "IKU-05"} == {
        tw1["IKU-01"].versi_id
    }
    assert tw1["IKU-05"].nilai == 2
    tw2 = {r.kode_indikator: r for r in rows if r.triwulan == 2}
    assert tw2["IKU-01"].nilai == 240
    assert tw2["IKU-03"].nilai is None  # reported empty: no data, never zero
    assert [(r.triwulan, r.kode_indikator) for r in rows] == sorted(
        (r.triwulan, r.kode_indikator) for r in rows
    )
    # Exactly one counting row per indicator and quarter reported.
    assert len(rows) == len({(r.triwulan, r.indikator_id) for r in rows})


def test_counting_realizations_of_one_quarter_and_one_unit(small: Runtime) -> None:
    a = unit_id(small, "BID-A")
    with small.uow() as session:
        tw1_a = queries.counting_realizations(session, 2025, triwulan=1, unit_ids=[a])
        tw3 = queries.counting_realizations(session, 2025, triwulan=3)
        other_year = queries.counting_realizations(session, 2024)
    assert [r.kode_indikator for r in tw1_a] == ["IKU-01", "IKU-02", "IKU-03", "IKU-04"]
    assert {(r.unit_id, r.triwulan) for r in tw1_a} == {(a, 1)}
    assert tw3 == [] and other_year == []


def test_a_new_version_with_a_value_removed_counts_it_as_missing(small: Runtime) -> None:
    # The newest version clears IKU-04 (the template came prefilled with 8): the earlier
    # value no longer counts.
    upload(small, "BID-A", 2, {"IKU-01": 240, "IKU-02": 86, "IKU-04": None})
    with small.uow() as session:
        tw2 = {
            r.kode_indikator: r.nilai
            for r in queries.counting_realizations(session, 2025, triwulan=2)
        }
    assert tw2["IKU-04"] is None and tw2["IKU-01"] == 240


# --- budget ------------------------------------------------------------------------------------


def test_leaf_budget_lines_with_the_counting_spending_per_quarter(small: Runtime) -> None:
    a, b = unit_id(small, "BID-A"), unit_id(small, "BID-B")
    with small.uow() as session:
        lines = queries.leaf_budget_lines(session, 2025)
        of_a = queries.leaf_budget_lines(session, 2025, unit_id=a)
        of_b = queries.leaf_budget_lines(session, 2025, unit_id=b)
        of_2026 = queries.leaf_budget_lines(session, 2026)
    # The program and the kegiatan are parents: only the sub kegiatan is a leaf.
    assert [line.kode for line in lines] == [SUB_KEGIATAN]
    line = lines[0]
    assert (line.tingkat, line.unit_id, line.pagu) == ("Sub Kegiatan", a, 100_000_000)
    # TW I was reported twice (5, then 25.000.000): the newest counts. TW II's report left
    # the line empty (None: no data); TW III and IV have no report at all.
    assert dict(line.realisasi) == {1: 25_000_000, 2: None}
    assert of_a == lines
    assert of_b == [] and of_2026 == []


# --- version history ----------------------------------------------------------------------------


def test_version_history_newest_first_with_sizes_counts_and_notes(small: Runtime) -> None:
    a = unit_id(small, "BID-A")
    with small.uow() as session:
        history = queries.version_history(session, a, 2025, 1)
        none_yet = queries.version_history(session, a, 2025, 3)
    assert [v.nomor for v in history] == [2, 1]
    assert [v.terbaru for v in history] == [True, False]
    assert [v.jumlah_realisasi for v in history] == [4, 3]
    assert all(v.ukuran > 0 and len(v.berkas_sha256) == 64 for v in history)
    assert all(v.diunggah_oleh is None for v in history)  # uploaded by the command line
    assert history[0].nama_berkas == "laporan.xlsx"
    # Version 1's notes (a typo far above the target, IKU-04 left empty) stay with it, in
    # the order they were written; the correction has none.
    assert history[0].catatan == ()
    assert [(c.lembar, c.sel) for c in history[1].catatan] == [
        ("Realisasi Kinerja", "E6"),
        ("Realisasi Kinerja", "E9"),
    ]
    assert "IKU-01" in history[1].catatan[0].pesan and "IKU-04" in history[1].catatan[1].pesan
    assert none_yet == []


def test_version_history_is_what_the_history_use_case_shows(small: Runtime) -> None:
    a = unit_id(small, "BID-A")
    with small.uow() as session:
        rows = queries.version_history(session, a, 2025, 1)
    views = list_versions(small, SISTEM, "BID-A", 2025, 1)
    assert [(v.id, v.nomor, v.terbaru, v.ukuran, v.jumlah_realisasi) for v in views] == [
        (r.id, r.nomor, r.terbaru, r.ukuran, r.jumlah_realisasi) for r in rows
    ]
    assert [v.diunggah_oleh for v in views] == ["Sistem", "Sistem"]
    assert [v.jumlah_catatan for v in views] == [len(r.catatan) for r in rows]


# --- statements do not grow with the plan -------------------------------------------------------


def plan_of(n: int) -> bytes:
    """A plan of ``n`` indicators of unit BID-A, each with a PK and a Rencana Aksi target,
    and ``n`` sub kegiatan under one kegiatan."""
    kinds = [("Positif", "Kumulatif"), ("Positif", "Terakhir"), ("Negatif", "Rata-rata")]
    indikator: list[list[object]] = [list(SHEETS["Indikator"][0])]
    target: list[list[object]] = [list(SHEETS["Target"][0])]
    rencana: list[list[object]] = [list(SHEETS["Rencana Aksi"][0])]
    anggaran: list[list[object]] = [list(row) for row in SHEETS["Anggaran"][:3]]
    for k in range(1, n + 1):
        pol, agg = kinds[k % len(kinds)]
        kode = f"IK-{k:03d}"
        indikator.append([kode, f"Indikator {k}", "SS-01", "dokumen", pol, agg, "BID-A", "IKU"])
        target.append([kode, 2025, 100])
        rencana.append([kode, 2025, 25, 25, 25, 25])
        anggaran.append(
            [f"2.12.02.2.01.{k:04d}", f"Sub kegiatan {k}", "Sub Kegiatan", "2.12.02.2.01"]
            + ["SS-01", "BID-A", 2025, 1_000_000]
        )
    sheets: dict[str, Rows] = {
        "Unit": SHEETS["Unit"],
        "Sasaran": SHEETS["Sasaran"],
        "Indikator": indikator,
        "Target": target,
        "Rencana Aksi": rencana,
        "Anggaran": anggaran,
    }
    return workbook(sheets)


@contextmanager
def counted(rt: Runtime) -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(rt.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(rt.engine, "before_cursor_execute", count)


def statements_per_read(rt: Runtime, n: int) -> dict[str, int]:
    """Import a plan of ``n`` indicators, report TW I twice and TW II once, then count the
    statements of each read and of the use cases built on them."""
    import_plan(rt, SISTEM, plan_of(n), "rencana.xlsx")
    values = {f"IK-{k:03d}": k for k in range(1, n + 1)}
    lines = {f"2.12.02.2.01.{k:04d}": 1000 * k for k in range(1, n + 1)}
    for tw in (1, 1, 2):
        upload(rt, "BID-A", tw, values, anggaran=lines)
    a = unit_id(rt, "BID-A")
    reads: dict[str, Callable[[Any], object]] = {
        "indicators_with_targets": lambda s: queries.indicators_with_targets(s, 2025),
        "counting_realizations": lambda s: queries.counting_realizations(s, 2025),
        "leaf_budget_lines": lambda s: queries.leaf_budget_lines(s, 2025, unit_id=a),
        "version_history": lambda s: queries.version_history(s, a, 2025, 1),
    }
    use_cases: dict[str, Callable[[], object]] = {
        "compute_capaian": lambda: compute_capaian(rt, SISTEM, 2025, "SD2"),
        "template_for": lambda: template_for(rt, SISTEM, "BID-A", 2025, 2),
        "list_versions": lambda: list_versions(rt, SISTEM, "BID-A", 2025, 1),
    }
    counts: dict[str, int] = {}
    for name, read in reads.items():
        with rt.uow() as session:
            read(session)  # warm: the first use of a connection may query the server
            with counted(rt) as statements:
                result = read(session)
            assert result, name  # the plan has rows of every kind
        counts[name] = len(statements)
    for name, use_case in use_cases.items():
        use_case()
        with counted(rt) as statements:
            use_case()
        counts[name] = len(statements)
    return counts


def empty(rt: Runtime) -> None:
    """Delete every row, so that the next plan starts from an empty record."""
    with rt.uow() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        session.commit()


def test_statements_do_not_grow_with_the_number_of_indicators(any_rt: Runtime) -> None:
    small_counts = statements_per_read(any_rt, 3)
    empty(any_rt)
    large_counts = statements_per_read(any_rt, 30)
    assert large_counts == small_counts
    # Each read is one statement per kind of row it returns.
    assert small_counts["indicators_with_targets"] == 1
    assert small_counts["counting_realizations"] == 1
    assert small_counts["leaf_budget_lines"] == 2
    assert small_counts["version_history"] == 2
