"""Review (SOP step 7): the Irban Wil accepts (YA) a closed round's data or a report version,
or returns it (TIDAK) with corrections per indicator. A decision is never edited: a newer
one follows it. The reviewer sees what changed since the last TIDAK, old value → new value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.periods import quarter_title
from lakip.domain.roles import Izin, Peran
from lakip.domain.workflow import (
    DECISIONS,
    AksiLaporan,
    AksiPengiriman,
    AksiPutaran,
    JenisLaporan,
    LangkahDitolak,
    StatusLaporan,
    StatusPutaran,
    TahapPengiriman,
    move_report,
    move_submission,
)
from lakip.services._collection import check_round_move, owing_units, refuse_move
from lakip.services._notices import active_users, notify
from lakip.services._sop_steps import finish_step, start_step
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid, TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store.models import (
    Indikator,
    KeputusanReviu,
    Koreksi,
    Laporan,
    LaporanVersi,
    Pengguna,
    Pengiriman,
    PutaranPengumpulan,
    Realisasi,
    Unit,
    VersiPengiriman,
)

CATATAN_MAX = 5_000


@dataclass(frozen=True)
class KoreksiInput:
    """A correction the reviewer asks for: an indicator (by code) and what to fix."""

    kode_indikator: str
    catatan: str


@dataclass(frozen=True)
class KoreksiTercatat:
    kode_indikator: str
    kode_unit: str | None
    catatan: str
    dijawab_versi: int | None  # the version number that answered it, None: still owed


@dataclass(frozen=True)
class KeputusanView:
    """A review decision as the history shows it."""

    id: int
    keputusan: str
    catatan: str | None
    reviewer: str
    diputuskan_pada: datetime
    koreksi: tuple[KoreksiTercatat, ...]


@dataclass(frozen=True)
class Perubahan:
    """An indicator's figure between the version last reviewed and the newest one."""

    kode_unit: str
    kode_indikator: str
    nama_indikator: str
    versi_lama: int | None
    versi_baru: int
    nilai_lama: Decimal | None
    nilai_baru: Decimal | None
    dikoreksi: bool  # the reviewer asked for a correction on it


@dataclass(frozen=True)
class UnitReviu:
    kode: str
    nama: str
    tahap: TahapPengiriman
    versi: int


@dataclass(frozen=True)
class ReviuPutaran:
    """What the reviewer sees of a round: its state, its units, its decisions (newest first)
    and what changed since the newest TIDAK."""

    putaran_id: int
    tahun: int
    triwulan: int
    status: StatusPutaran
    unit: tuple[UnitReviu, ...]
    keputusan: tuple[KeputusanView, ...]
    perubahan: tuple[Perubahan, ...]
    indikator: tuple[tuple[str, str], ...]  # (code, name) the reviewer may correct

    @property
    def judul(self) -> str:
        return quarter_title(self.tahun, self.triwulan)


def _decision(keputusan: str) -> str:
    k = keputusan.strip().upper()
    if k not in DECISIONS:
        raise InputTidakValid([f"Keputusan harus YA atau TIDAK, ditemukan '{keputusan}'."])
    return k


def _clean_note(catatan: str | None, where: str) -> str | None:
    text = (catatan or "").strip()
    if len(text) > CATATAN_MAX:
        raise InputTidakValid([f"{where} terlalu panjang (maksimal {CATATAN_MAX} karakter)."])
    return text or None


def _newest_versions(session: Session, tahun: int, triwulan: int) -> dict[int, VersiPengiriman]:
    """Pengiriman id → its newest version, for the quarter."""
    rows = session.scalars(
        select(VersiPengiriman)
        .join(Pengiriman, Pengiriman.id == VersiPengiriman.pengiriman_id)
        .where(
            Pengiriman.tahun == tahun,
            Pengiriman.triwulan == triwulan,
            VersiPengiriman.nomor == Pengiriman.versi_terakhir,
        )
    )
    return {v.pengiriman_id: v for v in rows}


