"""The record: every plan, upload, version, decision, job, output file and step is a row.

Names follow DOMAIN.md's glossary. Enumerated attributes are stored as their text values
(portable across SQLite and PostgreSQL); their meaning lives in ``lakip.domain``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from lakip.domain.workflow import (
    DECISIONS,
    REPORT_KINDS,
    REPORT_STATES,
    ROUND_STATES,
    SUBMISSION_STATES,
)
from lakip.store.types import ExactDecimal, UtcDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        Decimal: ExactDecimal(),
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values`` (the state machine's states)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


# --- the agency and its people ---------------------------------------------------------


class Instansi(Base):
    """The agency (OPD) profile shown on reports and signed by its head."""

    __tablename__ = "instansi"
    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(200))
    singkatan: Mapped[str | None] = mapped_column(String(50))
    pemerintah_daerah: Mapped[str] = mapped_column(String(200))  # "Kabupaten Balangan"
    provinsi: Mapped[str | None] = mapped_column(String(100))
    alamat: Mapped[str | None] = mapped_column(Text)
    telepon: Mapped[str | None] = mapped_column(String(100))
    kota_ttd: Mapped[str | None] = mapped_column(String(100))  # place named above signatures
    kepala_nama: Mapped[str | None] = mapped_column(String(200))
    kepala_nip: Mapped[str | None] = mapped_column(String(30))
    kepala_pangkat: Mapped[str | None] = mapped_column(String(100))
    logo_sha256: Mapped[str | None] = mapped_column(ForeignKey("berkas.sha256"))
    tahun_aktif: Mapped[int | None] = mapped_column(Integer)
    diperbarui: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Unit(Base):
    """A sub-unit (Sekretariat, Bidang, Seksi…) or a related OPD/agency that reports."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(50), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    jenis: Mapped[str] = mapped_column(String(20))
    induk_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)

    induk: Mapped[Unit | None] = relationship(remote_side="Unit.id")


class Pengguna(Base):
    """A local account. ``peran`` is a :class:`lakip.domain.roles.Peran` value."""

    __tablename__ = "pengguna"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(30))
    jabatan: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    peran: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    harus_ganti_password: Mapped[bool] = mapped_column(Boolean, default=False)
    gagal_login: Mapped[int] = mapped_column(Integer, default=0)
    terkunci_sampai: Mapped[datetime | None]
    login_terakhir: Mapped[datetime | None]
    dibuat: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()


# --- the plan: Renstra, PK, Rencana Aksi, budget -----------------------------------------


class Sasaran(Base):
    """A strategic objective (sasaran strategis) under a Renstra goal (tujuan)."""

    __tablename__ = "sasaran"
    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(50), unique=True)
    nama: Mapped[str] = mapped_column(Text)
    tujuan: Mapped[str | None] = mapped_column(Text)


class Indikator(Base):
    """A performance indicator with its polarity and aggregation (DOMAIN.md)."""

    __tablename__ = "indikator"
    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(50), unique=True)
    nama: Mapped[str] = mapped_column(Text)
    sasaran_id: Mapped[int] = mapped_column(ForeignKey("sasaran.id"))
    satuan: Mapped[str] = mapped_column(String(50))
    polaritas: Mapped[str] = mapped_column(String(10))
    agregasi: Mapped[str] = mapped_column(String(12))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    jenis: Mapped[str] = mapped_column(String(5), default="IKU")
    baseline: Mapped[Decimal | None]
    target_akhir_renstra: Mapped[Decimal | None]
    standar_nasional: Mapped[Decimal | None]
    definisi_operasional: Mapped[str | None] = mapped_column(Text)
    sumber_data: Mapped[str | None] = mapped_column(Text)

    sasaran: Mapped[Sasaran] = relationship()
    unit: Mapped[Unit] = relationship()


