"""Turn service results into tables with Indonesian headers and Indonesian formats.

Pure functions (no Streamlit calls), so they are tested without a browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

import pandas as pd

from lakip.config import get_settings
from lakip.domain import quality
from lakip.domain.achievement import Predikat
from lakip.domain.formatting import (
    BELUM_ADA_DATA,
    format_count,
    format_date,
    format_duration,
    format_incomplete,
    format_local_datetime,
    format_number,
    format_percent,
)
from lakip.domain.indicators import Agregasi
from lakip.domain.periods import quarter_label
from lakip.domain.workflow import StatusLaporan, StatusPutaran
from lakip.services.achievement import IndikatorCapaian, SasaranCapaian
from lakip.services.auditlog import AuditView
from lakip.services.dashboard import IndikatorDasbor, KetepatanUnit, SasaranDasbor
from lakip.services.errors import Masalah
from lakip.services.history import VersiView
from lakip.services.overview import PutaranView
from lakip.services.processing import CatatanIndikator, MasalahData
from lakip.services.publication import LaporanView, PenerimaView
from lakip.services.recap import STATUS_LABEL, RekapTriwulan
from lakip.services.report_analysis import ParagrafAnalisis
from lakip.services.report_builds import PermintaanBangun
from lakip.services.review import Perubahan
from lakip.services.sop_monitoring import LangkahView
from lakip.services.submissions import HasilUnggah
from lakip.services.users import PenggunaView

STATUS_PUTARAN: Final = {
    StatusPutaran.DRAF: "Draf",
    StatusPutaran.DIBUKA: "Dibuka",
    StatusPutaran.DITUTUP: "Ditutup",
    StatusPutaran.DIKEMBALIKAN: "Dikembalikan (perbaikan)",
    StatusPutaran.DITERIMA: "Diterima Irban",
}
PEMERIKSAAN: Final = {
    quality.REALISASI_BELUM_ADA: "Realisasi belum ada",
    quality.KUMULATIF_BELUM_LENGKAP: "Kumulatif belum lengkap",
    quality.SIMPANGAN_TRIWULAN_SEBELUMNYA: "Menyimpang >50 % dari triwulan sebelumnya",
    quality.SIMPANGAN_TAHUN_LALU: "Menyimpang >50 % dari tahun lalu",
    quality.TARGET_TRIWULAN_TIDAK_SESUAI: "Target triwulan tidak sesuai target tahunan",
    quality.MEMBURUK_TANPA_KENDALA: "Memburuk tanpa kendala",
}
TANPA_PREDIKAT: Final = BELUM_ADA_DATA  # one spelling of a missing figure, as in Excel and PDF

# "Realisasi Kinerja!E7: …" or "Identitas: …": a sheet name is at most 31 characters and
# starts with a capital; messages without a place start in lower case ("bukan file …").


# Streamlit renders st.table cells, alerts, captions and markdown as Markdown (links, emphasis,
# ":red[…]" colours, ":material/…:" icons, "$…$" formulas, HTML-like tags). Text that came from
# a workbook or a user is escaped so that it reads exactly as typed.
_MARKDOWN: Final = re.compile(r"([\\`*_\[\]<>$:~|])")
_LINE_START: Final = re.compile(r"(?m)^(\s*)([#+>-]|\d+(?=[.)]))")


def _escape_line_start(m: re.Match[str]) -> str:
    indent, mark = m.group(1), m.group(2)
    # "1." / "1)" start an ordered list: escape the dot or bracket that follows the number.
    return f"{indent}{mark}\\" if mark[0].isdigit() else f"{indent}\\{mark}"


def escape_markdown(text: str) -> str:
    """``text`` with every Markdown-significant character escaped (output reads the same)."""
    return _LINE_START.sub(_escape_line_start, _MARKDOWN.sub(r"\\\1", text))


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells are safe to show with ``st.table``."""
    return df.map(lambda v: escape_markdown(v) if isinstance(v, str) else v)


def format_time(dt: datetime | None) -> str:
    """A stored (UTC) time as the agency reads it (LAKIP_TIMEZONE): "15 Agustus 2023 14:05 WITA"."""
    if dt is None:
        return "—"
    return format_local_datetime(dt, get_settings().timezone)


