"""The demo agency data: a consistent plan, believable realizations, uploadable workbooks."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from lakip.demo.agency import (
    DemoQuarter,
    demo_instansi,
    demo_plan,
    demo_quarter_template_data,
    demo_quarters,
    demo_users,
)
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.roles import Peran
from lakip.intake.issues import Issue
from lakip.intake.plan import UNIT_JENIS, KnownCodes, PlanDocument, parse_plan
from lakip.intake.plan_writer import write_plan_workbook
from lakip.intake.quarter import (
    IndicatorContext,
    QuarterIdentity,
    QuarterReport,
    UnitQuarterContext,
    parse_quarter_workbook,
)
from lakip.intake.template import write_quarter_template

PLAN = demo_plan()
QUARTERS = demo_quarters()
SUB_KEGIATAN = "Sub Kegiatan"


def _by_kode(plan: PlanDocument) -> dict[str, Agregasi]:
    return {i.kode: i.agregasi for i in plan.indikator}


# -- the plan ---------------------------------------------------------------------------------


def test_plan_has_enough_indicators_and_every_kind() -> None:
    assert len(PLAN.indikator) >= 12
    assert {i.agregasi for i in PLAN.indikator} == set(Agregasi)
    assert {i.polaritas for i in PLAN.indikator} == set(Polaritas)
    assert 3 <= len(PLAN.sasaran) <= 4
    assert all(s.tujuan for s in PLAN.sasaran)


def test_codes_are_unique() -> None:
    for codes in (
        [u.kode for u in PLAN.units],
        [s.kode for s in PLAN.sasaran],
        [i.kode for i in PLAN.indikator],
        [(t.kode_indikator, t.tahun) for t in PLAN.targets],
        [(r.kode_indikator, r.tahun) for r in PLAN.rencana_aksi],
        [(a.kode, a.tahun) for a in PLAN.anggaran],
    ):
        assert len(codes) == len(set(codes))


def test_every_code_referenced_exists() -> None:
    units = {u.kode for u in PLAN.units}
    sasaran = {s.kode for s in PLAN.sasaran}
    indikator = {i.kode for i in PLAN.indikator}
    lines = {(a.kode, a.tahun): a for a in PLAN.anggaran}
    assert all(u.induk is None or u.induk in units for u in PLAN.units)
    assert all(u.jenis in UNIT_JENIS for u in PLAN.units)
    assert all(i.kode_sasaran in sasaran and i.kode_unit in units for i in PLAN.indikator)
    assert all(t.kode_indikator in indikator for t in PLAN.targets)
    assert all(r.kode_indikator in indikator for r in PLAN.rencana_aksi)
    for a in PLAN.anggaran:
        assert a.kode_unit in units
        assert a.kode_sasaran in sasaran
        if a.tingkat == "Program":
            assert a.kode_induk is None
        else:
            parent = lines[(a.kode_induk, a.tahun)]
            expected = "Kegiatan" if a.tingkat == SUB_KEGIATAN else "Program"
            assert parent.tingkat == expected
            assert a.kode.startswith(parent.kode + ".")


def test_every_indicator_has_targets_and_rencana_aksi_for_2024_to_2026() -> None:
    targets = {(t.kode_indikator, t.tahun) for t in PLAN.targets}
    plans = {(r.kode_indikator, r.tahun) for r in PLAN.rencana_aksi}
    for ind in PLAN.indikator:
        for tahun in (2024, 2025, 2026):
            assert (ind.kode, tahun) in targets
            assert (ind.kode, tahun) in plans


def test_rencana_aksi_follows_each_indicators_aggregation() -> None:
    annual = {(t.kode_indikator, t.tahun): t.target for t in PLAN.targets}
    agregasi = _by_kode(PLAN)
    for ra in PLAN.rencana_aksi:
        target = annual[(ra.kode_indikator, ra.tahun)]
        rule = agregasi[ra.kode_indikator]
        if rule == Agregasi.KUMULATIF:
            assert sum(ra.tw, Decimal(0)) == target
        elif rule == Agregasi.TERAKHIR:
            assert list(ra.tw) == sorted(ra.tw), ra
            assert ra.tw[3] == target
        else:
            assert all(abs(tw - target) <= target / 10 for tw in ra.tw)


def test_renstra_final_target_is_the_2026_target() -> None:
    annual = {(t.kode_indikator, t.tahun): t.target for t in PLAN.targets}
    for ind in PLAN.indikator:
        assert ind.target_akhir == annual[(ind.kode, 2026)]
        assert ind.baseline is not None and ind.definisi_operasional and ind.sumber_data
    assert any(i.standar_nasional is not None for i in PLAN.indikator)


def test_budget_totals_and_pagu_range() -> None:
    for a in PLAN.anggaran:
        children = [c.pagu for c in PLAN.anggaran if c.kode_induk == a.kode and c.tahun == a.tahun]
        if a.tingkat == SUB_KEGIATAN:
            assert not children
            assert Decimal(50_000_000) <= a.pagu <= Decimal(1_500_000_000)
        else:
            assert a.pagu == sum(children, Decimal(0))
    programs = {a.kode for a in PLAN.anggaran if a.tingkat == "Program"}
    assert programs == {"2.12.01", "2.12.02", "2.12.03", "2.12.04", "2.12.05"}
    assert {a.tahun for a in PLAN.anggaran} == {2024, 2025, 2026}


def test_only_decimals_never_floats() -> None:
    numbers = [
        *(v for i in PLAN.indikator for v in (i.baseline, i.target_akhir, i.standar_nasional)),
        *(t.target for t in PLAN.targets),
        *(tw for r in PLAN.rencana_aksi for tw in r.tw),
        *(a.pagu for a in PLAN.anggaran),
        *(r.nilai for q in QUARTERS for r in q.realisasi),
        *(a.nilai for q in QUARTERS for a in q.anggaran),
    ]
    assert all(n is None or isinstance(n, Decimal) for n in numbers)


def test_demo_plan_round_trips_through_the_planning_workbook() -> None:
    data = write_plan_workbook(PLAN, judul=demo_instansi().nama_lengkap)
    read = parse_plan(data, KnownCodes())
    assert read.units == PLAN.units
    assert read.sasaran == PLAN.sasaran
    assert read.indikator == PLAN.indikator
    assert read.targets == PLAN.targets
    assert read.rencana_aksi == PLAN.rencana_aksi
    assert read.anggaran == PLAN.anggaran
    assert read.warnings == []


def test_builders_are_deterministic() -> None:
    assert demo_plan() == PLAN
    assert demo_quarters() == QUARTERS


# -- instansi and users -----------------------------------------------------------------------


def test_instansi_profile() -> None:
    instansi = demo_instansi()
    assert instansi.singkatan == "Disdukcapil"
    assert instansi.pemerintah_daerah == "Kabupaten Balangan"
    assert instansi.kota_ttd == "Paringin"
    assert instansi.tahun_aktif == 2025
    assert len(instansi.kepala_nip) == 18 and instansi.kepala_nip.isdigit()


def test_one_user_per_role_and_one_staf_unit_per_bidang() -> None:
    users = demo_users()
    roles = Counter(u.peran for u in users)
    assert set(roles) == set(Peran)
    assert all(count == 1 for peran, count in roles.items() if peran != Peran.STAF_UNIT)
    bidang = {u.kode for u in PLAN.units if u.jenis == "Bidang"}
    assert {u.kode_unit for u in users if u.peran == Peran.STAF_UNIT} == bidang
    units = {u.kode for u in PLAN.units}
    for user in users:
        assert user.username == user.username.lower() and " " not in user.username
        assert user.password == f"demo-{user.username}"
        assert user.kode_unit is None or user.kode_unit in units
        assert user.nip is None or (len(user.nip) == 18 and user.nip.isdigit())
    assert len({u.username for u in users}) == len(users)
    assert {"admin", "kadis", "sekretaris", "kasubbag", "penyusun", "irban"} <= {
        u.username for u in users
    }


# -- quarters ---------------------------------------------------------------------------------


def test_quarters_cover_every_reporting_unit_for_2024_and_2025_to_tw3() -> None:
    reporting = {i.kode_unit for i in PLAN.indikator} | {
        a.kode_unit for a in PLAN.anggaran if a.tingkat == SUB_KEGIATAN
    }
    periods = [(2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3)]
    keys = [(q.kode_unit, q.tahun, q.triwulan) for q in QUARTERS]
    assert sorted(keys) == sorted((u, t, w) for u in reporting for t, w in periods)
    for q in QUARTERS:
        own = {i.kode for i in PLAN.indikator if i.kode_unit == q.kode_unit}
        assert {r.kode for r in q.realisasi} == own
        assert q.disusun_oleh and q.tanggal


def test_exactly_one_missing_realization_in_2025_tw3() -> None:
    missing = [
        (q.tahun, q.triwulan, r.kode) for q in QUARTERS for r in q.realisasi if r.nilai is None
    ]
    assert len(missing) == 1
    assert missing[0][:2] == (2025, 3)


def test_realizations_are_not_negative_and_shortfalls_explain_themselves() -> None:
    for q in QUARTERS:
        for r in q.realisasi:
            assert r.nilai is None or r.nilai >= 0
    kendala = [r for q in QUARTERS for r in q.realisasi if r.kendala]
    assert len(kendala) >= 3
    assert all(r.upaya for r in kendala)


def test_terakhir_indicators_never_fall_within_a_year() -> None:
    agregasi = _by_kode(PLAN)
    series: dict[tuple[str, int], list[Decimal]] = {}
    for q in sorted(QUARTERS, key=lambda q: (q.tahun, q.triwulan)):
        for r in q.realisasi:
            if agregasi[r.kode] == Agregasi.TERAKHIR and r.nilai is not None:
                series.setdefault((r.kode, q.tahun), []).append(r.nilai)
    for values in series.values():
        assert values == sorted(values)


def test_yearly_budget_absorption_is_between_85_and_98_percent() -> None:
    spent: Counter[tuple[str, int]] = Counter()
    for q in QUARTERS:
        for a in q.anggaran:
            assert a.nilai > 0
            spent[(a.kode, q.tahun)] += a.nilai
    pagu = {(a.kode, a.tahun): a.pagu for a in PLAN.anggaran if a.tingkat == SUB_KEGIATAN}
    assert {k for k in pagu if k[1] in (2024, 2025)} == set(spent)
    for key, amount in spent.items():
        serapan = amount / pagu[key] * 100
        if key[1] == 2024:
            assert Decimal(85) <= serapan <= Decimal(98), key
        else:  # three quarters of 2025 only
            assert serapan < Decimal(85), key


# -- the quarterly workbooks -----------------------------------------------------------------


def _context(ident: QuarterIdentity) -> UnitQuarterContext:
    """What the plan says about the unit and quarter, as the upload service loads it."""
    unit = next(u for u in PLAN.units if u.kode == ident.kode_unit)
    ra = {r.kode_indikator: r.tw for r in PLAN.rencana_aksi if r.tahun == ident.tahun}
    previous: dict[str, Decimal | None] = {}
    for q in QUARTERS:
        if (q.kode_unit, q.tahun, q.triwulan) == (unit.kode, ident.tahun, ident.triwulan - 1):
            previous = {r.kode: r.nilai for r in q.realisasi}
    indicators = {
        i.kode: IndicatorContext(
            kode=i.kode,
            nama=i.nama,
            satuan=i.satuan,
            agregasi=i.agregasi,
            polaritas=i.polaritas,
            target_tw=ra[i.kode][ident.triwulan - 1],
            previous_realisasi=previous.get(i.kode),
        )
        for i in PLAN.indikator
        if i.kode_unit == unit.kode
    }
    lines = [a for a in PLAN.anggaran if a.tahun == ident.tahun and a.tingkat == SUB_KEGIATAN]
    return UnitQuarterContext(
        kode_unit=unit.kode,
        nama_unit=unit.nama,
        tahun=ident.tahun,
        triwulan=ident.triwulan,
        indicators=indicators,
        other_indicator_codes=frozenset(i.kode for i in PLAN.indikator if i.kode_unit != unit.kode),
        budget_lines={a.kode: a.pagu for a in lines if a.kode_unit == unit.kode},
        other_budget_codes=frozenset(a.kode for a in lines if a.kode_unit != unit.kode),
    )


def _upload(q: DemoQuarter) -> QuarterReport:
    data = write_quarter_template(demo_quarter_template_data(q, PLAN, demo_instansi()))
    return parse_quarter_workbook(data, _context)


@pytest.mark.parametrize(
    "q", QUARTERS, ids=[f"{q.kode_unit}-{q.tahun}-TW{q.triwulan}" for q in QUARTERS]
)
def test_demo_quarter_workbook_parses_and_reads_back_the_demo_numbers(q: DemoQuarter) -> None:
    report = _upload(q)
    assert (report.identity.kode_unit, report.identity.tahun, report.identity.triwulan) == (
        q.kode_unit,
        q.tahun,
        q.triwulan,
    )
    assert report.identity.disusun_oleh == q.disusun_oleh
    assert {r.kode_indikator: r.nilai for r in report.realisasi} == {
        r.kode: r.nilai for r in q.realisasi
    }
    assert {r.kode_indikator: (r.keterangan, r.kendala, r.upaya) for r in report.realisasi} == {
        r.kode: (r.keterangan, r.kendala, r.upaya) for r in q.realisasi
    }
    assert {a.kode: a.nilai for a in report.anggaran} == {a.kode: a.nilai for a in q.anggaran}


def test_the_only_warnings_are_the_missing_realization_and_the_anomaly() -> None:
    warnings: list[tuple[DemoQuarter, Issue]] = [
        (q, w) for q in QUARTERS for w in _upload(q).warnings
    ]
    assert len(warnings) == 2, [str(w) for _q, w in warnings]
    (q_missing, missing), (q_anomaly, anomaly) = sorted(
        warnings, key=lambda item: "belum dilaporkan" not in item[1].message
    )
    assert (q_missing.tahun, q_missing.triwulan) == (2025, 3)
    assert "belum dilaporkan" in missing.message
    assert "lebih dari tiga kali target" in anomaly.message
    assert (q_anomaly.tahun, q_anomaly.triwulan) == (2025, 2)
