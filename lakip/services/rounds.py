"""Collection rounds (SOP step 1): open a quarter's round with a deadline and a disposisi,
close it by hand or at its deadline, reopen it with a reason; what a unit owes in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.formatting import format_date
from lakip.domain.periods import QUARTERS, quarter_title, year_error
from lakip.domain.roles import Izin, Peran
from lakip.domain.workflow import AksiPutaran, StatusPutaran, TahapPengiriman, days_to_deadline
from lakip.services._collection import check_round_move, closes_at, owing_units, refuse_move
from lakip.services._notices import active_users, notify
from lakip.services._sop_steps import finish_step, start_step
from lakip.services.access import SISTEM, Aktor, audit, require, require_unit
from lakip.services.errors import InputTidakValid, TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store.models import (
    Disposisi,
    Indikator,
    KeputusanReviu,
    Koreksi,
    PembukaanUlang,
    Pengguna,
    Pengiriman,
    PutaranPengumpulan,
)
from lakip.store.queries import counting_realizations, unit_by_code

DISPOSISI_MAX = 5_000


@dataclass(frozen=True)
class PembukaanView:
    """A reopening of a round."""

    alasan: str
    sampai: date
    oleh: str | None
    pada: datetime


@dataclass(frozen=True)
class PutaranView:
    """A collection round as screens show it."""

    id: int
    tahun: int
    triwulan: int
    batas_waktu: date
    status: StatusPutaran
    disposisi: str | None
    dibuka_pada: datetime | None
    ditutup_pada: datetime | None
    dibuka_ulang_sampai: date | None
    pembukaan_ulang: tuple[PembukaanView, ...]

    @property
    def judul(self) -> str:
        return quarter_title(self.tahun, self.triwulan)


@dataclass(frozen=True)
class KoreksiView:
    """A correction the reviewer asked of a unit, per indicator."""

    kode_indikator: str
    nama_indikator: str
    catatan: str
    diminta_pada: datetime
    selesai: bool


@dataclass(frozen=True)
class TugasUnit:
    """What a unit owes in a quarter's round, for its home and upload screens."""

    putaran: PutaranView
    kode_unit: str
    wajib: int
    terisi: int
    tahap: TahapPengiriman
    sisa_hari: int  # days to the deadline on the agency's clock (negative: passed)
    boleh_unggah: bool
    koreksi: tuple[KoreksiView, ...]


def _view(session: Session, putaran: PutaranPengumpulan) -> PutaranView:
    rows = session.execute(
        select(PembukaanUlang, Pengguna.nama)
        .outerjoin(Pengguna, Pengguna.id == PembukaanUlang.oleh_id)
        .where(PembukaanUlang.putaran_id == putaran.id)
        .order_by(PembukaanUlang.id)
    ).all()
    return PutaranView(
        id=putaran.id,
        tahun=putaran.tahun,
        triwulan=putaran.triwulan,
        batas_waktu=putaran.batas_waktu,
        status=StatusPutaran(putaran.status),
        disposisi=putaran.catatan,
        dibuka_pada=putaran.dibuka_pada if putaran.status != StatusPutaran.DRAF else None,
        ditutup_pada=putaran.ditutup_pada,
        dibuka_ulang_sampai=putaran.dibuka_ulang_sampai,
        pembukaan_ulang=tuple(PembukaanView(p.alasan, p.sampai, nama, p.pada) for p, nama in rows),
    )