def format_figure(x: Decimal | None) -> str:
    """A target or realization as typed, in Indonesian notation; "belum ada data" if None."""
    return format_number(x, 4, strip=True)


def tabulate_masalah(baris: Iterable[Masalah | str], judul: str = "Masalah") -> pd.DataFrame:
    """Errors or warnings as a table: "Lokasi" (sheet!cell, as the services located it)
    and what is wrong."""
    rows = [b if isinstance(b, Masalah) else Masalah("", b) for b in baris]
    return pd.DataFrame(
        [{"Lokasi": m.lokasi or "—", judul: m.pesan} for m in rows], columns=["Lokasi", judul]
    )


@dataclass(frozen=True)
class HasilBerkas:
    """One file of an upload of several: accepted (``hasil``) or rejected, with its errors
    (rejected) or warnings (accepted) in ``masalah``."""

    nama: str
    hasil: HasilUnggah | None
    masalah: Sequence[Masalah] = ()

    def __post_init__(self) -> None:
        if self.hasil is not None and not self.masalah:
            object.__setattr__(self, "masalah", tuple(self.hasil.peringatan))


def tabulate_hasil_berkas(hasil: Sequence[HasilBerkas]) -> pd.DataFrame:
    """One line per uploaded file: accepted (unit, quarter, version, counts) or rejected
    (the first error and how many there are)."""
    rows = []
    for h in hasil:
        if h.hasil is not None:
            u = h.hasil
            catatan = f"; {format_count(len(u.peringatan))} catatan" if u.peringatan else ""
            keterangan = (
                f"{u.kode_unit} · {u.tahun} {quarter_label(u.triwulan)} · versi {u.nomor}: "
                f"{format_count(u.jumlah_realisasi)} realisasi terisi, "
                f"{format_count(u.jumlah_kosong)} belum ada data{catatan}"
            )
            status = "Diterima"
        else:
            lain = len(h.masalah) - 1
            keterangan = str(h.masalah[0]) if h.masalah else "ditolak"
            if lain > 0:
                keterangan += f" (dan {format_count(lain)} kesalahan lain)"
            status = "Ditolak"
        rows.append({"Berkas": h.nama, "Hasil": status, "Keterangan": keterangan})
    return pd.DataFrame(rows, columns=["Berkas", "Hasil", "Keterangan"])


def tabulate_versi(versi: Sequence[VersiView]) -> pd.DataFrame:
    """A unit's versions for one quarter, newest first."""
    return pd.DataFrame(
        [
            {
                "Versi": f"{v.nomor} (terbaru)" if v.terbaru else str(v.nomor),
                "Diunggah oleh": v.diunggah_oleh or "—",
                "Waktu unggah": format_time(v.diunggah_pada),
                "Nama berkas": v.nama_berkas,
                "Realisasi terisi": v.jumlah_realisasi,
                "Catatan": v.jumlah_catatan,
            }
            for v in versi
        ],
        columns=[
            "Versi",
            "Diunggah oleh",
            "Waktu unggah",
            "Nama berkas",
            "Realisasi terisi",
            "Catatan",
        ],
    )


def _predikat(x: IndikatorCapaian | SasaranCapaian) -> str:
    return x.predikat.value if x.predikat else TANPA_PREDIKAT


def format_years(tahun: Sequence[int]) -> str:
    """Years as a short text: "2024–2026" when consecutive, else "2023, 2025"."""
    if not tahun:
        return "—"
    urut = sorted(set(tahun))
    if len(urut) > 1 and urut == list(range(urut[0], urut[-1] + 1)):
        return f"{urut[0]}–{urut[-1]}"
    return ", ".join(str(t) for t in urut)


def _realisasi_shown(i: IndikatorCapaian) -> str:
    """A period's realization; a kumulatif period with quarters missing says how many are in
    (DOMAIN.md: "belum lengkap, 3 dari 4 triwulan"), never a partial sum as its value."""
    if (
        i.realisasi is None
        and i.agregasi is Agregasi.KUMULATIF
        and 0 < i.triwulan_berdata < i.jumlah_triwulan
    ):
        return format_incomplete(i.triwulan_berdata, i.jumlah_triwulan)
    return format_figure(i.realisasi)


