"""Benchmarks: ``python -m bench.run`` prints each figure beside its target.

1. Read and validate a quarterly workbook of 2,000 indicator rows (target < 0,5 s).
2. Achievement of 1,500 indicators over a year, every period (target < 0,2 s for TAHUN).
3. The same upload end to end through the service (parse, validate, store) on SQLite.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from lakip.domain.achievement import compute_indicator
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.periods import ALL_PERIODS, parse_period
from lakip.intake.quarter import IndicatorContext, UnitQuarterContext, parse_quarter_workbook
from lakip.intake.template import TemplateData, TemplateIndicator, write_quarter_template

AGG = [Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA]
POL = [Polaritas.POSITIF, Polaritas.NEGATIF]


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, best) wall-clock seconds over ``repeat`` runs after one warm-up."""
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), min(runs)


def workbook_2000() -> tuple[bytes, UnitQuarterContext]:
    n = 2000
    indicators = [
        TemplateIndicator(
            kode=f"IKU-{i:04d}",
            nama=f"Indikator kinerja nomor {i} dengan nama yang cukup panjang",
            satuan="%",
            target_tw=Decimal(100 + i % 50),
            realisasi=Decimal(95 + i % 40) + Decimal("0.25"),
            keterangan="Sesuai data SIAK",
            kendala="Jaringan terputus" if i % 7 == 0 else None,
            upaya="Jemput bola" if i % 7 == 0 else None,
        )
        for i in range(n)
    ]
    data = write_quarter_template(
        TemplateData(
            nama_instansi="Dinas Kependudukan dan Pencatatan Sipil",
            kode_unit="BID-X",
            nama_unit="Bidang Uji",
            tahun=2025,
            triwulan=3,
            disusun_oleh="Penguji",
            indikator=indicators,
            anggaran=[],
        )
    )
    ctx = UnitQuarterContext(
        kode_unit="BID-X",
        nama_unit="Bidang Uji",
        tahun=2025,
        triwulan=3,
        indicators={
            t.kode: IndicatorContext(
                kode=t.kode,
                nama=t.nama,
                satuan=t.satuan,
                agregasi=AGG[i % 3],
                polaritas=POL[i % 2],
                target_tw=t.target_tw,
                previous_realisasi=Decimal(90),
            )
            for i, t in enumerate(indicators)
        },
        other_indicator_codes=frozenset(),
        budget_lines={},
        other_budget_codes=frozenset(),
    )
    return data, ctx


def bench_parse() -> float:
    data, ctx = workbook_2000()
    med, best = timed(lambda: parse_quarter_workbook(data, lambda _ident: ctx), 7)
    report = parse_quarter_workbook(data, lambda _ident: ctx)
    assert len(report.realisasi) == 2000
    print(
        f"baca+validasi 2.000 baris ({len(data) / 1024:.0f} KiB): median {med * 1000:.0f} ms, "
        f"terbaik {best * 1000:.0f} ms  [target < 500 ms] {'OK' if med < 0.5 else 'GAGAL'}"
    )
    return med


def bench_achievement() -> float:
    n = 1500
    specs = []
    for i in range(n):
        targets = {q: Decimal(100 + i % 13) * q for q in range(1, 5)}
        real = {q: (Decimal(95 + i % 17) * q if (i + q) % 11 else None) for q in range(1, 5)}
        specs.append((POL[i % 2], AGG[i % 3], targets, Decimal(400 + i % 13), real))
    year = parse_period("TAHUN")

    def one_period() -> None:
        for pol, agg, t, annual, r in specs:
            compute_indicator(pol, agg, t, annual, r, year)

    def all_periods() -> None:
        for period in ALL_PERIODS:
            for pol, agg, t, annual, r in specs:
                compute_indicator(pol, agg, t, annual, r, period)

    med, best = timed(one_period, 15)
    print(
        f"capaian 1.500 indikator, periode TAHUN: median {med * 1000:.1f} ms, terbaik "
        f"{best * 1000:.1f} ms  [target < 200 ms] {'OK' if med < 0.2 else 'GAGAL'}"
    )
    med_all, _ = timed(all_periods, 3)
    print(
        f"capaian 1.500 indikator, semua {len(ALL_PERIODS)} periode: median {med_all * 1000:.0f} ms"
    )
    return med


