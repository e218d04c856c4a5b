"""Use case: load the demo agency (Disdukcapil Kabupaten Balangan) through the users' path.

The demo plan is written as a planning workbook and each demo quarter as a filled quarterly
workbook, then imported with the same services an upload uses; the workbooks are also left
in ``DATA/demo/`` to try by hand. Running it again adds nothing twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from lakip.demo.agency import (
    demo_instansi,
    demo_plan,
    demo_quarter_template_data,
    demo_quarters,
    demo_users,
)
from lakip.domain.filenames import quarter_workbook_name
from lakip.domain.workflow import deadline_end
from lakip.intake.plan_writer import write_plan_workbook
from lakip.intake.template import write_quarter_template
from lakip.services.access import SISTEM, Aktor
from lakip.services.agency import DataInstansi, save_profile
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.setup import ensure_defaults
from lakip.services.submissions import submit_quarter
from lakip.services.users import create_user
from lakip.store.models import Pengguna, Pengiriman, PutaranPengumpulan, Unit

# Deadlines of the demo's collection rounds: the 10th of the month after the quarter.
_DEADLINE_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}
OPEN_ROUND = (2025, 3)
"""The demo quarter whose round stays open, its deadline two weeks after the demo is loaded."""


def seed_demo(rt: Runtime) -> list[str]:
    """Load the demo agency; returns human-readable lines of what was loaded."""
    ensure_defaults(rt)
    out: list[str] = []
    inst = demo_instansi()
    save_profile(
        rt,
        SISTEM,
        DataInstansi(
            nama=inst.nama,
            pemerintah_daerah=inst.pemerintah_daerah,
            singkatan=inst.singkatan,
            provinsi=inst.provinsi,
            alamat=inst.alamat,
            telepon=inst.telepon,
            kota_ttd=inst.kota_ttd,
            kepala_nama=inst.kepala_nama,
            kepala_nip=inst.kepala_nip,
            kepala_pangkat=inst.kepala_pangkat,
            tahun_aktif=inst.tahun_aktif,
        ),
    )
    out.append(f"Instansi: {inst.nama} {inst.pemerintah_daerah}")

    demo_dir = rt.settings.data_dir / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    plan = demo_plan()
    plan_bytes = write_plan_workbook(plan, judul=f"Dokumen Perencanaan {inst.nama}")
    (demo_dir / "Dokumen_Perencanaan_Demo.xlsx").write_bytes(plan_bytes)
    summary = import_plan(rt, SISTEM, plan_bytes, "Dokumen_Perencanaan_Demo.xlsx")
    out.append(
        "Perencanaan: "
        + ", ".join(f"{k} {v}" for k, v in {**summary.dibuat, **summary.diperbarui}.items())
    )

    made = 0
    with rt.uow() as session:
        existing = set(session.scalars(select(Pengguna.username)))
    for u in demo_users():
        if u.username in existing:
            continue
        create_user(
            rt,
            SISTEM,
            username=u.username,
            nama=u.nama,
            peran=u.peran,
            password=u.password,
            unit_kode=u.kode_unit,
            nip=u.nip,
            jabatan=u.jabatan,
            skip_password_policy=True,  # demo passwords are documented as demo-only
        )
        made += 1
    out.append(f"Pengguna demo: {made} dibuat (kata sandi: demo-<nama pengguna>)")

    uploaded = 0
    for q in demo_quarters():
        batas = _ensure_round(rt, q.tahun, q.triwulan)
        if _has_version(rt, q.kode_unit, q.tahun, q.triwulan):
            continue
        data = write_quarter_template(demo_quarter_template_data(q, plan, inst))
        name = quarter_workbook_name(q.kode_unit, q.tahun, q.triwulan)
        (demo_dir / name).write_bytes(data)
        # Each unit uploads three days before its round's deadline (the open round: now).
        on_time = min(deadline_end(batas, rt.settings.timezone) - timedelta(days=3), rt.clock())
        at = dataclasses.replace(rt, clock=_stopped_at(on_time))
        submit_quarter(at, _uploader(rt, q.kode_unit), data, name)
        uploaded += 1
    _close_past_rounds(rt)
    out.append(f"Laporan triwulan demo: {uploaded} diunggah (berkas di {demo_dir})")
    return out


def _stopped_at(moment: datetime) -> Callable[[], datetime]:
    """A clock that always reads ``moment``."""
    return lambda: moment


def _has_version(rt: Runtime, kode_unit: str, tahun: int, triwulan: int) -> bool:
    with rt.uow() as session:
        n = session.scalar(
            select(func.count())
            .select_from(Pengiriman)
            .join(Unit, Unit.id == Pengiriman.unit_id)
            .where(
                Unit.kode == kode_unit, Pengiriman.tahun == tahun, Pengiriman.triwulan == triwulan
            )
        )
        return bool(n)


def _uploader(rt: Runtime, kode_unit: str) -> Aktor:
    """The unit's own staff member when the demo has one, so the history reads naturally."""
    with rt.uow() as session:
        user = session.scalar(
            select(Pengguna)
            .join(Unit, Unit.id == Pengguna.unit_id)
            .where(Unit.kode == kode_unit, Pengguna.peran == "Staf Unit")
            .order_by(Pengguna.id)
        )
        if user is None:
            user = session.scalar(
                select(Pengguna).where(Pengguna.peran == "Staf Penyusun Evaluasi Kinerja")
            )
        return Aktor.from_pengguna(user) if user else SISTEM


def _ensure_round(rt: Runtime, tahun: int, triwulan: int) -> date:
    """The demo quarter's round, opened a month before its deadline; returns the deadline."""
    with rt.uow() as session:
        exists = session.scalar(
            select(PutaranPengumpulan).where(
                PutaranPengumpulan.tahun == tahun, PutaranPengumpulan.triwulan == triwulan
            )
        )
        if exists is not None:
            return exists.batas_waktu
        year = tahun + 1 if triwulan == 4 else tahun
        batas = date(year, _DEADLINE_MONTH[triwulan], 10)
        if (tahun, triwulan) == OPEN_ROUND:  # the demo's current round: open two weeks more
            batas = rt.clock().astimezone(rt.settings.timezone).date() + timedelta(days=14)
        opened = datetime.combine(
            batas - timedelta(days=30), datetime.min.time(), rt.settings.timezone
        )
        session.add(
            PutaranPengumpulan(
                tahun=tahun,
                triwulan=triwulan,
                batas_waktu=batas,
                status="dibuka",
                catatan="Putaran demo",
                dibuat_pada=opened,
                dibuka_pada=opened,
            )
        )
        session.commit()
        return batas


def _close_past_rounds(rt: Runtime) -> None:
    """The demo's rounds whose deadline has passed are closed at their deadline."""
    with rt.uow() as session:
        for p in session.scalars(
            select(PutaranPengumpulan).where(
                PutaranPengumpulan.status == "dibuka", PutaranPengumpulan.catatan == "Putaran demo"
            )
        ):
            end = deadline_end(p.batas_waktu, rt.settings.timezone)
            if end <= rt.clock():
                p.status, p.ditutup_pada = "ditutup", end
        session.commit()
