"""The command line of FORMATS.md: ``python -m lakip COMMAND``.

Every command calls the same services as the web pages and the workers. Rejected input
exits with status 2 and prints its errors on stderr, one per line; nothing is stored then.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lakip.config import get_settings
from lakip.domain.formatting import format_count, format_size
from lakip.domain.periods import parse_quarter, quarter_label
from lakip.services.access import SISTEM
from lakip.services.errors import LakipError
from lakip.services.runtime import Runtime, build_runtime

EXIT_OK = 0
EXIT_REJECTED = 2


def _read(path: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise LakipError(f"Berkas '{path}' tidak ditemukan.")
    size = p.stat().st_size
    limit = get_settings().max_upload_bytes
    if size > limit:
        # Refuse before reading a huge file into memory; the services check again.
        raise LakipError(
            f"{p.name}: ukuran berkas {format_size(size)} melebihi batas {format_size(limit)}."
        )
    return p.read_bytes()


def _quarter_arg(text: str) -> int:
    """``--triwulan`` as a quarter 1–4 ("3", "III", "TW III"); a LakipError (exit 2) otherwise."""
    try:
        return parse_quarter(text)
    except ValueError as exc:
        raise LakipError(str(exc)) from exc


def cmd_init(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.setup import ensure_defaults

    ensure_defaults(rt)
    print(f"Basis data siap: {rt.settings.database_url.split('@')[-1]}")
    return EXIT_OK


def cmd_seed_demo(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.demo import seed_demo

    summary = seed_demo(rt)
    for line in summary:
        print(line)
    return EXIT_OK


def cmd_import_plan(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.planning import import_plan

    summary = import_plan(rt, SISTEM, _read(args.file), Path(args.file).name)
    for sheet, n in summary.dibuat.items():
        print(f"{sheet}: {format_count(n)} dibuat")
    for sheet, n in summary.diperbarui.items():
        print(f"{sheet}: {format_count(n)} diperbarui")
    for w in summary.peringatan:
        print(f"Peringatan: {w}", file=sys.stderr)
    return EXIT_OK


def cmd_import_quarter(rt: Runtime, args: argparse.Namespace) -> int:
    """Each file is its own all-or-nothing import (FORMATS.md): the accepted ones stay
    stored; a rejected file's errors go to stderr prefixed with its name; exit 2 if any was."""
    from lakip.services.submissions import submit_quarter

    rejected = False
    for file in args.files:
        name = Path(file).name
        try:
            result = submit_quarter(rt, SISTEM, _read(file), name)
        except LakipError as exc:
            rejected = True
            for line in str(exc).splitlines() or [exc.__class__.__name__]:
                print(f"{name}: {line}", file=sys.stderr)
            continue
        print(
            f"{name}: diterima, {result.kode_unit} tahun {result.tahun} triwulan "
            f"{result.triwulan}, versi {result.nomor} ({format_count(result.jumlah_realisasi)} "
            f"realisasi, {format_count(result.jumlah_kosong)} kosong)"
        )
        for w in result.peringatan:
            print(f"{name}: Peringatan: {w}", file=sys.stderr)
    return EXIT_REJECTED if rejected else EXIT_OK