def bench_service() -> None:
    """Upload end to end on SQLite: plan with 2,000 indicators, then one 2,000-row workbook."""
    from lakip.config import load_settings
    from lakip.services.access import SISTEM
    from lakip.services.achievement import compute_capaian
    from lakip.services.runtime import build_runtime
    from lakip.services.submissions import submit_quarter
    from lakip.services.templates import template_for
    from lakip.store.models import Indikator, RencanaAksi, Sasaran, TargetTahunan, Unit

    with tempfile.TemporaryDirectory() as tmp:
        rt = build_runtime(load_settings({"LAKIP_DATA_DIR": str(Path(tmp))}))
        with rt.uow() as s:
            unit = Unit(kode="BID-X", nama="Bidang Uji", jenis="Bidang")
            sas = Sasaran(kode="SS-01", nama="Sasaran uji")
            s.add_all([unit, sas])
            s.flush()
            for i in range(2000):
                ind = Indikator(
                    kode=f"IKU-{i:04d}",
                    nama=f"Indikator {i}",
                    sasaran_id=sas.id,
                    satuan="%",
                    polaritas=str(POL[i % 2]),
                    agregasi=str(AGG[i % 3]),
                    unit_id=unit.id,
                )
                s.add(ind)
                s.flush()
                s.add(TargetTahunan(indikator_id=ind.id, tahun=2025, target=Decimal(400)))
                s.add(
                    RencanaAksi(indikator_id=ind.id, tahun=2025, tw1=100, tw2=100, tw3=100, tw4=100)
                )
            s.commit()
        _name, template = template_for(rt, SISTEM, "BID-X", 2025, 3)
        import io

        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(template))
        ws = wb["Realisasi Kinerja"]
        for row in ws.iter_rows(min_row=1):
            if str(row[0].value or "").startswith("IKU-"):
                row[4].value = 97.5
        buf = io.BytesIO()
        wb.save(buf)
        t0 = time.perf_counter()
        submit_quarter(rt, SISTEM, buf.getvalue(), "uji.xlsx")
        dt = time.perf_counter() - t0
        print(
            f"unggah lewat layanan (baca, validasi, simpan 2.000 baris, SQLite): {dt * 1000:.0f} ms"
        )
        med, _ = timed(lambda: compute_capaian(rt, SISTEM, 2025, "TAHUN"), 3)
        print(
            f"capaian lewat layanan (2.000 indikator dari basis data, TAHUN): median {med * 1000:.0f} ms"
        )
        rt.engine.dispose()


def bench_rejections() -> float:
    """Every file of the bad-workbook corpus and of the hostile corpus, read or rejected:
    the slowest time of each (FORMATS.md: under 10 s, whatever the file)."""
    import json

    from lakip.intake.issues import WorkbookRejected
    from lakip.intake.plan import parse_plan
    from tests.fixtures.bad_workbooks.context import KNOWN, load_context
    from tests.fixtures.hostile import KINDS

    corpus = Path(__file__).parents[1] / "tests" / "fixtures" / "bad_workbooks"
    worst = ("", 0.0)
    for case in json.loads((corpus / "cases.json").read_text()):
        data = (corpus / case["file"]).read_bytes()
        start = time.perf_counter()
        with contextlib.suppress(WorkbookRejected):
            if case["importer"] == "quarter":
                parse_quarter_workbook(data, load_context)
            else:
                parse_plan(data, KNOWN)
        worst = max(worst, (case["file"], time.perf_counter() - start), key=lambda w: w[1])
    print(f"korpus berkas buruk: paling lama {worst[1] * 1000:.1f} ms ({worst[0]})")
    slowest = ("", 0.0)
    for kind in KINDS:
        data = kind.make()
        start = time.perf_counter()
        with contextlib.suppress(WorkbookRejected):
            parse_quarter_workbook(data, load_context)
        elapsed = time.perf_counter() - start
        slowest = max(slowest, (kind.name, elapsed), key=lambda w: w[1])
        print(f"  berkas jahat {kind.name}: {elapsed:.2f} s")
    print(f"korpus berkas jahat: paling lama {slowest[1]:.2f} s ({slowest[0]}; target < 10 s)")
    return slowest[1]


def main() -> int:
    print(f"Python {sys.version.split()[0]}")
    parse = bench_parse()
    ach = bench_achievement()
    bench_service()
    hostile = bench_rejections()
    return 0 if parse < 0.5 and ach < 0.2 and hostile < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