def open_round(
    rt: Runtime,
    aktor: Aktor,
    tahun: int,
    triwulan: int,
    batas_waktu: date,
    disposisi: str,
    *,
    draf: bool = False,
) -> PutaranView:
    """Open (or, with ``draf``, prepare) the collection round of a quarter.

    Sends the disposisi to every unit owing indicators in the year's plan and notices their
    staff. Opening a prepared draft opens it. Raises InputTidakValid on a bad quarter, a
    deadline already past or an empty disposisi, LangkahTidakSah when the round is already
    open or further, Ditolak when the role may not open rounds.
    """
    require(rt, aktor, Izin.BUKA_PENGUMPULAN, aksi="putaran.buka")
    now = rt.clock()
    zona = rt.settings.timezone
    teks = (disposisi or "").strip()
    problems = [p for p in [year_error(tahun)] if p]
    if triwulan not in QUARTERS:
        problems.append(f"Triwulan harus 1–4, ditemukan {triwulan}.")
    if days_to_deadline(batas_waktu, now, zona) < 0:
        problems.append(f"Batas waktu {format_date(batas_waktu)} sudah lewat; pilih tanggal lain.")
    if not teks:
        problems.append("Isi disposisi wajib diisi: tuliskan instruksi kepada unit.")
    elif len(teks) > DISPOSISI_MAX:
        problems.append(f"Disposisi terlalu panjang (maksimal {DISPOSISI_MAX} karakter).")
    if problems:
        raise InputTidakValid(problems)
    with rt.uow() as session:
        putaran = session.scalar(
            select(PutaranPengumpulan).where(
                PutaranPengumpulan.tahun == tahun, PutaranPengumpulan.triwulan == triwulan
            )
        )
        owed = owing_units(session, tahun)
        if not owed:
            raise InputTidakValid(
                [f"Tahun {tahun} belum memiliki indikator bertarget; impor perencanaan dahulu."]
            )
        if putaran is None:
            putaran = PutaranPengumpulan(
                tahun=tahun,
                triwulan=triwulan,
                batas_waktu=batas_waktu,
                status=StatusPutaran.DRAF.value,
                dibuat_pada=now,
                dibuka_pada=now,
            )
            session.add(putaran)
            session.flush()
            start_step(session, 1, now, putaran_id=putaran.id, objek=quarter_title(tahun, triwulan))
        elif draf or putaran.status != StatusPutaran.DRAF:
            raise refuse_move(
                rt,
                aktor,
                "putaran.buka",
                f"Pengumpulan {quarter_title(tahun, triwulan)} sudah ada "
                f"(status {putaran.status}); tidak dibuat ulang.",
                putaran=putaran.id,
            )
        putaran.batas_waktu = batas_waktu
        putaran.catatan = teks
        if not draf:
            putaran.status = check_round_move(
                rt, aktor, "putaran.buka", StatusPutaran(putaran.status), AksiPutaran.BUKA
            ).value
            putaran.dibuka_pada = now
            putaran.dibuka_oleh_id = aktor.id
            for unit_id in sorted(owed):
                session.add(
                    Disposisi(
                        putaran_id=putaran.id,
                        unit_id=unit_id,
                        dari_id=aktor.id,
                        isi=teks,
                        dibuat=now,
                    )
                )
            for sub in session.scalars(
                select(Pengiriman).where(Pengiriman.tahun == tahun, Pengiriman.triwulan == triwulan)
            ):
                sub.putaran_id = putaran.id
            finish_step(session, 1, now, aktor, "Disposisi dikirim ke unit", putaran_id=putaran.id)
            judul = f"Pengumpulan {quarter_title(tahun, triwulan)} dibuka"
            notify(
                session,
                active_users(session, unit_ids=owed, peran=[Peran.KASUBBAG_PROGRAM]),
                f"putaran:{putaran.id}:dibuka",
                "putaran_dibuka",
                judul,
                f"{teks}\n\nBatas waktu unggah: {format_date(batas_waktu)}.",
                now,
                email=bool(rt.settings.smtp_url),
            )
        audit(
            session,
            aktor,
            "putaran.draf" if draf else "putaran.buka",
            objek="putaran_pengumpulan",
            objek_id=putaran.id,
            detail={
                "tahun": tahun,
                "triwulan": triwulan,
                "batas_waktu": batas_waktu.isoformat(),
                "unit": len(owed),
                "sesudah": putaran.status,
            },
        )
        session.flush()
        view = _view(session, putaran)
        session.commit()
        return view


def _get(session: Session, putaran_id: int) -> PutaranPengumpulan:
    putaran = session.get(PutaranPengumpulan, putaran_id)
    if putaran is None:
        raise TidakDitemukan(f"Pengumpulan dengan nomor {putaran_id} tidak ditemukan.")
    return putaran