def cmd_template(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.templates import template_for

    triwulan = _quarter_arg(args.triwulan)
    _name, data = template_for(rt, SISTEM, args.unit, args.tahun, triwulan)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    print(f"Template ditulis: {out}")
    return EXIT_OK


def cmd_capaian(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.domain.formatting import format_number, format_percent
    from lakip.services.achievement import compute_capaian

    result = compute_capaian(rt, SISTEM, args.tahun, args.periode)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return EXIT_OK
    print(f"Capaian kinerja {result.periode.label} tahun {result.tahun}")
    for i in result.indikator:
        print(
            f"{i.kode:<12} target {format_number(i.target, strip=True):>14}  "
            f"realisasi {format_number(i.realisasi, strip=True):>14}  "
            f"capaian {format_percent(i.capaian):>14}  {i.predikat or ''}"
        )
    for s in result.sasaran:
        print(f"{s.kode:<12} capaian sasaran {format_percent(s.capaian)}  {s.predikat or ''}")
    return EXIT_OK


def cmd_build_report(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.report_builds import compose_report

    hasil = compose_report(rt, SISTEM, args.jenis, args.tahun, args.periode)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, sha in ((hasil.xlsx_nama, hasil.xlsx_sha256), (hasil.pdf_nama, hasil.pdf_sha256)):
        target = out / name
        tmp = target.with_name(f".{name}.tmp")
        tmp.write_bytes(rt.files.get(sha))
        tmp.replace(target)  # a reader never sees half a file
        print(target)
    return EXIT_OK


def cmd_rekap(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.recap import recap_quarter

    triwulan = _quarter_arg(args.triwulan)
    result = recap_quarter(rt, SISTEM, args.tahun, triwulan)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return EXIT_OK
    print(f"Rekap {quarter_label(triwulan)} tahun {result.tahun}")
    for u in result.unit:
        print(
            f"{u.kode:<16} wajib {format_count(u.wajib):>5}  terisi {format_count(u.terisi):>5}  "
            f"versi {format_count(u.versi):>3}  {u.status.value}"
        )
    return EXIT_OK


def cmd_backup(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.backup import backup

    ringkasan = backup(rt, SISTEM, Path(args.out).absolute())
    print(f"Cadangan ditulis: {args.out} ({ringkasan})")
    return EXIT_OK


def cmd_restore(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.services.backup import restore

    ringkasan = restore(rt, SISTEM, Path(args.file))
    print(f"Dipulihkan dari {args.file}: {ringkasan}")
    return EXIT_OK


def cmd_create_user(rt: Runtime, args: argparse.Namespace) -> int:
    from lakip.domain.roles import parse_peran
    from lakip.services.users import create_user

    try:
        peran = parse_peran(args.peran)
    except ValueError as exc:
        raise LakipError(str(exc)) from exc
    password = args.password or getpass.getpass("Kata sandi: ")
    user = create_user(
        rt,
        SISTEM,
        username=args.username,
        nama=args.nama,
        peran=peran,
        password=password,
        unit_kode=args.unit,
        nip=args.nip,
    )
    print(f"Pengguna dibuat: {user.username} ({user.peran.value})")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lakip", description="LAKIP: data kinerja OPD")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="buat atau perbarui basis data").set_defaults(func=cmd_init)
    sub.add_parser("seed-demo", help="muat instansi demo (Disdukcapil Kab. Balangan)").set_defaults(
        func=cmd_seed_demo
    )
    s = sub.add_parser("import-plan", help="impor dokumen perencanaan (.xlsx)")
    s.add_argument("file")
    s.set_defaults(func=cmd_import_plan)
    s = sub.add_parser("import-quarter", help="impor laporan kinerja triwulan (.xlsx)")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.set_defaults(func=cmd_import_quarter)
    s = sub.add_parser("template", help="tulis template laporan triwulan terisi")
    s.add_argument("--unit", required=True)
    s.add_argument("--tahun", type=int, required=True)
    s.add_argument("--triwulan", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_template)
    s = sub.add_parser("capaian", help="capaian kinerja suatu periode")
    s.add_argument("--tahun", type=int, required=True)
    s.add_argument("--periode", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_capaian)
    s = sub.add_parser("build-report", help="bangun laporan (.xlsx dan .pdf) ke sebuah folder")
    s.add_argument("--jenis", required=True, help="triwulan, semester atau tahunan")
    s.add_argument("--tahun", type=int, required=True)
    s.add_argument("--periode", help="TW1…TW4 (triwulan), S1 atau S2 (semester)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_build_report)
    s = sub.add_parser("rekap", help="rekap laporan triwulan per unit")
    s.add_argument("--tahun", type=int, required=True)
    s.add_argument("--triwulan", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_rekap)
    s = sub.add_parser("backup", help="cadangkan seluruh data (tabel dan berkas) ke satu arsip")
    s.add_argument("--out", required=True, metavar="FILE")
    s.set_defaults(func=cmd_backup)
    s = sub.add_parser(
        "restore", help="pulihkan arsip cadangan ke basis data dan folder data kosong"
    )
    s.add_argument("file", metavar="FILE")
    s.set_defaults(func=cmd_restore)
    s = sub.add_parser("create-user", help="buat pengguna (mis. admin pertama)")
    s.add_argument("--username", required=True)
    s.add_argument("--nama", required=True)
    s.add_argument("--peran", default="Admin")
    s.add_argument("--unit")
    s.add_argument("--nip")
    s.add_argument("--password", help="tanpa ini, kata sandi ditanyakan")
    s.set_defaults(func=cmd_create_user)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit status."""
    args = _parser().parse_args(argv)
    func: Callable[[Runtime, argparse.Namespace], int] = args.func
    try:
        rt = build_runtime()
        try:
            return func(rt, args)
        finally:
            rt.engine.dispose()
    except LakipError as exc:
        for line in str(exc).splitlines() or [exc.__class__.__name__]:
            print(line, file=sys.stderr)
        return EXIT_REJECTED
