"""Pemantauan SOP: each step of a collection round with its elapsed time against the time
standard of Profil Instansi, the steps that ran over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lakip.domain.periods import quarter_title
from lakip.domain.roles import Izin
from lakip.services.access import Aktor, require
from lakip.services.errors import TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store.models import LangkahSop, Pengguna, PutaranPengumpulan, StandarSop


@dataclass(frozen=True)
class LangkahView:
    """A performed (or running) SOP step."""

    nomor: int
    uraian: str
    pelaksana: str
    oleh: str | None
    mulai: datetime
    selesai: datetime | None  # None: still running
    menit: float  # elapsed, up to now while running
    standar_menit: int
    hasil: str | None

    @property
    def lewat(self) -> bool:
        """The step took (or has been running) longer than its standard."""
        return self.menit > self.standar_menit


@dataclass(frozen=True)
class PemantauanPutaran:
    putaran_id: int
    judul: str
    langkah: tuple[LangkahView, ...]

    @property
    def melebihi(self) -> tuple[LangkahView, ...]:
        return tuple(s for s in self.langkah if s.lewat)


def monitor_round(rt: Runtime, aktor: Aktor, putaran_id: int) -> PemantauanPutaran:
    """The SOP steps logged for a round, in the order they started. Raises TidakDitemukan on
    an unknown round, Ditolak for roles that may not recap."""
    require(rt, aktor, Izin.REKAP, aksi="sop.pantau")
    now = rt.clock()
    with rt.uow() as session:
        putaran = session.get(PutaranPengumpulan, putaran_id)
        if putaran is None:
            raise TidakDitemukan(f"Pengumpulan dengan nomor {putaran_id} tidak ditemukan.")
        rows = session.execute(
            select(LangkahSop, StandarSop, Pengguna.nama)
            .join(StandarSop, StandarSop.nomor == LangkahSop.nomor)
            .outerjoin(Pengguna, Pengguna.id == LangkahSop.pengguna_id)
            .where(LangkahSop.putaran_id == putaran_id)
            .order_by(LangkahSop.mulai_pada, LangkahSop.id)
        ).all()
        steps = tuple(
            LangkahView(
                nomor=step.nomor,
                uraian=std.uraian,
                pelaksana=std.pelaksana,
                oleh=nama,
                mulai=step.mulai_pada,
                selesai=step.selesai_pada,
                menit=((step.selesai_pada or now) - step.mulai_pada).total_seconds() / 60,
                standar_menit=std.waktu_menit,
                hasil=step.hasil,
            )
            for step, std, nama in rows
        )
        return PemantauanPutaran(putaran.id, quarter_title(putaran.tahun, putaran.triwulan), steps)