def review_round(
    rt: Runtime,
    aktor: Aktor,
    putaran_id: int,
    keputusan: str,
    catatan: str | None = None,
    koreksi: Sequence[KoreksiInput] = (),
) -> KeputusanView:
    """Decide on a closed round's data: YA accepts every submission in it; TIDAK returns the
    submissions of the units whose indicators got a correction, each a note the unit sees.

    Raises InputTidakValid (bad decision, TIDAK with no correction, an indicator that is not in
    the year's plan or whose unit sent nothing), LangkahTidakSah (a round still open, already
    accepted; YA while corrections are owed), Ditolak when the role may not review.
    """
    require(rt, aktor, Izin.REVIU, aksi="reviu.putaran")
    k = _decision(keputusan)
    note = _clean_note(catatan, "Catatan reviu")
    wanted: dict[str, str] = {}
    problems: list[str] = []
    for item in koreksi:
        text = (item.catatan or "").strip()
        kode = item.kode_indikator.strip()
        if not text:
            problems.append(f"Koreksi untuk {kode}: catatan koreksi wajib diisi.")
        elif len(text) > CATATAN_MAX:
            problems.append(f"Koreksi untuk {kode} terlalu panjang (maksimal {CATATAN_MAX}).")
        else:
            wanted[kode] = text
    if k == "TIDAK" and not koreksi:
        problems.append("Keputusan TIDAK memerlukan sedikitnya satu koreksi per indikator.")
    if k == "YA" and koreksi:
        problems.append("Keputusan YA tidak disertai koreksi; pilih TIDAK untuk meminta perbaikan.")
    if problems:
        raise InputTidakValid(problems)
    now = rt.clock()
    with rt.uow() as session:
        putaran = session.get(PutaranPengumpulan, putaran_id)
        if putaran is None:
            raise TidakDitemukan(f"Pengumpulan dengan nomor {putaran_id} tidak ditemukan.")
        sebelum = StatusPutaran(putaran.status)
        aksi = AksiPutaran.TERIMA if k == "YA" else AksiPutaran.KEMBALIKAN
        putaran.status = check_round_move(
            rt, aktor, "reviu.putaran", sebelum, aksi, putaran=putaran.id, keputusan=k
        ).value
        subs = {
            s.id: s
            for s in session.scalars(
                select(Pengiriman).where(
                    Pengiriman.tahun == putaran.tahun,
                    Pengiriman.triwulan == putaran.triwulan,
                    Pengiriman.versi_terakhir > 0,
                )
            )
        }
        newest = _newest_versions(session, putaran.tahun, putaran.triwulan)
        decision = KeputusanReviu(
            putaran_id=putaran.id,
            keputusan=k,
            catatan=note,
            reviewer_id=aktor.id,
            diputuskan_pada=now,
            versi_direviu=sorted(v.id for v in newest.values()),
        )
        session.add(decision)
        session.flush()
        judul = quarter_title(putaran.tahun, putaran.triwulan)
        moved: dict[str, tuple[str, str]] = {}
        if k == "YA":
            waiting = sorted(
                s.unit.kode for s in subs.values() if s.status == TahapPengiriman.DIKEMBALIKAN
            )
            if waiting:
                session.rollback()
                raise refuse_move(
                    rt,
                    aktor,
                    "reviu.putaran",
                    "Tidak dapat menerima (YA): perbaikan dari unit "
                    f"{', '.join(waiting)} belum diunggah.",
                    putaran=putaran_id,
                )
            for s in subs.values():
                old = s.status
                s.status = move_submission(TahapPengiriman(old), AksiPengiriman.TERIMA).value
                moved[s.unit.kode] = (old, s.status)
            finish_step(session, 7, now, aktor, "YA", putaran_id=putaran.id)
            start_step(session, 4, now, putaran_id=putaran.id, objek=f"Laporan {judul}")
        else:
            by_unit = {s.unit_id: s for s in subs.values()}
            indicators = {
                i.kode: i
                for i in session.scalars(select(Indikator).where(Indikator.kode.in_(wanted)))
            }
            planned = owing_units(session, putaran.tahun)
            bad = []
            for kode in wanted:
                ind = indicators.get(kode)
                if ind is None or ind.id not in planned.get(ind.unit_id, []):
                    bad.append(f"Indikator {kode} tidak ada dalam perencanaan {putaran.tahun}.")
                elif ind.unit_id not in by_unit:
                    bad.append(f"Indikator {kode}: unitnya belum mengunggah laporan {judul}.")
            if bad:
                session.rollback()
                raise InputTidakValid(bad)
            returned: set[int] = set()
            for kode, text in sorted(wanted.items()):
                ind = indicators[kode]
                sub = by_unit[ind.unit_id]
                session.add(
                    Koreksi(
                        keputusan_id=decision.id,
                        indikator_id=ind.id,
                        triwulan=putaran.triwulan,
                        catatan=text,
                        pengiriman_id=sub.id,
                    )
                )
                returned.add(sub.id)
            for sid in sorted(returned):
                s = subs[sid]
                old = s.status
                try:
                    s.status = move_submission(
                        TahapPengiriman(old), AksiPengiriman.KEMBALIKAN
                    ).value
                except LangkahDitolak as exc:
                    session.rollback()
                    raise refuse_move(rt, aktor, "reviu.putaran", exc, unit=s.unit.kode) from exc
                moved[s.unit.kode] = (old, s.status)
                notify(
                    session,
                    active_users(session, unit_ids=[s.unit_id], peran=[Peran.KASUBBAG_PROGRAM]),
                    f"keputusan:{decision.id}:unit:{s.unit_id}",
                    "dikembalikan",
                    f"Laporan {s.unit.kode} {judul} dikembalikan untuk diperbaiki",
                    "Irban Wil mengembalikan laporan dengan hasil koreksi per indikator; lihat "
                    "halaman Unggah Laporan Triwulan, perbaiki, lalu unggah kembali.",
                    now,
                    email=bool(rt.settings.smtp_url),
                )
            finish_step(session, 7, now, aktor, "TIDAK", putaran_id=putaran.id)
        audit(
            session,
            aktor,
            "reviu.putaran",
            objek="keputusan_reviu",
            objek_id=decision.id,
            detail={
                "putaran": putaran.id,
                "keputusan": k,
                "sebelum": sebelum.value,
                "sesudah": putaran.status,
                "koreksi": sorted(wanted),
                "pengiriman": {u: {"sebelum": a, "sesudah": b} for u, (a, b) in moved.items()},
            },
        )
        session.flush()
        view = _decision_views(session, [decision])[0]
        session.commit()
        return view