def close_round(rt: Runtime, aktor: Aktor, putaran_id: int) -> PutaranView:
    """Close an open round by hand: uploads stop, the recap and the review may begin.

    Raises LangkahTidakSah when the round is not open, Ditolak when the role may not.
    """
    require(rt, aktor, Izin.BUKA_PENGUMPULAN, aksi="putaran.tutup")
    with rt.uow() as session:
        putaran = _get(session, putaran_id)
        _close(rt, session, aktor, putaran, otomatis=False)
        view = _view(session, putaran)
        session.commit()
        return view


def _close(
    rt: Runtime, session: Session, aktor: Aktor, putaran: PutaranPengumpulan, *, otomatis: bool
) -> None:
    now = rt.clock()
    sebelum = putaran.status
    putaran.status = check_round_move(
        rt, aktor, "putaran.tutup", StatusPutaran(sebelum), AksiPutaran.TUTUP, putaran=putaran.id
    ).value
    putaran.ditutup_pada = now
    putaran.ditutup_oleh_id = aktor.id
    start_step(
        session, 2, now, putaran_id=putaran.id, objek=quarter_title(putaran.tahun, putaran.triwulan)
    )
    start_step(session, 7, now, putaran_id=putaran.id, objek="Reviu data triwulan")
    audit(
        session,
        aktor,
        "putaran.tutup",
        objek="putaran_pengumpulan",
        objek_id=putaran.id,
        detail={"sebelum": sebelum, "sesudah": putaran.status, "otomatis": otomatis},
    )


def close_due_rounds(rt: Runtime) -> list[int]:
    """Close every open round whose deadline (or reopening) has ended; returns their ids.
    Run by the worker's beat schedule; each close is its own transaction."""
    now = rt.clock()
    with rt.uow() as session:
        due = [
            p.id
            for p in session.scalars(
                select(PutaranPengumpulan).where(PutaranPengumpulan.status == StatusPutaran.DIBUKA)
            )
            if now >= closes_at(p, rt.settings.timezone)
        ]
    closed = []
    for pid in due:
        with rt.uow() as session:
            putaran = session.get(PutaranPengumpulan, pid)
            if putaran is None or putaran.status != StatusPutaran.DIBUKA:
                continue
            _close(rt, session, SISTEM, putaran, otomatis=True)
            session.commit()
            closed.append(pid)
    return closed


def reopen_round(
    rt: Runtime, aktor: Aktor, putaran_id: int, alasan: str, sampai: date
) -> PutaranView:
    """Reopen a closed round until ``sampai`` for late uploads, recording who and why.

    Uploads that come now are late (judged against the original deadline). Raises
    InputTidakValid on a date already past, LangkahTidakSah on a round that is not closed or
    with no reason, Ditolak when the role may not.
    """
    require(rt, aktor, Izin.BUKA_PENGUMPULAN, aksi="putaran.buka_ulang")
    now = rt.clock()
    if days_to_deadline(sampai, now, rt.settings.timezone) < 0:
        raise InputTidakValid([f"Tanggal {format_date(sampai)} sudah lewat; pilih tanggal lain."])
    with rt.uow() as session:
        putaran = _get(session, putaran_id)
        sebelum = putaran.status
        putaran.status = check_round_move(
            rt,
            aktor,
            "putaran.buka_ulang",
            StatusPutaran(sebelum),
            AksiPutaran.BUKA_ULANG,
            alasan=alasan,
            putaran=putaran.id,
        ).value
        putaran.dibuka_ulang_sampai = sampai
        putaran.ditutup_pada = None
        session.add(
            PembukaanUlang(
                putaran_id=putaran.id,
                alasan=alasan.strip(),
                sampai=sampai,
                oleh_id=aktor.id,
                pada=now,
            )
        )
        audit(
            session,
            aktor,
            "putaran.buka_ulang",
            objek="putaran_pengumpulan",
            objek_id=putaran.id,
            detail={
                "sebelum": sebelum,
                "sesudah": putaran.status,
                "alasan": alasan.strip(),
                "sampai": sampai.isoformat(),
            },
        )
        session.flush()
        view = _view(session, putaran)
        session.commit()
        return view