def tabulate_capaian(
    indikator: Sequence[IndikatorCapaian], *, satu_unit_satu_triwulan: bool = False
) -> pd.DataFrame:
    """Indicators with target, realization, achievement ("95,25 %") and predicate, then how
    many quarters had data and the reporting unit (both left out for one unit's quarter)."""
    dengan_unit = not satu_unit_satu_triwulan
    rows = []
    for i in indikator:
        row = {
            "Kode": i.kode,
            "Indikator": i.nama,
            "Satuan": i.satuan,
            "Target": format_figure(i.target),
            "Realisasi": _realisasi_shown(i),
            "Capaian": format_percent(i.capaian),
            "Predikat": _predikat(i),
        }
        if dengan_unit:
            row["Triwulan berdata"] = f"{i.triwulan_berdata} dari {i.jumlah_triwulan}"
            row["Unit"] = i.nama_unit
        rows.append(row)
    columns = ["Kode", "Indikator", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"]
    columns += ["Triwulan berdata", "Unit"] if dengan_unit else []
    return pd.DataFrame(rows, columns=columns)


def tabulate_sasaran(sasaran: Sequence[SasaranCapaian]) -> pd.DataFrame:
    """Objectives with their achievement: the mean of their indicators' that exist."""
    return pd.DataFrame(
        [
            {
                "Kode": s.kode,
                "Sasaran": s.nama,
                "Jumlah indikator": s.jumlah_indikator,
                "Capaian": format_percent(s.capaian),
                "Predikat": _predikat(s),
            }
            for s in sasaran
        ],
        columns=["Kode", "Sasaran", "Jumlah indikator", "Capaian", "Predikat"],
    )


def tabulate_putaran(putaran: Sequence[PutaranView]) -> pd.DataFrame:
    """Collection rounds: year, quarter, deadline, status and how many units reported."""
    return pd.DataFrame(
        [
            {
                "Tahun": str(p.tahun),
                "Triwulan": quarter_label(p.triwulan),
                "Batas waktu": format_date(p.batas_waktu),
                "Status": p.status.capitalize(),
                "Unit melapor": p.unit_melapor,
            }
            for p in putaran
        ],
        columns=["Tahun", "Triwulan", "Batas waktu", "Status", "Unit melapor"],
    )


def tabulate_pengguna(pengguna: Sequence[PenggunaView], now: datetime) -> pd.DataFrame:
    """User accounts, never their password."""
    return pd.DataFrame(
        [
            {
                "Nama pengguna": u.username,
                "Nama": u.nama,
                "NIP": u.nip or "—",
                "Jabatan": u.jabatan or "—",
                "Peran": u.peran.value,
                "Unit": f"{u.unit_kode} — {u.unit_nama}" if u.unit_kode else "—",
                "Status": "Aktif" if u.aktif else "Nonaktif",
                "Terkunci": f"sampai {format_time(u.terkunci_sampai)}"
                if u.terkunci(now)
                else "Tidak",
                "Login terakhir": format_time(u.login_terakhir),
            }
            for u in pengguna
        ],
        columns=[
            "Nama pengguna",
            "Nama",
            "NIP",
            "Jabatan",
            "Peran",
            "Unit",
            "Status",
            "Terkunci",
            "Login terakhir",
        ],
    )


def tabulate_audit(rows: Sequence[AuditView]) -> pd.DataFrame:
    """Audit rows, newest first; the detail as compact JSON."""
    return pd.DataFrame(
        [
            {
                "Waktu": format_time(r.waktu),
                "Pengguna": r.username or "—",
                "Aksi": r.aksi,
                "Objek": f"{r.objek} {r.objek_id or ''}".strip() if r.objek else "—",
                "Hasil": r.hasil,
                "Rincian": json.dumps(r.detail, ensure_ascii=False, sort_keys=True)
                if r.detail
                else "",
            }
            for r in rows
        ],
        columns=["Waktu", "Pengguna", "Aksi", "Objek", "Hasil", "Rincian"],
    )


def tabulate_import(dibuat: dict[str, int], diperbarui: dict[str, int]) -> pd.DataFrame:
    """A plan import's counts per sheet."""
    sheets = list(dict.fromkeys([*dibuat, *diperbarui]))
    return pd.DataFrame(
        [
            {"Lembar": s, "Dibuat": dibuat.get(s, 0), "Diperbarui": diperbarui.get(s, 0)}
            for s in sheets
        ],
        columns=["Lembar", "Dibuat", "Diperbarui"],
    )


__all__ = [
    "BELUM_ADA_DATA",
    "escape_frame",
    "escape_markdown",
    "format_count",
    "format_figure",
    "format_time",
    "format_years",
    "tabulate_audit",
    "tabulate_capaian",
    "tabulate_import",
    "tabulate_masalah",
    "tabulate_pengguna",
    "tabulate_putaran",
    "tabulate_sasaran",
    "tabulate_versi",
]


def tabulate_rekap_unit(rekap: RekapTriwulan) -> pd.DataFrame:
    """The recap's units: status, indicators owed and filled, versions, upload times."""
    return pd.DataFrame(
        [
            {
                "Kode": u.kode,
                "Unit": u.nama,
                "Status": STATUS_LABEL[u.status],
                "Indikator wajib": u.wajib,
                "Indikator terisi": u.terisi,
                "Versi": u.versi,
                "Unggah pertama": format_time(u.unggah_pertama) if u.unggah_pertama else "—",
                "Unggah terakhir": format_time(u.unggah_terakhir) if u.unggah_terakhir else "—",
            }
            for u in rekap.unit
        ],
        columns=[
            "Kode",
            "Unit",
            "Status",
            "Indikator wajib",
            "Indikator terisi",
            "Versi",
            "Unggah pertama",
            "Unggah terakhir",
        ],
    )


def tabulate_rekap_realisasi(rekap: RekapTriwulan) -> pd.DataFrame:
    """Every realization of the quarter with the file and version it came from."""
    return pd.DataFrame(
        [
            {
                "Unit": b.kode_unit,
                "Kode": b.kode_indikator,
                "Indikator": b.nama_indikator,
                "Satuan": b.satuan,
                "Target TW": format_figure(b.target),
                "Realisasi": format_figure(b.realisasi),
                "Kendala": b.kendala or "",
                "Upaya": b.upaya or "",
                "Berkas sumber": b.nama_berkas or "—",
                "Versi": str(b.versi) if b.versi is not None else "—",
                "Diunggah": format_time(b.diunggah_pada) if b.diunggah_pada else "—",
            }
            for b in rekap.realisasi
        ],
        columns=[
            "Unit",
            "Kode",
            "Indikator",
            "Satuan",
            "Target TW",
            "Realisasi",
            "Kendala",
            "Upaya",
            "Berkas sumber",
            "Versi",
            "Diunggah",
        ],
    )


def tabulate_masalah_data(masalah: Sequence[MasalahData]) -> pd.DataFrame:
    """Data-quality findings: the indicator, its unit, which check and what it found."""
    return pd.DataFrame(
        [
            {
                "Kode": m.kode_indikator,
                "Indikator": m.nama_indikator,
                "Unit": m.kode_unit,
                "Pemeriksaan": PEMERIKSAAN.get(m.kode, m.kode),
                "Temuan": m.pesan,
            }
            for m in masalah
        ],
        columns=["Kode", "Indikator", "Unit", "Pemeriksaan", "Temuan"],
    )


def tabulate_catatan(catatan: Sequence[CatatanIndikator]) -> pd.DataFrame:
    """The units' kendala and upaya, one row per indicator (several texts one per line)."""
    return pd.DataFrame(
        [
            {
                "Kode": c.kode,
                "Indikator": c.nama,
                "Unit": c.nama_unit,
                "Kendala": "\n".join(c.kendala),
                "Upaya": "\n".join(c.upaya),
            }
            for c in catatan
        ],
        columns=["Kode", "Indikator", "Unit", "Kendala", "Upaya"],
    )


def tabulate_perubahan(perubahan: Sequence[Perubahan]) -> pd.DataFrame:
    """What changed between the version last reviewed and the newest one, per indicator; the
    figures as typed (as in the recap), "belum ada data" where a version had none."""
    return pd.DataFrame(
        [
            {
                "Unit": c.kode_unit,
                "Kode": c.kode_indikator,
                "Indikator": c.nama_indikator,
                "Versi": f"{c.versi_lama or '-'} → {c.versi_baru}",
                "Nilai lama": format_figure(c.nilai_lama),
                "Nilai baru": format_figure(c.nilai_baru),
                "Dikoreksi": "Ya" if c.dikoreksi else "",
            }
            for c in perubahan
        ],
        columns=["Unit", "Kode", "Indikator", "Versi", "Nilai lama", "Nilai baru", "Dikoreksi"],
    )


def tabulate_langkah_sop(langkah: Sequence[LangkahView]) -> pd.DataFrame:
    """A round's SOP steps: who, from when to when, the time taken against the standard, read
    the way people say durations ("2 hari", "30 menit")."""
    return pd.DataFrame(
        [
            {
                "No": s.nomor,
                "Langkah": s.uraian,
                "Pelaksana": s.oleh or s.pelaksana,
                "Waktu": format_duration(s.menit),
                "Waktu baku": format_duration(s.standar_menit),
                "Status": "Melebihi" if s.lewat else "Sesuai",
                "Mulai": format_time(s.mulai),
                "Selesai": format_time(s.selesai) if s.selesai else "berjalan",
            }
            for s in langkah
        ],
        columns=["No", "Langkah", "Pelaksana", "Waktu", "Waktu baku", "Status", "Mulai", "Selesai"],
    )


def timeline_langkah_sop(langkah: Sequence[LangkahView], now: datetime) -> pd.DataFrame:
    """The steps as bars for a timeline, in the agency's clock (naive, as Vega reads it); a
    step still running ends at ``now``, and a step run again is labelled "(ke-2)" and so on."""
    zona = get_settings().timezone
    seen: dict[int, int] = {}
    rows = []
    for s in langkah:
        seen[s.nomor] = seen.get(s.nomor, 0) + 1
        ulang = f" (ke-{seen[s.nomor]})" if seen[s.nomor] > 1 else ""
        uraian = s.uraian if len(s.uraian) <= 50 else s.uraian[:49] + "…"
        rows.append(
            {
                "Langkah": f"{s.nomor}. {uraian}{ulang}",
                "Mulai": s.mulai.astimezone(zona).replace(tzinfo=None),
                "Selesai": (s.selesai or now).astimezone(zona).replace(tzinfo=None),
                "Status": "Melebihi" if s.lewat else "Sesuai",
            }
        )
    return pd.DataFrame(rows, columns=["Langkah", "Mulai", "Selesai", "Status"])


STATUS_LAPORAN: Final = {
    StatusLaporan.DRAF: "Draf",
    StatusLaporan.DIAJUKAN: "Diajukan untuk reviu",
    StatusLaporan.DIKEMBALIKAN: "Dikembalikan",
    StatusLaporan.DITERIMA: "Diterima Irban",
    StatusLaporan.DISETUJUI: "Disetujui Sekretaris",
    StatusLaporan.DITERBITKAN: "Diterbitkan",
}


def tabulate_laporan(daftar: Sequence[LaporanView]) -> pd.DataFrame:
    """Report versions: state, when and by whom composed, how many recipients opened it."""
    return pd.DataFrame(
        [
            {
                "Laporan": v.judul,
                "Status": STATUS_LAPORAN[v.status],
                "Disusun": format_time(v.dibuat_pada),
                "Oleh": v.dibuat_oleh or "",
                "Penerima": len(v.penerima),
                "Dibuka": sum(1 for p in v.penerima if p.dibuka_pada),
            }
            for v in daftar
        ],
        columns=["Laporan", "Status", "Disusun", "Oleh", "Penerima", "Dibuka"],
    )


def tabulate_penerima(penerima: Sequence[PenerimaView]) -> pd.DataFrame:
    """To whom a report went, when, and whether (when) each opened it."""
    return pd.DataFrame(
        [
            {
                "Nama": p.nama,
                "Peran": p.peran,
                "Dikirim": format_time(p.dikirim_pada),
                "Dibuka": format_time(p.dibuka_pada) if p.dibuka_pada else "belum",
            }
            for p in penerima
        ],
        columns=["Nama", "Peran", "Dikirim", "Dibuka"],
    )


STATUS_BANGUN: Final = {
    "queued": "Menunggu",
    "running": "Berjalan",
    "succeeded": "Selesai",
    "failed": "Gagal",
}


def tabulate_bangun(daftar: Sequence[PermintaanBangun]) -> pd.DataFrame:
    """Report build jobs: which report, its state and progress, who asked and when, the
    version it recorded (or why it failed)."""
    return pd.DataFrame(
        [
            {
                "Laporan": b.judul,
                "Status": STATUS_BANGUN.get(b.state, b.state),
                "Kemajuan": f"{b.progress} %",
                "Versi": str(b.nomor) if b.nomor is not None else "—",
                "Diminta": format_time(b.diminta_pada),
                "Oleh": b.oleh or "sistem",
                "Keterangan": b.error or b.message or "",
            }
            for b in daftar
        ],
        columns=["Laporan", "Status", "Kemajuan", "Versi", "Diminta", "Oleh", "Keterangan"],
    )


def tabulate_analisis(paragraf: Sequence[ParagrafAnalisis]) -> pd.DataFrame:
    """The LKjIP's analysis paragraphs: which part, whether people rewrote the draft, who and
    when."""
    return pd.DataFrame(
        [
            {
                "Bagian": p.judul,
                "Status": "Disunting" if p.teks else "Draf otomatis",
                "Diubah oleh": p.diubah_oleh or "—",
                "Pada": format_time(p.diubah_pada) if p.diubah_pada else "—",
            }
            for p in paragraf
        ],
        columns=["Bagian", "Status", "Diubah oleh", "Pada"],
    )


DASBOR_INDIKATOR: Final = [
    "Lampu", "Kode", "Indikator", "Sasaran", "Unit", "Target", "Realisasi", "Capaian", "Predikat",
    "Target tahunan", "Realisasi s.d. periode", "Kemajuan thd target tahunan",
    "Proyeksi akhir tahun", "Proyeksi capaian", "Proyeksi",
]  # fmt: skip


LAMPU: Final = {
    Predikat.SANGAT_TINGGI: "🟢",
    Predikat.TINGGI: "🟡",
    Predikat.SEDANG: "🟡",
    Predikat.RENDAH: "🔴",
    Predikat.SANGAT_RENDAH: "🔴",
}
"""The traffic light of a predicate: green from 91 %, amber from 66 %, red below; a white
light where there is no achievement yet. (Text, not cell styles: a styled table of 1,500 rows
costs the page half a second on every rerun.)"""


def _projection_status(i: IndikatorDasbor) -> str:
    p = i.proyeksi
    if p.akan_tercapai is None:
        return "belum dapat diproyeksikan"
    dari = f" (dari TW {p.dari_triwulan})"
    return ("akan tercapai" if p.akan_tercapai else "⚠ diproyeksikan tidak tercapai") + dari


def tabulate_dasbor(indikator: Sequence[IndikatorDasbor]) -> pd.DataFrame:
    """The dashboard's traffic-light table: the period's figures and predicate, the progress
    toward the annual target so far, and the year-end projection."""
    return pd.DataFrame(
        [
            {
                "Lampu": LAMPU[i.predikat] if i.predikat else "⚪",
                "Kode": i.kode,
                "Indikator": i.nama,
                "Sasaran": i.kode_sasaran,
                "Unit": i.nama_unit,
                "Target": format_figure(i.target),
                "Realisasi": format_figure(i.realisasi),
                "Capaian": format_percent(i.capaian),
                "Predikat": i.predikat.value if i.predikat else TANPA_PREDIKAT,
                "Target tahunan": format_figure(i.target_tahunan),
                "Realisasi s.d. periode": format_figure(i.realisasi_sd),
                "Kemajuan thd target tahunan": format_percent(i.kemajuan),
                "Proyeksi akhir tahun": format_number(i.proyeksi.nilai, 2, strip=True),
                "Proyeksi capaian": format_percent(i.proyeksi.capaian),
                "Proyeksi": _projection_status(i),
            }
            for i in indikator
        ],
        columns=DASBOR_INDIKATOR,
    )


def tabulate_peringatan(indikator: Sequence[IndikatorDasbor]) -> pd.DataFrame:
    """The early warning: the indicators projected to miss their annual target, the furthest
    behind first, with the quarter the projection stands on."""
    return pd.DataFrame(
        [
            {
                "Kode": i.kode,
                "Indikator": i.nama,
                "Unit": i.nama_unit,
                "Target tahunan": format_figure(i.target_tahunan),
                "Proyeksi akhir tahun": format_number(i.proyeksi.nilai, 2, strip=True),
                "Proyeksi capaian": format_percent(i.proyeksi.capaian),
                "Diproyeksikan dari": f"TW {i.proyeksi.dari_triwulan}",
            }
            for i in indikator
        ],
        columns=["Kode", "Indikator", "Unit", "Target tahunan", "Proyeksi akhir tahun",
                 "Proyeksi capaian", "Diproyeksikan dari"],
    )  # fmt: skip


def tabulate_efisiensi(sasaran: Sequence[SasaranDasbor]) -> pd.DataFrame:
    """Each objective: its achievement, its progress toward the annual targets, the budget
    spent so far and the efficiency (progress − absorption, in points)."""
    return pd.DataFrame(
        [
            {
                "Kode": s.kode,
                "Sasaran Strategis": s.nama,
                "Capaian": format_percent(s.capaian),
                "Predikat": s.predikat.value if s.predikat else TANPA_PREDIKAT,
                "Kemajuan thd target tahunan": format_percent(s.kemajuan),
                "Pagu (Rp)": format_number(s.pagu, 0),
                "Realisasi s.d. periode (Rp)": format_number(s.realisasi_anggaran, 0),
                "Serapan": format_percent(s.serapan),
                "Efisiensi (poin)": format_number(s.efisiensi),
            }
            for s in sasaran
        ],
        columns=["Kode", "Sasaran Strategis", "Capaian", "Predikat",
                 "Kemajuan thd target tahunan", "Pagu (Rp)", "Realisasi s.d. periode (Rp)",
                 "Serapan", "Efisiensi (poin)"],
    )  # fmt: skip


def tabulate_riwayat_triwulan(i: IndikatorDasbor) -> pd.DataFrame:
    """One indicator's quarters of the year: Rencana Aksi target, realization, achievement."""
    return pd.DataFrame(
        [
            {
                "Triwulan": quarter_label(q),
                "Target": format_figure(t),
                "Realisasi": format_figure(r),
                "Capaian": format_percent(c),
            }
            for q, t, r, c in zip(
                (1, 2, 3, 4), i.target_triwulan, i.realisasi_triwulan, i.per_triwulan, strict=True
            )
        ],
        columns=["Triwulan", "Target", "Realisasi", "Capaian"],
    )


def tabulate_versi_sumber(versi: Sequence[tuple[int, VersiView]]) -> pd.DataFrame:
    """The uploads an indicator's figures come from: each quarter's versions, newest first,
    the one that counts marked."""
    return pd.DataFrame(
        [
            {
                "Triwulan": quarter_label(q),
                "Versi": v.nomor,
                "Berlaku": "ya" if v.terbaru else "",
                "Diunggah oleh": v.diunggah_oleh or "—",
                "Waktu unggah": format_time(v.diunggah_pada),
                "Nama berkas": v.nama_berkas,
            }
            for q, v in versi
        ],
        columns=["Triwulan", "Versi", "Berlaku", "Diunggah oleh", "Waktu unggah", "Nama berkas"],
    )


def tabulate_ketepatan(units: Sequence[KetepatanUnit]) -> pd.DataFrame:
    """Each unit's first uploads in the year's rounds: on time, late, not sent."""
    return pd.DataFrame(
        [
            {
                "Unit": k.nama_unit,
                "Tepat waktu": k.tepat_waktu,
                "Terlambat": k.terlambat,
                "Belum mengirim": k.belum,
                "Putaran": k.putaran,
                "Ketepatan": format_percent(
                    Decimal(100 * k.tepat_waktu) / k.putaran if k.putaran else None
                ),
            }
            for k in units
        ],
        columns=["Unit", "Tepat waktu", "Terlambat", "Belum mengirim", "Putaran", "Ketepatan"],
    )