def _decision_views(session: Session, decisions: Sequence[KeputusanReviu]) -> list[KeputusanView]:
    ids = [d.id for d in decisions]
    names = dict(session.execute(select(Pengguna.id, Pengguna.nama)).all())
    rows = session.execute(
        select(Koreksi, Indikator.kode, Unit.kode, VersiPengiriman.nomor)
        .join(Indikator, Indikator.id == Koreksi.indikator_id)
        .outerjoin(Pengiriman, Pengiriman.id == Koreksi.pengiriman_id)
        .outerjoin(Unit, Unit.id == Pengiriman.unit_id)
        .outerjoin(VersiPengiriman, VersiPengiriman.id == Koreksi.diselesaikan_versi_id)
        .where(Koreksi.keputusan_id.in_(ids))
        .order_by(Indikator.kode)
    ).all()
    per: dict[int, list[KoreksiTercatat]] = {}
    for k, kode_ind, kode_unit, nomor in rows:
        per.setdefault(k.keputusan_id, []).append(
            KoreksiTercatat(kode_ind, kode_unit, k.catatan, nomor)
        )
    return [
        KeputusanView(
            d.id,
            d.keputusan,
            d.catatan,
            names.get(d.reviewer_id, "?"),
            d.diputuskan_pada,
            tuple(per.get(d.id, [])),
        )
        for d in decisions
    ]


