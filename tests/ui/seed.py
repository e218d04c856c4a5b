"""A small agency for the UI tests, loaded through the same services the users use."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from openpyxl import load_workbook

from lakip.domain.indicators import Agregasi, JenisIndikator, Polaritas
from lakip.domain.roles import Peran
from lakip.intake.plan import (
    IndikatorRow,
    PlanDocument,
    RencanaAksiRow,
    SasaranRow,
    TargetRow,
    UnitRow,
)
from lakip.intake.plan_writer import write_plan_workbook
from lakip.services.access import SISTEM
from lakip.services.agency import DataInstansi, save_profile
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.users import create_user

INSTANSI: Final = "Dinas Uji Coba"
PEMDA: Final = "Kabupaten Contoh"
TAHUN: Final = 2025
UNIT_A: Final = "BID-A"
UNIT_B: Final = "BID-B"


@dataclass(frozen=True)
class Akun:
    username: str
    nama: str
    peran: Peran
    unit: str | None

    @property
    def password(self) -> str:
        return f"Rahasia#Kuat-2025-{len(self.nama)}"


AKUN: Final = (
    Akun("admin", "Ahmad Admin", Peran.ADMIN, None),
    Akun("stafa", "Siti Staf A", Peran.STAF_UNIT, UNIT_A),
    Akun("stafb", "Budi Staf B", Peran.STAF_UNIT, UNIT_B),
    Akun("penyusun", "Putri Penyusun", Peran.STAF_PENYUSUN, None),
    Akun("kasubbag", "Karim Kasubbag", Peran.KASUBBAG_PROGRAM, None),
    Akun("sekretaris", "Sari Sekretaris", Peran.SEKRETARIS, None),
    Akun("irban", "Irfan Irban", Peran.IRBAN_WIL, None),
    Akun("kepala", "Kurnia Kepala", Peran.KEPALA_DINAS, None),
)
BY_PERAN: Final = {a.peran: a for a in AKUN}


def _d(x: str) -> Decimal:
    return Decimal(x)


def plan() -> PlanDocument:
    """Two units, two objectives, three indicators with 2025 targets."""

    def ind(
        kode: str, nama: str, sasaran: str, unit: str, pol: Polaritas, agg: Agregasi
    ) -> IndikatorRow:
        return IndikatorRow(
            kode=kode,
            nama=nama,
            kode_sasaran=sasaran,
            satuan="persen" if agg is not Agregasi.KUMULATIF else "dokumen",
            polaritas=pol,
            agregasi=agg,
            kode_unit=unit,
            jenis=JenisIndikator.IKU,
            baseline=None,
            target_akhir=None,
            standar_nasional=None,
            definisi_operasional=None,
            sumber_data=None,
        )

    return PlanDocument(
        units=[
            UnitRow(UNIT_A, "Bidang Pelayanan", "Bidang", None),
            UnitRow(UNIT_B, "Bidang Data", "Bidang", None),
        ],
        sasaran=[
            SasaranRow("SS-1", "Meningkatnya kualitas pelayanan", None),
            SasaranRow("SS-2", "Meningkatnya kualitas data", None),
        ],
        indikator=[
            ind(
                "IK-01",
                "Dokumen diterbitkan",
                "SS-1",
                UNIT_A,
                Polaritas.POSITIF,
                Agregasi.KUMULATIF,
            ),
            ind(
                "IK-02",
                "Keluhan tidak tertangani",
                "SS-1",
                UNIT_A,
                Polaritas.NEGATIF,
                Agregasi.TERAKHIR,
            ),
            ind(
                "IK-03", "Cakupan data bersih", "SS-2", UNIT_B, Polaritas.POSITIF, Agregasi.TERAKHIR
            ),
        ],
        targets=[
            TargetRow("IK-01", TAHUN, _d("400")),
            TargetRow("IK-02", TAHUN, _d("10")),
            TargetRow("IK-03", TAHUN, _d("90")),
        ],
        rencana_aksi=[
            RencanaAksiRow("IK-01", TAHUN, (_d("100"), _d("100"), _d("100"), _d("100"))),
            RencanaAksiRow("IK-02", TAHUN, (_d("10"), _d("10"), _d("10"), _d("10"))),
            RencanaAksiRow("IK-03", TAHUN, (_d("80"), _d("85"), _d("88"), _d("90"))),
        ],
    )


def plan_bytes() -> bytes:
    return write_plan_workbook(plan(), judul="Dokumen Perencanaan Uji")


def seed(rt: Runtime) -> None:
    """Agency profile, the plan, one account per role (and a second Staf Unit)."""
    save_profile(
        rt, SISTEM, DataInstansi(nama=INSTANSI, pemerintah_daerah=PEMDA, tahun_aktif=TAHUN)
    )
    import_plan(rt, SISTEM, plan_bytes(), "perencanaan.xlsx")
    for a in AKUN:
        create_user(
            rt,
            SISTEM,
            username=a.username,
            nama=a.nama,
            peran=a.peran,
            password=a.password,
            unit_kode=a.unit,
        )


def cell_of(template: bytes, kode: str) -> str:
    """The Realisasi cell (e.g. "E6") of indicator ``kode`` in a template."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb["Realisasi Kinerja"]
    for row in ws.iter_rows(min_row=1, max_row=15):
        names = {str(c.value).strip(): c for c in row if c.value is not None}
        if "Kode Indikator" in names and "Realisasi" in names:
            kode_col = names["Kode Indikator"].column
            real_letter = names["Realisasi"].column_letter
            for r in range(row[0].row + 1, ws.max_row + 1):
                if ws.cell(r, kode_col).value == kode:
                    return f"{real_letter}{r}"
    raise AssertionError(f"{kode} not in the template")
