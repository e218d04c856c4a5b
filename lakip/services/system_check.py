"""The system check (job kind ``sistem.periksa``): count the rows of the main tables in a worker.

It proves the whole path end to end (broker, worker, database, progress on the job's row).
Importing this module registers the kind; the worker imports it in ``workers/tasks.py``.
"""

from __future__ import annotations

import time
from typing import Any, Final

from sqlalchemy import func, select

from lakip.domain.formatting import format_count
from lakip.domain.roles import Izin
from lakip.services.errors import InputTidakValid
from lakip.services.jobs import ProgressFn, register
from lakip.services.runtime import Runtime
from lakip.store import models as m

KIND: Final = "sistem.periksa"

_TABEL_PERIKSA: Final = (
    ("unit", m.Unit),
    ("pengguna", m.Pengguna),
    ("sasaran", m.Sasaran),
    ("indikator", m.Indikator),
    ("target_tahunan", m.TargetTahunan),
    ("pengiriman", m.Pengiriman),
    ("versi_pengiriman", m.VersiPengiriman),
    ("realisasi", m.Realisasi),
    ("laporan", m.Laporan),
    ("laporan_versi", m.LaporanVersi),
    ("job", m.Job),
    ("log_audit", m.LogAudit),
)

JEDA_MAKS: Final = 2.0


# Running it is the Admin's: it reads every table, users and audit log included.
@register(KIND, izin=Izin.KELOLA_INSTANSI)
def check_system(rt: Runtime, parameters: dict[str, Any], progress: ProgressFn) -> dict[str, Any]:
    """Count the rows of the main tables one by one, reporting progress after each.

    ``parameters["jeda"]`` (seconds, at most 2) pauses between tables so progress can be
    watched. Raises InputTidakValid when ``jeda`` is not a non-negative number.
    """
    jeda_raw = parameters.get("jeda", 0)
    if isinstance(jeda_raw, bool) or not isinstance(jeda_raw, int | float) or jeda_raw < 0:
        raise InputTidakValid([f"Parameter 'jeda' harus angka detik ≥ 0, ditemukan {jeda_raw!r}."])
    jeda = min(float(jeda_raw), JEDA_MAKS)
    jumlah: dict[str, int] = {}
    total = len(_TABEL_PERIKSA)
    progress(0, "Memeriksa basis data…")
    for i, (nama, model) in enumerate(_TABEL_PERIKSA, start=1):
        if jeda:
            time.sleep(jeda)
        with rt.uow() as session:
            jumlah[nama] = session.scalar(select(func.count()).select_from(model)) or 0
        progress(
            i * 100 // total, f"Tabel {nama}: {format_count(jumlah[nama])} baris ({i}/{total})."
        )
    return {"basis_data": rt.engine.dialect.name, "jumlah": jumlah}
