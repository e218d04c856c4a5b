"""Recap of a quarter (SOP step 2): which units owe a report, what they sent and when, every
realization of the quarter in one table with its source file, and the recap's end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.filenames import recap_export_name
from lakip.domain.periods import quarter_title
from lakip.domain.roles import Izin
from lakip.domain.workflow import (
    StatusPengiriman,
    StatusPutaran,
    TahapPengiriman,
    deadline_end,
    submission_status,
)
from lakip.reports.document import Bagian, Dokumen, Kolom, Paragraf, Tabel
from lakip.reports.xlsx_writer import write_xlsx
from lakip.services._collection import check_quarter, refuse_move
from lakip.services._sop_steps import (
    CatatanLangkah,
    finish_step,
    last_step,
    refuse_if_finished,
    start_step,
)
from lakip.services.access import Aktor, audit, require, visible_unit_ids
from lakip.services.runtime import Runtime
from lakip.store.models import VersiPengiriman
from lakip.store.queries import (
    agency_profile,
    collection_round,
    counting_realizations,
    indicators_with_targets,
    quarter_submissions,
)

# SOP steps this module ends and starts (lakip.services._sop_steps numbers them).
LANGKAH_REKAP = 2
LANGKAH_OLAH = 3


@dataclass(frozen=True)
class RekapUnit:
    """One unit in a quarter's recap (FORMATS.md ``rekap``)."""

    kode: str
    nama: str
    wajib: int  # the unit's indicators in the year's plan
    terisi: int  # of them, those with a realization in the newest version
    versi: int  # versions stored for the quarter (0: none)
    status: StatusPengiriman
    unggah_pertama: datetime | None
    unggah_terakhir: datetime | None


@dataclass(frozen=True)
class BarisRealisasi:
    """One indicator's realization in the quarter's consolidated table, with where it came
    from: the file and the version number that counts (the unit's newest)."""

    kode_unit: str
    kode_indikator: str
    nama_indikator: str
    satuan: str
    target: Decimal | None  # the Rencana Aksi's target for the quarter
    realisasi: Decimal | None  # None: reported empty, or no report yet
    keterangan: str | None
    kendala: str | None
    upaya: str | None
    nama_berkas: str | None  # None: the unit has sent no version
    versi: int | None
    diunggah_pada: datetime | None


@dataclass(frozen=True)
class RekapTriwulan:
    """A quarter's recap: every unit responsible for an indicator of the year's plan, the
    quarter's realizations, and where the round and the recap step stand."""

    tahun: int
    triwulan: int
    unit: list[RekapUnit]
    realisasi: list[BarisRealisasi]
    status_putaran: StatusPutaran | None  # None: no round opened for the quarter
    batas_waktu: datetime | None  # the end of the deadline day, agency's clock
    langkah_rekap: CatatanLangkah | None  # the round's step 2, None before the round closes

    @property
    def judul(self) -> str:
        return quarter_title(self.tahun, self.triwulan)

    def jumlah(self) -> dict[StatusPengiriman, int]:
        """How many units are in each status (every status, zero included), in SOP order."""
        counts = dict.fromkeys(StatusPengiriman, 0)
        for u in self.unit:
            counts[u.status] += 1
        return counts

    @property
    def rekap_selesai(self) -> bool:
        return self.langkah_rekap is not None and self.langkah_rekap.selesai is not None

    def to_json(self) -> dict[str, Any]:
        """The object ``python -m lakip rekap --json`` prints, exactly as FORMATS.md gives it."""
        return {
            "tahun": self.tahun,
            "triwulan": self.triwulan,
            "unit": [
                {
                    "kode": u.kode,
                    "wajib": u.wajib,
                    "terisi": u.terisi,
                    "versi": u.versi,
                    "status": u.status.value,
                }
                for u in self.unit
            ],
        }