def report_decisions(rt: Runtime, aktor: Aktor, laporan_versi_id: int) -> list[KeputusanView]:
    """The review decisions on a report version, newest first. Raises TidakDitemukan, or
    Ditolak for roles that may not recap."""
    require(rt, aktor, Izin.REKAP, aksi="reviu.laporan.lihat")
    with rt.uow() as session:
        if session.get(LaporanVersi, laporan_versi_id) is None:
            raise TidakDitemukan(f"Versi laporan nomor {laporan_versi_id} tidak ditemukan.")
        decisions = session.scalars(
            select(KeputusanReviu)
            .where(KeputusanReviu.laporan_versi_id == laporan_versi_id)
            .order_by(KeputusanReviu.diputuskan_pada.desc(), KeputusanReviu.id.desc())
        ).all()
        return _decision_views(session, decisions)


def round_review(rt: Runtime, aktor: Aktor, putaran_id: int) -> ReviuPutaran:
    """A round as the reviewer sees it, read in one transaction. Raises TidakDitemukan, or
    Ditolak for roles that neither recap nor review."""
    require(rt, aktor, Izin.REKAP, aksi="reviu.lihat")
    with rt.uow() as session:
        putaran = session.get(PutaranPengumpulan, putaran_id)
        if putaran is None:
            raise TidakDitemukan(f"Pengumpulan dengan nomor {putaran_id} tidak ditemukan.")
        subs = list(
            session.scalars(
                select(Pengiriman)
                .join(Unit, Unit.id == Pengiriman.unit_id)
                .where(
                    Pengiriman.tahun == putaran.tahun,
                    Pengiriman.triwulan == putaran.triwulan,
                    Pengiriman.versi_terakhir > 0,
                )
                .order_by(Unit.kode)
            )
        )
        decisions = list(
            session.scalars(
                select(KeputusanReviu)
                .where(KeputusanReviu.putaran_id == putaran.id)
                .order_by(KeputusanReviu.id.desc())
            )
        )
        views = _decision_views(session, decisions)
        last_no = next((d for d in decisions if d.keputusan == "TIDAK"), None)
        changes = _changes(session, putaran, last_no) if last_no is not None else []
        owed = owing_units(session, putaran.tahun)
        planned_ids = [i for ids in owed.values() for i in ids]
        indicators = tuple(
            (kode, nama)
            for kode, nama in session.execute(
                select(Indikator.kode, Indikator.nama)
                .where(Indikator.id.in_(planned_ids))
                .order_by(Indikator.kode)
            )
        )
        return ReviuPutaran(
            putaran_id=putaran.id,
            tahun=putaran.tahun,
            triwulan=putaran.triwulan,
            status=StatusPutaran(putaran.status),
            unit=tuple(
                UnitReviu(s.unit.kode, s.unit.nama, TahapPengiriman(s.status), s.versi_terakhir)
                for s in subs
            ),
            keputusan=tuple(views),
            perubahan=tuple(changes),
            indikator=indicators,
        )


