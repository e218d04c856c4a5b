"""The year-end projection on its edges: no quarter yet, one quarter, a missing quarter, a
trend, a zero target, negative polarity, a line that would go below zero."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.projection import Proyeksi, project_year_end

KUM, AKHIR, RATA = Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA
POS, NEG = Polaritas.POSITIF, Polaritas.NEGATIF
RA = (D(25), D(25), D(25), D(25))
NONE4 = (None, None, None, None)


def test_no_quarter_yet_projects_nothing() -> None:
    for agregasi in Agregasi:
        p = project_year_end(agregasi, POS, NONE4, RA, D(100))
        assert p == Proyeksi(None, None, None) and p.akan_tercapai is None


@pytest.mark.parametrize(
    ("agregasi", "first", "year_end"),
    [(KUM, D(30), D(120)), (AKHIR, D(80), D(80)), (RATA, D("3.5"), D("3.5"))],
)
def test_one_quarter_is_continued_at_its_pace_or_held(
    agregasi: Agregasi, first: D, year_end: D
) -> None:
    p = project_year_end(agregasi, POS, (first, None, None, None), RA, D(100))
    assert p.nilai == year_end and p.dari_triwulan == 1


def test_a_flow_is_paced_against_its_rencana_aksi_and_a_missing_quarter_counts_for_nothing() -> (
    None
):
    # 20 and 30 against 25 + 25 planned: exactly on plan, whatever the missing TW II held.
    p = project_year_end(KUM, POS, (D(20), None, D(30), None), RA, D(100))
    assert (p.nilai, p.capaian, p.akan_tercapai, p.dari_triwulan) == (D(100), D(100), True, 3)
    # A plan weighted to the year's end: 10 of a planned 10 in TW I is on pace for 100.
    back_loaded = (D(10), D(20), D(30), D(40))
    assert project_year_end(KUM, POS, (D(10), None, None, None), back_loaded, D(100)).nilai == 100
    # Behind the plan: 15 of 25, then 15 of 25 again: 60 of 100, missing.
    behind = project_year_end(KUM, POS, (D(15), D(15), None, None), RA, D(100))
    assert (behind.nilai, behind.capaian, behind.akan_tercapai) == (D(60), D(60), False)


def test_a_flow_with_no_plan_continues_at_its_own_mean() -> None:
    p = project_year_end(KUM, POS, (D(12), D(8), None, None), NONE4, D(50))
    assert (p.nilai, p.capaian) == (D(40), D(80))


def test_a_stock_follows_its_trend_to_the_fourth_quarter() -> None:
    p = project_year_end(AKHIR, POS, (D(60), D(70), None, None), RA, D(90))
    assert (p.nilai, p.capaian, p.akan_tercapai) == (D(90), D(100), True)
    # Least squares through three quarters: 60, 66, 69 (mean 65 at TW II) → slope 4,5, TW IV
    # at 65 + 2 · 4,5 = 74, which is 98,67 % of 75.
    three = project_year_end(AKHIR, POS, (D(60), D(66), D(69), None), RA, D(75))
    assert three.nilai == D(74) and three.capaian == D("98.67") and not three.akan_tercapai


def test_a_rate_averages_its_quarters_with_the_rest_of_its_trend() -> None:
    # 80, 84 → TW III 88, TW IV 92 on the line; the year's mean 86.
    p = project_year_end(RATA, POS, (D(80), D(84), None, None), RA, D(85))
    assert p.nilai == D(86) and p.akan_tercapai is True
    # All four in: the projection is the year's mean itself.
    full = project_year_end(RATA, POS, (D(80), D(84), D(79), D(81)), RA, D(85))
    assert full.nilai == D(81) and full.dari_triwulan == 4


def test_negative_polarity_a_lower_projection_is_better() -> None:
    # Days to finish a document: 3, then 2,5; the line reaches 2 and 1,5; the mean 2,25 against
    # a target of 2 is (2·2 − 2,25) / 2 = 87,5 %: it will miss.
    p = project_year_end(RATA, NEG, (D(3), D("2.5"), None, None), RA, D(2))
    assert (p.nilai, p.capaian, p.akan_tercapai) == (D("2.25"), D("87.50"), False)
    faster = project_year_end(RATA, NEG, (D(2), D("1.5"), None, None), RA, D(2))
    assert faster.akan_tercapai is True


def test_a_zero_target_is_met_only_by_a_projection_that_meets_it() -> None:
    zero = (D(0), D(0), D(0), D(0))
    # Complaints, target 0 (negative): none so far projects none, met; two so far, missed.
    assert project_year_end(KUM, NEG, (D(0), None, None, None), zero, D(0)).akan_tercapai is True
    two = project_year_end(KUM, NEG, (D(2), None, None, None), zero, D(0))
    assert (two.nilai, two.capaian, two.akan_tercapai) == (D(8), D(0), False)


def test_a_falling_line_stops_at_zero_and_no_target_gives_no_achievement() -> None:
    p = project_year_end(AKHIR, POS, (D(10), D(4), None, None), RA, D(5))
    assert p.nilai == 0 and p.capaian == 0
    untargeted = project_year_end(AKHIR, POS, (D(10), None, None, None), RA, None)
    assert (untargeted.nilai, untargeted.capaian, untargeted.akan_tercapai) == (D(10), None, None)


def test_four_quarters_are_required() -> None:
    with pytest.raises(ValueError, match="empat triwulan"):
        project_year_end(KUM, POS, (D(1),), RA, D(4))
