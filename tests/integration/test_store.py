"""The store behaves the same on SQLite and PostgreSQL (``any_rt`` runs each test on both)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.db import upgrade
from lakip.store.models import (
    Base,
    Berkas,
    Indikator,
    Pengiriman,
    PutaranPengumpulan,
    RencanaAksi,
    Sasaran,
    TargetTahunan,
    Unit,
    VersiPengiriman,
)


def _plan(rt: Runtime) -> int:
    with rt.uow() as s:
        unit = Unit(kode="BID-A", nama="Bidang A", jenis="Bidang")
        sas = Sasaran(kode="SS-01", nama="Sasaran satu")
        s.add_all([unit, sas])
        s.flush()
        ind = Indikator(
            kode="IKU-01",
            nama="Indikator",
            sasaran_id=sas.id,
            satuan="%",
            polaritas="positif",
            agregasi="terakhir",
            unit_id=unit.id,
        )
        s.add(ind)
        s.flush()
        s.commit()
        return ind.id


def test_migrations_create_every_model_table(any_rt: Runtime) -> None:
    tables = set(inspect(any_rt.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_twice_is_harmless(any_rt: Runtime) -> None:
    upgrade(any_rt.settings.database_url)
    assert "job" in inspect(any_rt.engine).get_table_names()


@pytest.mark.parametrize(
    "value",
    [Decimal("75.995"), Decimal("0.1"), Decimal("1250000000"), Decimal("99.99999"), Decimal("0")],
)
def test_decimals_round_trip_exactly(any_rt: Runtime, value: Decimal) -> None:
    ind_id = _plan(any_rt)
    with any_rt.uow() as s:
        s.add(TargetTahunan(indikator_id=ind_id, tahun=2025, target=value))
        s.commit()
    with any_rt.uow() as s:
        stored = s.scalar(select(TargetTahunan.target))
    assert stored == value
    assert isinstance(stored, Decimal)


def test_timestamps_come_back_timezone_aware_utc(any_rt: Runtime) -> None:
    wita = timezone(timedelta(hours=8))
    moment = datetime(2025, 10, 10, 9, 30, tzinfo=wita)
    with any_rt.uow() as s:
        s.add(
            PutaranPengumpulan(
                tahun=2025, triwulan=3, batas_waktu=date(2025, 10, 10), dibuka_pada=moment
            )
        )
        s.commit()
    with any_rt.uow() as s:
        got = s.scalar(select(PutaranPengumpulan.dibuka_pada))
    assert got == moment
    assert got is not None and got.utcoffset() == timedelta(0) and got.tzinfo == UTC


def test_one_rencana_aksi_per_indicator_and_year(any_rt: Runtime) -> None:
    ind_id = _plan(any_rt)
    row = {"indikator_id": ind_id, "tahun": 2025, "tw1": 1, "tw2": 2, "tw3": 3, "tw4": 4}
    with any_rt.uow() as s:
        s.add(RencanaAksi(**row))
        s.commit()
    with pytest.raises(IntegrityError), any_rt.uow() as s:
        s.add(RencanaAksi(**row))
        s.commit()


def test_version_numbers_are_unique_per_submission(any_rt: Runtime) -> None:
    _plan(any_rt)
    with any_rt.uow() as s:
        sha = store_file(s, any_rt.files, b"isi laporan", "xlsx")
        unit_id = s.scalar(select(Unit.id))
        sub = Pengiriman(unit_id=unit_id, tahun=2025, triwulan=1, versi_terakhir=1)
        s.add(sub)
        s.flush()
        s.add(
            VersiPengiriman(pengiriman_id=sub.id, nomor=1, berkas_sha256=sha, nama_berkas="a.xlsx")
        )
        s.commit()
    with pytest.raises(IntegrityError), any_rt.uow() as s:
        sub_id = s.scalar(select(Pengiriman.id))
        s.add(
            VersiPengiriman(pengiriman_id=sub_id, nomor=1, berkas_sha256=sha, nama_berkas="b.xlsx")
        )
        s.commit()


def test_failed_transaction_leaves_nothing(any_rt: Runtime) -> None:
    with pytest.raises(RuntimeError), any_rt.uow() as s:
        s.add(Unit(kode="X", nama="X", jenis="Bidang"))
        s.flush()
        raise RuntimeError("boom")
        s.commit()
    with any_rt.uow() as s:
        assert s.scalar(select(Unit).where(Unit.kode == "X")) is None


def test_files_are_content_addressed_and_never_overwritten(any_rt: Runtime) -> None:
    with any_rt.uow() as s:
        a = store_file(s, any_rt.files, b"versi pertama", "xlsx")
        again = store_file(s, any_rt.files, b"versi pertama", "xlsx")
        b = store_file(s, any_rt.files, b"versi kedua", "xlsx")
        s.commit()
    assert a == again != b
    assert any_rt.files.get(a) == b"versi pertama"
    assert any_rt.files.get(b) == b"versi kedua"
    path = any_rt.files.path_for(a)
    assert path.name == a and ".xlsx" not in str(path)
    with any_rt.uow() as s:
        assert {r.sha256 for r in s.scalars(select(Berkas))} == {a, b}


def test_file_store_refuses_path_like_names(rt: Runtime) -> None:
    with pytest.raises(ValueError):
        rt.files.path_for("../../etc/passwd")


@pytest.mark.parametrize(
    ("table", "values"),
    [
        (
            "putaran_pengumpulan",
            "(tahun, triwulan, batas_waktu, status, dibuka_pada) "
            "VALUES (2026, 1, '2026-04-10', 'setengah_buka', '2026-01-01')",
        ),
        ("laporan", "(jenis, tahun, periode, versi_terakhir) VALUES ('bulanan', 2026, 'TW1', 0)"),
    ],
)
def test_check_constraints_refuse_a_state_the_workflow_does_not_know(
    any_rt: Runtime, table: str, values: str
) -> None:
    from sqlalchemy import text

    with pytest.raises(IntegrityError), any_rt.uow() as s:
        s.execute(text(f"INSERT INTO {table} {values}"))
        s.commit()


def test_a_review_decision_concerns_a_round_or_a_report_never_both_nor_neither(
    any_rt: Runtime,
) -> None:
    from sqlalchemy import text

    from lakip.store.models import KeputusanReviu, Pengguna

    with any_rt.uow() as s:
        user = Pengguna(username="irban", nama="Irban", peran="Irban Wil")
        putaran = PutaranPengumpulan(tahun=2026, triwulan=1, batas_waktu=date(2026, 4, 10))
        s.add_all([user, putaran])
        s.flush()
        ids = (user.id, putaran.id)
        s.commit()
    with pytest.raises(IntegrityError), any_rt.uow() as s:
        s.add(KeputusanReviu(keputusan="YA", reviewer_id=ids[0]))
        s.commit()
    with pytest.raises(IntegrityError), any_rt.uow() as s:
        s.execute(
            text(
                "INSERT INTO keputusan_reviu (putaran_id, keputusan, reviewer_id, "
                "diputuskan_pada, versi_direviu) VALUES (:p, 'NANTI', :r, '2026-01-01', '[]')"
            ),
            {"p": ids[1], "r": ids[0]},
        )
        s.commit()
    with any_rt.uow() as s:
        s.add(KeputusanReviu(keputusan="YA", reviewer_id=ids[0], putaran_id=ids[1]))
        s.commit()