def list_rounds(rt: Runtime, aktor: Aktor, tahun: int | None = None) -> list[PutaranView]:
    """Every round (of ``tahun``), newest quarter first. Raises Ditolak for roles that do
    not recap."""
    require(rt, aktor, Izin.REKAP, aksi="putaran.lihat")
    with rt.uow() as session:
        stmt = select(PutaranPengumpulan).order_by(
            PutaranPengumpulan.tahun.desc(), PutaranPengumpulan.triwulan.desc()
        )
        if tahun is not None:
            stmt = stmt.where(PutaranPengumpulan.tahun == tahun)
        return [_view(session, p) for p in session.scalars(stmt)]


def unit_task(
    rt: Runtime, aktor: Aktor, kode_unit: str, tahun: int, triwulan: int
) -> TugasUnit | None:
    """What ``kode_unit`` owes in the quarter's round (None when no round is open or made),
    with the reviewer's corrections it still owes. Raises TidakDitemukan on an unknown unit,
    Ditolak when the actor may not see that unit's uploads."""
    require(rt, aktor, Izin.UNGGAH_REALISASI, aksi="putaran.tugas_unit")
    with rt.uow() as session:
        unit = unit_by_code(session, kode_unit)
        if unit is None:
            raise TidakDitemukan(f"Unit {kode_unit} tidak ditemukan.")
        require_unit(rt, aktor, Izin.UNGGAH_REALISASI, unit, aksi="putaran.tugas_unit")
        putaran = session.scalar(
            select(PutaranPengumpulan).where(
                PutaranPengumpulan.tahun == tahun, PutaranPengumpulan.triwulan == triwulan
            )
        )
        if putaran is None or putaran.status == StatusPutaran.DRAF:
            return None
        owed = owing_units(session, tahun).get(unit.id, [])
        filled = {
            r.indikator_id
            for r in counting_realizations(session, tahun, triwulan=triwulan, unit_ids={unit.id})
            if r.nilai is not None
        }
        sub = session.scalar(
            select(Pengiriman).where(
                Pengiriman.unit_id == unit.id,
                Pengiriman.tahun == tahun,
                Pengiriman.triwulan == triwulan,
            )
        )
        tahap = (
            TahapPengiriman(sub.status)
            if sub is not None and sub.versi_terakhir > 0
            else TahapPengiriman.BELUM
        )
        koreksi = tuple(_open_corrections(session, sub.id)) if sub is not None else ()
        now = rt.clock()
        status = StatusPutaran(putaran.status)
        boleh = (
            status is StatusPutaran.DIBUKA and now < closes_at(putaran, rt.settings.timezone)
        ) or (status is StatusPutaran.DIKEMBALIKAN and tahap in _CORRECTING)
        return TugasUnit(
            putaran=_view(session, putaran),
            kode_unit=unit.kode,
            wajib=len(owed),
            terisi=sum(1 for i in owed if i in filled),
            tahap=tahap,
            sisa_hari=days_to_deadline(putaran.batas_waktu, now, rt.settings.timezone),
            boleh_unggah=boleh,
            koreksi=koreksi,
        )


_CORRECTING = (TahapPengiriman.DIKEMBALIKAN, TahapPengiriman.DIPERBAIKI)


def _open_corrections(session: Session, pengiriman_id: int) -> list[KoreksiView]:
    """The corrections of the newest TIDAK decision on this submission's round."""
    rows = session.execute(
        select(Koreksi, Indikator.kode, Indikator.nama, KeputusanReviu.diputuskan_pada)
        .join(KeputusanReviu, KeputusanReviu.id == Koreksi.keputusan_id)
        .join(Indikator, Indikator.id == Koreksi.indikator_id)
        .where(Koreksi.pengiriman_id == pengiriman_id)
        .order_by(KeputusanReviu.id.desc(), Indikator.kode)
    ).all()
    if not rows:
        return []
    newest = rows[0][0].keputusan_id
    return [
        KoreksiView(kode, nama, k.catatan, pada, k.diselesaikan_versi_id is not None)
        for k, kode, nama, pada in rows
        if k.keputusan_id == newest
    ]