class TargetTahunan(Base):
    """The PK's annual target of an indicator."""

    __tablename__ = "target_tahunan"
    __table_args__ = (UniqueConstraint("indikator_id", "tahun"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("indikator.id"))
    tahun: Mapped[int] = mapped_column(Integer, index=True)
    target: Mapped[Decimal]


class RencanaAksi(Base):
    """The Rencana Aksi: an indicator's target per quarter of a year."""

    __tablename__ = "rencana_aksi"
    __table_args__ = (UniqueConstraint("indikator_id", "tahun"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("indikator.id"))
    tahun: Mapped[int] = mapped_column(Integer, index=True)
    tw1: Mapped[Decimal]
    tw2: Mapped[Decimal]
    tw3: Mapped[Decimal]
    tw4: Mapped[Decimal]


class Anggaran(Base):
    """A budget line (program / kegiatan / sub kegiatan) with its ceiling for a year."""

    __tablename__ = "anggaran"
    __table_args__ = (UniqueConstraint("kode", "tahun"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(60))
    tahun: Mapped[int] = mapped_column(Integer, index=True)
    uraian: Mapped[str] = mapped_column(Text)
    tingkat: Mapped[str] = mapped_column(String(20))
    induk_kode: Mapped[str | None] = mapped_column(String(60))
    sasaran_id: Mapped[int | None] = mapped_column(ForeignKey("sasaran.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    pagu: Mapped[Decimal]


# --- files -------------------------------------------------------------------------------


class Berkas(Base):
    """A stored file, addressed by its SHA-256; the bytes live in the file store, never
    under a user-given name."""

    __tablename__ = "berkas"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    ukuran: Mapped[int] = mapped_column(Integer)
    jenis_isi: Mapped[str] = mapped_column(String(100))
    dibuat: Mapped[datetime] = mapped_column(default=utcnow)


# --- the SOP round: collection, submissions, versions ------------------------------------


class PutaranPengumpulan(Base):
    """A collection round for one quarter (SOP step 1), with its deadline.

    ``status`` is a :class:`lakip.domain.workflow.StatusPutaran` value. Lateness is judged
    against ``batas_waktu``; a reopening keeps it and may let uploads in until
    ``dibuka_ulang_sampai``.
    """

    __tablename__ = "putaran_pengumpulan"
    __table_args__ = (
        UniqueConstraint("tahun", "triwulan"),
        _one_of("status", ROUND_STATES, "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int] = mapped_column(Integer)
    triwulan: Mapped[int] = mapped_column(Integer)
    batas_waktu: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="dibuka")
    catatan: Mapped[str | None] = mapped_column(Text)  # the disposisi text sent to the units
    dibuka_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuka_pada: Mapped[datetime] = mapped_column(default=utcnow)
    ditutup_pada: Mapped[datetime | None]
    dibuat_pada: Mapped[datetime | None]
    ditutup_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuka_ulang_sampai: Mapped[date | None] = mapped_column(Date)


class PembukaanUlang(Base):
    """A reopening of a closed round: who, when, why, and until when."""

    __tablename__ = "pembukaan_ulang"
    id: Mapped[int] = mapped_column(primary_key=True)
    putaran_id: Mapped[int] = mapped_column(ForeignKey("putaran_pengumpulan.id"), index=True)
    alasan: Mapped[str] = mapped_column(Text)
    sampai: Mapped[date] = mapped_column(Date)
    oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    pada: Mapped[datetime] = mapped_column(default=utcnow)


class Disposisi(Base):
    """A written instruction routing a task to a unit or person."""

    __tablename__ = "disposisi"
    id: Mapped[int] = mapped_column(primary_key=True)
    putaran_id: Mapped[int | None] = mapped_column(ForeignKey("putaran_pengumpulan.id"))
    laporan_versi_id: Mapped[int | None] = mapped_column(ForeignKey("laporan_versi.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    kepada_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dari_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    isi: Mapped[str] = mapped_column(Text)
    dibuat: Mapped[datetime] = mapped_column(default=utcnow)
    dibaca_pada: Mapped[datetime | None]


class Pengiriman(Base):
    """A unit's quarterly report for one quarter; its versions are kept forever."""

    __tablename__ = "pengiriman"
    __table_args__ = (
        UniqueConstraint("unit_id", "tahun", "triwulan"),
        _one_of("status", SUBMISSION_STATES, "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    tahun: Mapped[int] = mapped_column(Integer)
    triwulan: Mapped[int] = mapped_column(Integer)
    putaran_id: Mapped[int | None] = mapped_column(ForeignKey("putaran_pengumpulan.id"))
    versi_terakhir: Mapped[int] = mapped_column(Integer, default=0)
    # A lakip.domain.workflow.TahapPengiriman value.
    status: Mapped[str] = mapped_column(String(20), default="masuk", server_default="masuk")

    unit: Mapped[Unit] = relationship()
    versi: Mapped[list[VersiPengiriman]] = relationship(
        back_populates="pengiriman", order_by="VersiPengiriman.nomor"
    )


class VersiPengiriman(Base):
    """One uploaded workbook: a version of a submission. The newest version counts."""

    __tablename__ = "versi_pengiriman"
    __table_args__ = (UniqueConstraint("pengiriman_id", "nomor"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pengiriman_id: Mapped[int] = mapped_column(ForeignKey("pengiriman.id"))
    nomor: Mapped[int] = mapped_column(Integer)
    berkas_sha256: Mapped[str] = mapped_column(ForeignKey("berkas.sha256"))
    nama_berkas: Mapped[str] = mapped_column(String(255))  # as uploaded, for display only
    diunggah_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diunggah_pada: Mapped[datetime] = mapped_column(default=utcnow)
    disusun_oleh: Mapped[str | None] = mapped_column(String(200))
    tanggal_laporan: Mapped[str | None] = mapped_column(String(40))
    # Corrections requested by the reviewer that this version answers (SOP step 7, TIDAK).
    menjawab_koreksi_id: Mapped[int | None] = mapped_column(ForeignKey("keputusan_reviu.id"))

    pengiriman: Mapped[Pengiriman] = relationship(back_populates="versi")
    diunggah_oleh: Mapped[Pengguna | None] = relationship()
    realisasi: Mapped[list[Realisasi]] = relationship(back_populates="versi")
    realisasi_anggaran: Mapped[list[RealisasiAnggaran]] = relationship(back_populates="versi")
    catatan: Mapped[list[CatatanVersi]] = relationship(back_populates="versi")


class Realisasi(Base):
    """An indicator's realization for a quarter, as one version reported it."""

    __tablename__ = "realisasi"
    __table_args__ = (UniqueConstraint("versi_id", "indikator_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    versi_id: Mapped[int] = mapped_column(ForeignKey("versi_pengiriman.id"), index=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("indikator.id"), index=True)
    nilai: Mapped[Decimal | None]  # None: not reported, never zero
    keterangan: Mapped[str | None] = mapped_column(Text)
    kendala: Mapped[str | None] = mapped_column(Text)
    upaya: Mapped[str | None] = mapped_column(Text)
    baris: Mapped[int | None] = mapped_column(Integer)

    versi: Mapped[VersiPengiriman] = relationship(back_populates="realisasi")


class RealisasiAnggaran(Base):
    """A budget line's spending in one quarter, as one version reported it."""

    __tablename__ = "realisasi_anggaran"
    __table_args__ = (UniqueConstraint("versi_id", "anggaran_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    versi_id: Mapped[int] = mapped_column(ForeignKey("versi_pengiriman.id"), index=True)
    anggaran_id: Mapped[int] = mapped_column(ForeignKey("anggaran.id"), index=True)
    nilai: Mapped[Decimal | None]
    baris: Mapped[int | None] = mapped_column(Integer)

    versi: Mapped[VersiPengiriman] = relationship(back_populates="realisasi_anggaran")


class CatatanVersi(Base):
    """A warning stored with the data it concerns (missing realization, anomaly)."""

    __tablename__ = "catatan_versi"
    id: Mapped[int] = mapped_column(primary_key=True)
    versi_id: Mapped[int] = mapped_column(ForeignKey("versi_pengiriman.id"), index=True)
    lembar: Mapped[str | None] = mapped_column(String(60))
    sel: Mapped[str | None] = mapped_column(String(20))
    nilai: Mapped[str | None] = mapped_column(Text)
    pesan: Mapped[str] = mapped_column(Text)

    versi: Mapped[VersiPengiriman] = relationship(back_populates="catatan")


# --- reports, review, dissemination --------------------------------------------------------


class Laporan(Base):
    """A report: quarterly, semester or annual, for a named period."""

    __tablename__ = "laporan"
    __table_args__ = (
        UniqueConstraint("jenis", "tahun", "periode"),
        _one_of("jenis", REPORT_KINDS, "jenis"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    jenis: Mapped[str] = mapped_column(String(20))  # triwulan / semester / tahunan
    tahun: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(8))  # TW1..TW4, S1, S2, TAHUN
    versi_terakhir: Mapped[int] = mapped_column(Integer, default=0)


class LaporanVersi(Base):
    """One build of a report; states which submission versions it was built from."""

    __tablename__ = "laporan_versi"
    __table_args__ = (
        UniqueConstraint("laporan_id", "nomor"),
        UniqueConstraint("job_id", name="uq_laporan_versi_job_id"),  # one version per build job
        _one_of("status", REPORT_STATES, "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    laporan_id: Mapped[int] = mapped_column(ForeignKey("laporan.id"))
    nomor: Mapped[int] = mapped_column(Integer)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("job.id"))
    status: Mapped[str] = mapped_column(String(20), default="draf")
    # draf → diajukan (to review) → diterima / dikembalikan → disetujui → diterbitkan
    xlsx_sha256: Mapped[str | None] = mapped_column(ForeignKey("berkas.sha256"))
    pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("berkas.sha256"))
    sumber_versi: Mapped[list[Any]] = mapped_column(default=list)  # VersiPengiriman ids
    sha256_angka: Mapped[str | None] = mapped_column(String(64))  # figures_digest of the build
    kekurangan: Mapped[list[Any] | None] = mapped_column(JSON)  # what an annual build lacked
    dibuat_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[datetime] = mapped_column(default=utcnow)
    disetujui_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    disetujui_pada: Mapped[datetime | None]
    diterbitkan_pada: Mapped[datetime | None]

    laporan: Mapped[Laporan] = relationship()


class AnalisisLaporan(Base):
    """A person's text for one paragraph of a report's analysis (``kunci``: "sasaran:SS-01",
    "indikator:IKU-02"), replacing its draft in every later build. Never updated: each edit is
    a new row and the latest counts; an empty text puts the draft back."""

    __tablename__ = "analisis_laporan"
    __table_args__ = (Index("ix_analisis_laporan_kunci", "laporan_id", "kunci"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    laporan_id: Mapped[int] = mapped_column(ForeignKey("laporan.id"))
    kunci: Mapped[str] = mapped_column(String(80))
    teks: Mapped[str] = mapped_column(Text)
    diubah_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diubah_pada: Mapped[datetime] = mapped_column(default=utcnow)

    diubah_oleh: Mapped[Pengguna | None] = relationship()


class KeputusanReviu(Base):
    """Irban Wil's review decision on a round's data or a report version: YA (accept) or
    TIDAK (return with corrections). Never edited: a newer decision follows it."""

    __tablename__ = "keputusan_reviu"
    __table_args__ = (
        _one_of("keputusan", DECISIONS, "keputusan"),
        CheckConstraint("(putaran_id IS NULL) <> (laporan_versi_id IS NULL)", name="satu_objek"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    laporan_versi_id: Mapped[int | None] = mapped_column(ForeignKey("laporan_versi.id"), index=True)
    putaran_id: Mapped[int | None] = mapped_column(ForeignKey("putaran_pengumpulan.id"), index=True)
    keputusan: Mapped[str] = mapped_column(String(5))  # YA / TIDAK
    catatan: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("pengguna.id"))
    diputuskan_pada: Mapped[datetime] = mapped_column(default=utcnow)
    # The submission versions (ids) the reviewer saw: what "changed since" compares with.
    versi_direviu: Mapped[list[Any]] = mapped_column(default=list)

    koreksi: Mapped[list[Koreksi]] = relationship(back_populates="keputusan_reviu")


class Koreksi(Base):
    """A correction requested on one indicator (hasil koreksi)."""

    __tablename__ = "koreksi"
    id: Mapped[int] = mapped_column(primary_key=True)
    keputusan_id: Mapped[int] = mapped_column(ForeignKey("keputusan_reviu.id"), index=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("indikator.id"))
    # The unit's submission the correction is owed on (a round's review); None for a report.
    pengiriman_id: Mapped[int | None] = mapped_column(ForeignKey("pengiriman.id"), index=True)
    triwulan: Mapped[int | None] = mapped_column(Integer)
    catatan: Mapped[str] = mapped_column(Text)
    diselesaikan_versi_id: Mapped[int | None] = mapped_column(ForeignKey("versi_pengiriman.id"))

    keputusan_reviu: Mapped[KeputusanReviu] = relationship(back_populates="koreksi")


class PenerimaLaporan(Base):
    """Who received a disseminated report (sosialisasi), and when they opened it."""

    __tablename__ = "penerima_laporan"
    __table_args__ = (UniqueConstraint("laporan_versi_id", "pengguna_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    laporan_versi_id: Mapped[int] = mapped_column(ForeignKey("laporan_versi.id"))
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("pengguna.id"))
    dikirim_pada: Mapped[datetime] = mapped_column(default=utcnow)
    dibuka_pada: Mapped[datetime | None]


class Pemberitahuan(Base):
    """A reminder or notice for one user (page "Pemberitahuan", and e-mail when configured).

    ``kunci`` names the event; unique per user, so each event is made at most once, however
    often or on however many workers the reminder schedule runs.
    """

    __tablename__ = "pemberitahuan"
    __table_args__ = (
        UniqueConstraint("pengguna_id", "kunci"),
        Index("ix_pemberitahuan_email", "email_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("pengguna.id"), index=True)
    kunci: Mapped[str] = mapped_column(String(120))
    jenis: Mapped[str] = mapped_column(String(40))
    judul: Mapped[str] = mapped_column(String(300))
    isi: Mapped[str] = mapped_column(Text)
    dibuat: Mapped[datetime] = mapped_column(default=utcnow)
    dibaca_pada: Mapped[datetime | None]
    # None: no e-mail wanted; "menunggu" / "terkirim" / "gagal" once SMTP is configured.
    email_status: Mapped[str | None] = mapped_column(String(12))
    email_dikirim_pada: Mapped[datetime | None]
    email_galat: Mapped[str | None] = mapped_column(Text)
    email_percobaan: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# --- background jobs ------------------------------------------------------------------------


class Job(Base):
    """A unit of background work. The database, not the broker, is its record.

    Infrastructure, so its fields are English (DESIGN.md, names); what users read in
    ``message`` and ``error`` is Indonesian.
    """

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_state_heartbeat", "state", "heartbeat_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    # queued → running → succeeded / failed
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]  # last time a message was sent to the broker
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class JobOutput(Base):
    """A file a job produced (a report's .xlsx or .pdf)."""

    __tablename__ = "job_output"
    __table_args__ = (UniqueConstraint("job_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("job.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(ForeignKey("berkas.sha256"))


# --- accountability --------------------------------------------------------------------------


class LogAudit(Base):
    """Who did what, when, on what, with what result. Never updated, never deleted."""

    __tablename__ = "log_audit"
    __table_args__ = (Index("ix_log_audit_waktu", "waktu"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    waktu: Mapped[datetime] = mapped_column(default=utcnow)
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    username: Mapped[str | None] = mapped_column(String(80))
    aksi: Mapped[str] = mapped_column(String(60))
    objek: Mapped[str | None] = mapped_column(String(60))
    objek_id: Mapped[str | None] = mapped_column(String(100))  # ids, codes, SHA-256 hashes
    hasil: Mapped[str] = mapped_column(String(12), default="berhasil")  # berhasil/ditolak/gagal
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class StandarSop(Base):
    """An SOP step with its time standard (mutu baku); the standards are data."""

    __tablename__ = "standar_sop"
    nomor: Mapped[int] = mapped_column(Integer, primary_key=True)
    uraian: Mapped[str] = mapped_column(Text)
    pelaksana: Mapped[str] = mapped_column(String(100))
    kelengkapan: Mapped[str | None] = mapped_column(Text)
    waktu_menit: Mapped[int] = mapped_column(Integer)
    output: Mapped[str | None] = mapped_column(String(200))


class LangkahSop(Base):
    """A performed SOP step: who, when, on what, with what result, and how long it took."""

    __tablename__ = "langkah_sop"
    __table_args__ = (Index("ix_langkah_sop_putaran", "putaran_id", "nomor"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    nomor: Mapped[int] = mapped_column(ForeignKey("standar_sop.nomor"))
    putaran_id: Mapped[int | None] = mapped_column(ForeignKey("putaran_pengumpulan.id"))
    laporan_versi_id: Mapped[int | None] = mapped_column(ForeignKey("laporan_versi.id"))
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    mulai_pada: Mapped[datetime] = mapped_column(default=utcnow)
    selesai_pada: Mapped[datetime | None]
    objek: Mapped[str | None] = mapped_column(String(200))
    hasil: Mapped[str | None] = mapped_column(Text)