def _changes(
    session: Session, putaran: PutaranPengumpulan, decision: KeputusanReviu
) -> list[Perubahan]:
    """Per indicator, the figure in the version the decision saw and in the newest version,
    where the newest version is a later one and the figure differs or was corrected."""
    seen = {
        v.pengiriman_id: v
        for v in session.scalars(
            select(VersiPengiriman).where(VersiPengiriman.id.in_(decision.versi_direviu or []))
        )
    }
    newest = _newest_versions(session, putaran.tahun, putaran.triwulan)
    corrected = set(
        session.scalars(select(Koreksi.indikator_id).where(Koreksi.keputusan_id == decision.id))
    )
    result = []
    for pid, new in newest.items():
        old = seen.get(pid)
        if old is not None and old.id == new.id:
            continue
        ids = [new.id] + ([old.id] if old is not None else [])
        values: dict[tuple[int, int], Decimal | None] = {
            (r.versi_id, r.indikator_id): r.nilai
            for r in session.scalars(select(Realisasi).where(Realisasi.versi_id.in_(ids)))
        }
        unit_kode = session.scalar(
            select(Unit.kode)
            .join(Pengiriman, Pengiriman.unit_id == Unit.id)
            .where(Pengiriman.id == pid)
        )
        inds = session.execute(
            select(Indikator.id, Indikator.kode, Indikator.nama)
            .where(Indikator.id.in_({i for _v, i in values}))
            .order_by(Indikator.kode)
        ).all()
        for ind_id, kode, nama in inds:
            before = values.get((old.id, ind_id)) if old is not None else None
            after = values.get((new.id, ind_id))
            if before != after or ind_id in corrected:
                result.append(
                    Perubahan(
                        kode_unit=unit_kode or "",
                        kode_indikator=kode,
                        nama_indikator=nama,
                        versi_lama=old.nomor if old is not None else None,
                        versi_baru=new.nomor,
                        nilai_lama=before,
                        nilai_baru=after,
                        dikoreksi=ind_id in corrected,
                    )
                )
    return sorted(result, key=lambda p: (p.kode_unit, p.kode_indikator))


def review_report(
    rt: Runtime, aktor: Aktor, laporan_versi_id: int, keputusan: str, catatan: str | None = None
) -> KeputusanView:
    """Decide on a report version sent for review: YA accepts it, TIDAK returns it (a
    rebuild is a new version). Raises InputTidakValid, LangkahTidakSah (a version not sent for
    review), TidakDitemukan, or Ditolak when the role may not review."""
    require(rt, aktor, Izin.REVIU, aksi="reviu.laporan")
    k = _decision(keputusan)
    note = _clean_note(catatan, "Catatan reviu")
    if k == "TIDAK" and not note:
        raise InputTidakValid(["Keputusan TIDAK memerlukan catatan koreksi."])
    now = rt.clock()
    with rt.uow() as session:
        versi = session.get(LaporanVersi, laporan_versi_id)
        if versi is None:
            raise TidakDitemukan(f"Versi laporan nomor {laporan_versi_id} tidak ditemukan.")
        laporan = session.get(Laporan, versi.laporan_id)
        assert laporan is not None
        sebelum = StatusLaporan(versi.status)
        aksi = AksiLaporan.TERIMA if k == "YA" else AksiLaporan.KEMBALIKAN
        try:
            versi.status = move_report(JenisLaporan(laporan.jenis), sebelum, aksi).value
        except LangkahDitolak as exc:
            session.rollback()
            raise refuse_move(rt, aktor, "reviu.laporan", exc, laporan_versi=versi.id) from exc
        decision = KeputusanReviu(
            laporan_versi_id=versi.id,
            keputusan=k,
            catatan=note,
            reviewer_id=aktor.id,
            diputuskan_pada=now,
            versi_direviu=list(versi.sumber_versi or []),
        )
        session.add(decision)
        session.flush()
        finish_step(session, 7, now, aktor, k, laporan_versi_id=versi.id)
        notify(
            session,
            active_users(session, peran=[Peran.KASUBBAG_PROGRAM, Peran.STAF_PENYUSUN]),
            f"keputusan:{decision.id}:laporan",
            "reviu_laporan",
            f"Reviu laporan {laporan.jenis} {laporan.periode} {laporan.tahun} versi "
            f"{versi.nomor}: {k}",
            note or "Laporan diterima Irban Wil dan siap diterbitkan.",
            now,
            email=bool(rt.settings.smtp_url),
        )
        audit(
            session,
            aktor,
            "reviu.laporan",
            objek="keputusan_reviu",
            objek_id=decision.id,
            detail={
                "laporan_versi": versi.id,
                "keputusan": k,
                "sebelum": sebelum.value,
                "sesudah": versi.status,
            },
        )
        session.flush()
        view = _decision_views(session, [decision])[0]
        session.commit()
        return view