def recap_quarter(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> RekapTriwulan:
    """The recap of a quarter, read in one transaction; units sorted by code, realizations
    by unit and indicator code.

    A report is ``terlambat`` when its first version came after the end of the collection
    round's deadline day (the agency's clock). Raises InputTidakValid on a quarter outside
    1–4 or a year out of range, Ditolak when the role may not recap.
    """
    require(rt, aktor, Izin.REKAP, aksi="rekap.lihat")
    check_quarter(tahun, triwulan)
    with rt.uow() as session:
        return _read_recap(rt, session, aktor, tahun, triwulan)


def _read_recap(
    rt: Runtime, session: Session, aktor: Aktor, tahun: int, triwulan: int
) -> RekapTriwulan:
    visible = visible_unit_ids(session, aktor)
    plan = [i for i in indicators_with_targets(session, tahun, unit_ids=visible) if i.direncanakan]
    counting = {
        r.indikator_id: r
        for r in counting_realizations(session, tahun, triwulan=triwulan, unit_ids=visible)
    }
    sources = {
        v.id: v
        for v in session.scalars(
            select(VersiPengiriman).where(
                VersiPengiriman.id.in_({r.versi_id for r in counting.values()})
            )
        )
    }
    sent = quarter_submissions(session, tahun, triwulan)
    putaran = collection_round(session, tahun, triwulan)
    langkah = last_step(session, LANGKAH_REKAP, putaran.id) if putaran is not None else None
    deadline = (
        deadline_end(putaran.batas_waktu, rt.settings.timezone)
        if putaran is not None and putaran.batas_waktu is not None
        else None
    )
    units: dict[int, tuple[str, str, list[int]]] = {}
    for ind in plan:
        units.setdefault(ind.unit_id, (ind.kode_unit, ind.nama_unit, []))[2].append(ind.id)
    rows = []
    for unit_id, (kode, nama, indicator_ids) in sorted(units.items(), key=lambda u: u[1][0]):
        report = sent.get(unit_id)
        rows.append(
            RekapUnit(
                kode=kode,
                nama=nama,
                wajib=len(indicator_ids),
                terisi=sum(
                    1 for i in indicator_ids if i in counting and counting[i].nilai is not None
                ),
                versi=report.versi if report else 0,
                status=submission_status(
                    report.versi if report else 0,
                    report.first_upload if report else None,
                    deadline,
                    returned_without_newer_version=(
                        report is not None and report.tahap == TahapPengiriman.DIKEMBALIKAN
                    ),
                ),
                unggah_pertama=report.first_upload if report else None,
                unggah_terakhir=report.last_upload if report else None,
            )
        )
    table = []
    for ind in sorted(plan, key=lambda i: (i.kode_unit, i.kode)):
        real = counting.get(ind.id)
        source = sources.get(real.versi_id) if real is not None else None
        table.append(
            BarisRealisasi(
                kode_unit=ind.kode_unit,
                kode_indikator=ind.kode,
                nama_indikator=ind.nama,
                satuan=ind.satuan,
                target=ind.target_triwulan.get(triwulan),
                realisasi=real.nilai if real else None,
                keterangan=real.keterangan if real else None,
                kendala=real.kendala if real else None,
                upaya=real.upaya if real else None,
                nama_berkas=source.nama_berkas if source else None,
                versi=source.nomor if source else None,
                diunggah_pada=source.diunggah_pada if source else None,
            )
        )
    return RekapTriwulan(
        tahun,
        triwulan,
        rows,
        table,
        StatusPutaran(putaran.status) if putaran is not None else None,
        deadline,
        langkah,
    )


STATUS_LABEL = {
    StatusPengiriman.BELUM: "Belum",
    StatusPengiriman.MASUK: "Masuk",
    StatusPengiriman.TERLAMBAT: "Terlambat",
    StatusPengiriman.DIKEMBALIKAN: "Dikembalikan",
}


def export_recap_xlsx(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> tuple[str, bytes]:
    """The recap as an Excel workbook (file name, bytes): a sheet of units and their status,
    and the consolidated realizations with their source files and versions."""
    require(rt, aktor, Izin.REKAP, aksi="rekap.unduh")
    check_quarter(tahun, triwulan)
    with rt.uow() as session:
        rekap = _read_recap(rt, session, aktor, tahun, triwulan)
        profil = agency_profile(session)
    instansi = f"{profil.nama} {profil.pemerintah_daerah}" if profil is not None else ""
    zona = rt.settings.timezone

    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(zona) if moment is not None else None

    counts = ", ".join(f"{n} {s.value}" for s, n in rekap.jumlah().items())
    units = Tabel(
        [
            Kolom("Kode", 12),
            Kolom("Unit", 40),
            Kolom("Status", 14),
            Kolom("Indikator wajib", 12, "bilangan"),
            Kolom("Indikator terisi", 12, "bilangan"),
            Kolom("Versi", 8, "bilangan"),
            Kolom("Unggah pertama", 18, "waktu"),
            Kolom("Unggah terakhir", 18, "waktu"),
        ],
        [
            [
                u.kode,
                u.nama,
                STATUS_LABEL[u.status],
                u.wajib,
                u.terisi,
                u.versi,
                local(u.unggah_pertama),
                local(u.unggah_terakhir),
            ]
            for u in rekap.unit
        ],
    )
    realizations = Tabel(
        [
            Kolom("Unit", 12),
            Kolom("Kode", 12),
            Kolom("Indikator", 45),
            Kolom("Satuan", 12),
            Kolom("Target triwulan", 14, "angka"),
            Kolom("Realisasi", 14, "angka"),
            Kolom("Keterangan", 30),
            Kolom("Kendala", 35),
            Kolom("Upaya", 35),
            Kolom("Berkas sumber", 30),
            Kolom("Versi", 8, "bilangan"),
            Kolom("Diunggah", 18, "waktu"),
        ],
        [
            [
                b.kode_unit,
                b.kode_indikator,
                b.nama_indikator,
                b.satuan,
                b.target,
                b.realisasi,
                b.keterangan,
                b.kendala,
                b.upaya,
                b.nama_berkas,
                b.versi,
                local(b.diunggah_pada),
            ]
            for b in rekap.realisasi
        ],
    )
    doc = Dokumen(
        instansi=instansi,
        judul=f"Rekap {rekap.judul}",
        subjudul=f"{instansi}: {counts}",
        bagian=[
            Bagian("Status unit", [units], lembar="Rekap Unit"),
            Bagian(
                "Realisasi seluruh unit",
                [
                    Paragraf(
                        "Dari versi terbaru laporan tiap unit; kolom Berkas sumber dan Versi "
                        "menunjukkan asalnya.",
                        catatan=True,
                    ),
                    realizations,
                ],
                lembar="Realisasi",
                lanskap=True,
            ),
        ],
    )
    return recap_export_name(tahun, triwulan), write_xlsx(doc)


def finish_recap(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> RekapTriwulan:
    """End SOP step 2 for the quarter's round ("rekap selesai") and start step 3 (processing).

    The step's result names the counts per status. Refused, with an audit row and nothing
    else, while the round is not closed (or none was opened) and when the recap of this
    round already ended. Raises Ditolak when the role may not recap.
    """
    require(rt, aktor, Izin.REKAP, aksi="rekap.selesai")
    check_quarter(tahun, triwulan)
    judul = quarter_title(tahun, triwulan)
    with rt.uow() as session:
        putaran = collection_round(session, tahun, triwulan)
        if putaran is None or putaran.status in (StatusPutaran.DRAF, StatusPutaran.DIBUKA):
            keadaan = "belum dibuka" if putaran is None else "masih dibuka"
            raise refuse_move(
                rt,
                aktor,
                "rekap.selesai",
                f"Rekap {judul} belum dapat diselesaikan: pengumpulannya {keadaan}. "
                "Rekap dimulai setelah pengumpulan ditutup.",
                tahun=tahun,
                triwulan=triwulan,
            )
        refuse_if_finished(
            rt,
            session,
            aktor,
            LANGKAH_REKAP,
            putaran.id,
            aksi="rekap.selesai",
            apa=f"Rekap {judul}",
        )
        rekap = _read_recap(rt, session, aktor, tahun, triwulan)
        counts = rekap.jumlah()
        hasil = ", ".join(f"{n} {status.value}" for status, n in counts.items())
        now = rt.clock()
        finish_step(
            session, LANGKAH_REKAP, now, aktor, f"Rekap selesai: {hasil}", putaran_id=putaran.id
        )
        start_step(session, LANGKAH_OLAH, now, putaran_id=putaran.id, objek=f"Olah data {judul}")
        audit(
            session,
            aktor,
            "rekap.selesai",
            objek="putaran_pengumpulan",
            objek_id=putaran.id,
            detail={
                "tahun": tahun,
                "triwulan": triwulan,
                **{s.value: n for s, n in counts.items()},
            },
        )
        session.flush()
        result = _read_recap(rt, session, aktor, tahun, triwulan)
        session.commit()
        return result
