"""The demo agency, the Disdukcapil of Kabupaten Balangan, read from ``balangan.json``.

The data lives in the JSON file beside this module: the profile, units, objectives, 14
indicators with their PK targets, Rencana Aksi, realizations for 2024 TW I–IV and 2025
TW I–III and the notes units wrote, the budget tree with its 2024 pagu, one user per role,
who writes each unit's report and the spending patterns. Here are its value types, its
loader, and the small builders that turn it into a plan, accounts, quarterly reports and
the quarterly workbook a unit would upload. No database.

The agency, its address and its budget nomenclature are real; every person (names,
NIPs) and every figure is invented for demonstration. The passwords are demo
passwords only (``demo-<username>``) and must never be used in production.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Final

from lakip.domain.indicators import Agregasi, JenisIndikator, Polaritas
from lakip.domain.roles import Peran
from lakip.intake.plan import (
    AnggaranRow,
    IndikatorRow,
    PlanDocument,
    RencanaAksiRow,
    SasaranRow,
    TargetRow,
    UnitRow,
)
from lakip.intake.template import TemplateBudget, TemplateData, TemplateIndicator

TINGKAT_PROGRAM: Final = "Program"
TINGKAT_KEGIATAN: Final = "Kegiatan"
TINGKAT_SUB_KEGIATAN: Final = "Sub Kegiatan"

_DATA_FILE: Final = "balangan.json"


# -- value types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoInstansi:
    """The agency profile (the Instansi record) of the demo."""

    nama: str
    singkatan: str
    pemerintah_daerah: str
    provinsi: str
    alamat: str
    telepon: str
    kota_ttd: str
    kepala_nama: str
    kepala_nip: str
    kepala_pangkat: str
    tahun_aktif: int

    @property
    def nama_lengkap(self) -> str:
        """The agency's name with its regional government: "Dinas … Kabupaten Balangan"."""
        return f"{self.nama} {self.pemerintah_daerah}"


@dataclass(frozen=True)
class DemoRealisasi:
    """One indicator's realization in a quarter; ``nilai`` None means not reported."""

    kode: str
    nilai: Decimal | None
    keterangan: str | None = None
    kendala: str | None = None
    upaya: str | None = None


@dataclass(frozen=True)
class DemoAnggaran:
    """One sub kegiatan's spending in a quarter, in rupiah (the quarter's own amount)."""

    kode: str
    nilai: Decimal


@dataclass(frozen=True)
class DemoQuarter:
    """A unit's quarterly report: its realizations and its budget spending."""

    kode_unit: str
    tahun: int
    triwulan: int
    disusun_oleh: str
    tanggal: str
    realisasi: list[DemoRealisasi]
    anggaran: list[DemoAnggaran]


@dataclass(frozen=True)
class DemoUser:
    """A demo account; ``password`` is a demo password only (``demo-<username>``)."""

    username: str
    nama: str
    nip: str | None
    jabatan: str
    peran: Peran
    kode_unit: str | None
    password: str


# -- the data file, read once into immutable values ----------------------------------------

_Catatan = tuple[str | None, str | None, str | None]  # keterangan, kendala, upaya
_Tw = tuple[Decimal, Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class _Spec:
    """One indicator of the demo with its plan and its realizations."""

    kode: str
    nama: str
    sasaran: str
    satuan: str
    polaritas: Polaritas
    agregasi: Agregasi
    unit: str
    jenis: JenisIndikator
    baseline: Decimal
    standar_nasional: Decimal | None
    definisi: str
    sumber: str
    # Per year: (PK annual target, Rencana Aksi TW I–IV).
    rencana: tuple[tuple[int, Decimal, _Tw], ...]
    # Per year: realizations TW I…; None is a quarter not reported.
    realisasi: tuple[tuple[int, tuple[Decimal | None, ...]], ...]


@dataclass(frozen=True)
class _SubKegiatan:
    kode: str
    uraian: str
    unit: str
    sasaran: str
    pagu_2024: int


@dataclass(frozen=True)
class _Kegiatan:
    kode: str
    uraian: str
    sub_kegiatan: tuple[_SubKegiatan, ...]


@dataclass(frozen=True)
class _Program:
    kode: str
    uraian: str
    unit: str
    sasaran: str
    kegiatan: tuple[_Kegiatan, ...]


@dataclass(frozen=True)
class _Agency:
    tahun_rencana: tuple[int, ...]
    triwulan_demo: tuple[tuple[int, int], ...]
    instansi: DemoInstansi
    units: tuple[UnitRow, ...]
    sasaran: tuple[SasaranRow, ...]
    specs: tuple[_Spec, ...]
    # (kode, tahun, triwulan) → the notes the unit wrote with that quarter.
    catatan: Mapping[tuple[str, int, int], _Catatan]
    programs: tuple[_Program, ...]
    # Pagu of later years relative to 2024.
    faktor_pagu: Mapping[int, Decimal]
    users: tuple[DemoUser, ...]
    penyusun_unit: Mapping[str, str]
    bulan_lapor: Mapping[int, str]
    # Share of a year's spending in TW I–III: routine office costs, programme activities.
    pola_rutin: tuple[Decimal, Decimal, Decimal]
    pola_kegiatan: tuple[Decimal, Decimal, Decimal]
    kegiatan_rutin: frozenset[str]
    # Yearly absorption per sub kegiatan cycles through these rates.
    serapan: tuple[Decimal, ...]


def _fail(where: str, expected: str, value: object) -> ValueError:
    return ValueError(f"{_DATA_FILE}: {where} harus {expected}, ditemukan {value!r}")


def _text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj[key]
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", "teks", value)
    return value


def _opt_text(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    return None if obj.get(key) is None else _text(obj, key, where)


def _int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = obj[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(f"{where}.{key}", "bilangan bulat", value)
    return value


def _decimal(value: object, where: str) -> Decimal:
    # Numbers are text so that "97.60" keeps its digits; a JSON float would not.
    if not isinstance(value, str):
        raise _fail(where, 'angka sebagai teks ("97.25")', value)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise _fail(where, 'angka sebagai teks ("97.25")', value) from None


def _opt_decimal(value: object, where: str) -> Decimal | None:
    return None if value is None else _decimal(value, where)


def _three(values: list[Any], where: str) -> tuple[Decimal, Decimal, Decimal]:
    if len(values) != 3:
        raise _fail(where, "tiga angka (TW I–III)", values)
    a, b, c = (_decimal(v, f"{where}[{i}]") for i, v in enumerate(values))
    return a, b, c


def _spec(obj: Mapping[str, Any]) -> _Spec:
    kode = _text(obj, "kode", "indikator")
    where = f"indikator[{kode}]"
    rencana = []
    for r in obj["rencana"]:
        tahun = _int(r, "tahun", f"{where}.rencana")
        at = f"{where}.rencana[{tahun}]"
        tw = r["rencana_aksi"]
        if len(tw) != 4:
            raise _fail(f"{at}.rencana_aksi", "empat angka (TW I–IV)", tw)
        a, b, c, d = (_decimal(v, f"{at}.rencana_aksi[{i}]") for i, v in enumerate(tw))
        rencana.append((tahun, _decimal(r["target"], f"{at}.target"), (a, b, c, d)))
    realisasi = []
    for r in obj["realisasi"]:
        tahun = _int(r, "tahun", f"{where}.realisasi")
        at = f"{where}.realisasi[{tahun}].nilai"
        values = tuple(_opt_decimal(v, f"{at}[{i}]") for i, v in enumerate(r["nilai"]))
        realisasi.append((tahun, values))
    return _Spec(
        kode=kode,
        nama=_text(obj, "nama", where),
        sasaran=_text(obj, "sasaran", where),
        satuan=_text(obj, "satuan", where),
        polaritas=Polaritas(_text(obj, "polaritas", where)),
        agregasi=Agregasi(_text(obj, "agregasi", where)),
        unit=_text(obj, "unit", where),
        jenis=JenisIndikator(_text(obj, "jenis", where)),
        baseline=_decimal(obj["baseline"], f"{where}.baseline"),
        standar_nasional=_opt_decimal(obj["standar_nasional"], f"{where}.standar_nasional"),
        definisi=_text(obj, "definisi_operasional", where),
        sumber=_text(obj, "sumber_data", where),
        rencana=tuple(rencana),
        realisasi=tuple(realisasi),
    )


def _catatan(indikator: list[Mapping[str, Any]]) -> dict[tuple[str, int, int], _Catatan]:
    notes: dict[tuple[str, int, int], _Catatan] = {}
    for ind in indikator:
        kode = _text(ind, "kode", "indikator")
        where = f"indikator[{kode}].catatan"
        for c in ind["catatan"]:
            key = (kode, _int(c, "tahun", where), _int(c, "triwulan", where))
            notes[key] = (
                _opt_text(c, "keterangan", where),
                _opt_text(c, "kendala", where),
                _opt_text(c, "upaya", where),
            )
    return notes


def _program(obj: Mapping[str, Any]) -> _Program:
    where = f"anggaran.program[{_text(obj, 'kode', 'anggaran.program')}]"
    kegiatan = []
    for k in obj["kegiatan"]:
        at = f"{where}.kegiatan[{_text(k, 'kode', where)}]"
        subs = tuple(
            _SubKegiatan(
                kode=_text(s, "kode", at),
                uraian=_text(s, "uraian", at),
                unit=_text(s, "unit", at),
                sasaran=_text(s, "sasaran", at),
                pagu_2024=_int(s, "pagu_2024", at),
            )
            for s in k["sub_kegiatan"]
        )
        kegiatan.append(_Kegiatan(_text(k, "kode", at), _text(k, "uraian", at), subs))
    return _Program(
        kode=_text(obj, "kode", where),
        uraian=_text(obj, "uraian", where),
        unit=_text(obj, "unit", where),
        sasaran=_text(obj, "sasaran", where),
        kegiatan=tuple(kegiatan),
    )


def _user(obj: Mapping[str, Any]) -> DemoUser:
    username = _text(obj, "username", "pengguna")
    where = f"pengguna[{username}]"
    return DemoUser(
        username=username,
        nama=_text(obj, "nama", where),
        nip=_opt_text(obj, "nip", where),
        jabatan=_text(obj, "jabatan", where),
        peran=Peran(_text(obj, "peran", where)),
        kode_unit=_opt_text(obj, "kode_unit", where),
        password=f"demo-{username}",
    )


def _load() -> _Agency:
    """Read ``balangan.json``; raises ValueError (or KeyError) if it is malformed."""
    raw = json.loads(files("lakip.demo").joinpath(_DATA_FILE).read_text(encoding="utf-8"))
    inst = raw["instansi"]
    belanja = raw["belanja"]
    return _Agency(
        tahun_rencana=tuple(raw["tahun_rencana"]),
        triwulan_demo=tuple((tahun, triwulan) for tahun, triwulan in raw["triwulan_demo"]),
        instansi=DemoInstansi(
            nama=_text(inst, "nama", "instansi"),
            singkatan=_text(inst, "singkatan", "instansi"),
            pemerintah_daerah=_text(inst, "pemerintah_daerah", "instansi"),
            provinsi=_text(inst, "provinsi", "instansi"),
            alamat=_text(inst, "alamat", "instansi"),
            telepon=_text(inst, "telepon", "instansi"),
            kota_ttd=_text(inst, "kota_ttd", "instansi"),
            kepala_nama=_text(inst, "kepala_nama", "instansi"),
            kepala_nip=_text(inst, "kepala_nip", "instansi"),
            kepala_pangkat=_text(inst, "kepala_pangkat", "instansi"),
            tahun_aktif=_int(inst, "tahun_aktif", "instansi"),
        ),
        units=tuple(
            UnitRow(
                _text(u, "kode", "unit"),
                _text(u, "nama", "unit"),
                _text(u, "jenis", "unit"),
                _opt_text(u, "induk", "unit"),
            )
            for u in raw["unit"]
        ),
        sasaran=tuple(
            SasaranRow(
                _text(s, "kode", "sasaran"),
                _text(s, "nama", "sasaran"),
                _opt_text(s, "tujuan", "sasaran"),
            )
            for s in raw["sasaran"]
        ),
        specs=tuple(_spec(s) for s in raw["indikator"]),
        catatan=MappingProxyType(_catatan(raw["indikator"])),
        programs=tuple(_program(p) for p in raw["anggaran"]["program"]),
        faktor_pagu=MappingProxyType(
            {
                int(tahun): _decimal(f, f"anggaran.faktor_pagu[{tahun}]")
                for tahun, f in raw["anggaran"]["faktor_pagu"].items()
            }
        ),
        users=tuple(_user(u) for u in raw["pengguna"]),
        penyusun_unit=MappingProxyType(dict(raw["penyusun_unit"])),
        bulan_lapor=MappingProxyType({int(tw): bulan for tw, bulan in raw["bulan_lapor"].items()}),
        pola_rutin=_three(belanja["pola_rutin"], "belanja.pola_rutin"),
        pola_kegiatan=_three(belanja["pola_kegiatan"], "belanja.pola_kegiatan"),
        kegiatan_rutin=frozenset(belanja["kegiatan_rutin"]),
        serapan=tuple(
            _decimal(x, f"belanja.serapan[{i}]") for i, x in enumerate(belanja["serapan"])
        ),
    )


# Immutable once read, so modules shared between users can share it too.
_AGENCY: Final = _load()

TAHUN_RENCANA: Final = _AGENCY.tahun_rencana
# The quarters that have realizations: all of 2024, and 2025 up to TW III.
TRIWULAN_DEMO: Final = _AGENCY.triwulan_demo


# -- the agency and its plan -----------------------------------------------------------------


def demo_instansi() -> DemoInstansi:
    """The demo agency: Disdukcapil Kabupaten Balangan (the head is a fictitious person)."""
    return _AGENCY.instansi


def _indikator() -> list[IndikatorRow]:
    rows = []
    for s in _AGENCY.specs:
        final = next(target for tahun, target, _tw in s.rencana if tahun == TAHUN_RENCANA[-1])
        rows.append(
            IndikatorRow(
                kode=s.kode,
                nama=s.nama,
                kode_sasaran=s.sasaran,
                satuan=s.satuan,
                polaritas=s.polaritas,
                agregasi=s.agregasi,
                kode_unit=s.unit,
                jenis=s.jenis,
                baseline=s.baseline,
                target_akhir=final,
                standar_nasional=s.standar_nasional,
                definisi_operasional=s.definisi,
                sumber_data=s.sumber,
            )
        )
    return rows


def _targets() -> list[TargetRow]:
    return [
        TargetRow(s.kode, tahun, target) for s in _AGENCY.specs for tahun, target, _tw in s.rencana
    ]


def _rencana_aksi() -> list[RencanaAksiRow]:
    return [RencanaAksiRow(s.kode, tahun, tw) for s in _AGENCY.specs for tahun, _t, tw in s.rencana]


_THOUSAND: Final = Decimal(1000)


def _pagu(base: int, tahun: int) -> Decimal:
    # A later year's pagu: the 2024 pagu times the year's factor, rounded to Rp 1.000.
    scaled = Decimal(base) * _AGENCY.faktor_pagu[tahun] / _THOUSAND
    return scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP) * _THOUSAND


def _anggaran() -> list[AnggaranRow]:
    rows: list[AnggaranRow] = []
    for tahun in TAHUN_RENCANA:
        for program in _AGENCY.programs:
            below: list[AnggaranRow] = []
            program_total = Decimal(0)
            for kegiatan in program.kegiatan:
                sub_rows = [
                    AnggaranRow(
                        s.kode,
                        s.uraian,
                        TINGKAT_SUB_KEGIATAN,
                        kegiatan.kode,
                        s.sasaran,
                        s.unit,
                        tahun,
                        _pagu(s.pagu_2024, tahun),
                    )
                    for s in kegiatan.sub_kegiatan
                ]
                total = sum((r.pagu for r in sub_rows), Decimal(0))
                program_total += total
                # A kegiatan belongs to the unit of its first sub kegiatan.
                kegiatan_unit = sub_rows[0].kode_unit
                below.append(
                    AnggaranRow(
                        kegiatan.kode,
                        kegiatan.uraian,
                        TINGKAT_KEGIATAN,
                        program.kode,
                        program.sasaran,
                        kegiatan_unit,
                        tahun,
                        total,
                    )
                )
                below.extend(sub_rows)
            rows.append(
                AnggaranRow(
                    program.kode,
                    program.uraian,
                    TINGKAT_PROGRAM,
                    None,
                    program.sasaran,
                    program.unit,
                    tahun,
                    program_total,
                )
            )
            rows.extend(below)
    return rows


def demo_plan() -> PlanDocument:
    """The demo planning document: units, objectives, 14 indicators, PK targets and
    Rencana Aksi for 2024–2026, and the budget for 2024–2026 (all numbers Decimal)."""
    return PlanDocument(
        units=list(_AGENCY.units),
        sasaran=list(_AGENCY.sasaran),
        indikator=_indikator(),
        targets=_targets(),
        rencana_aksi=_rencana_aksi(),
        anggaran=_anggaran(),
    )


# -- users --------------------------------------------------------------------------------


def demo_users() -> list[DemoUser]:
    """One demo account per role, plus one Staf Unit per bidang (fictitious people).

    Passwords are ``demo-<username>``: for demonstration only, never for production.
    """
    return list(_AGENCY.users)


# -- quarterly realizations ----------------------------------------------------------------

_RUPIAH_BULAT: Final = Decimal(100)


def _tanggal(unit_index: int, tahun: int, triwulan: int) -> str:
    day = 7 + unit_index % 5
    year = tahun + 1 if triwulan == 4 else tahun
    return f"{day} {_AGENCY.bulan_lapor[triwulan]} {year}"


def _round_rupiah(x: Decimal) -> Decimal:
    return (x / _RUPIAH_BULAT).quantize(Decimal(1), rounding=ROUND_HALF_UP) * _RUPIAH_BULAT


def _spending(plan: PlanDocument) -> dict[tuple[str, int], tuple[Decimal, ...]]:
    """Quarterly spending of every sub kegiatan per year: the four quarters add up to
    the line's absorption rate times its pagu."""
    result: dict[tuple[str, int], tuple[Decimal, ...]] = {}
    serapan = _AGENCY.serapan
    subs = [a for a in plan.anggaran if a.tingkat == TINGKAT_SUB_KEGIATAN]
    for index, line in enumerate(sorted(subs, key=lambda a: (a.tahun, a.kode))):
        total = _round_rupiah(line.pagu * serapan[index % len(serapan)])
        rutin = line.kode_induk in _AGENCY.kegiatan_rutin
        pola = _AGENCY.pola_rutin if rutin else _AGENCY.pola_kegiatan
        q1, q2, q3 = (_round_rupiah(total * share) for share in pola)
        result[(line.kode, line.tahun)] = (q1, q2, q3, total - q1 - q2 - q3)
    return result


def _reporting_units(plan: PlanDocument) -> Iterator[tuple[int, str]]:
    """The units that report (those with indicators or sub kegiatan), in plan order."""
    with_data = {i.kode_unit for i in plan.indikator} | {
        a.kode_unit for a in plan.anggaran if a.tingkat == TINGKAT_SUB_KEGIATAN
    }
    for index, unit in enumerate(plan.units):
        if unit.kode in with_data:
            yield index, unit.kode


def demo_quarters() -> list[DemoQuarter]:
    """The demo realizations: one report per reporting unit for 2024 TW I–IV and 2025
    TW I–III, ordered by year, quarter and unit.

    Mostly near target; a few short with kendala and upaya; one realization missing
    (IKU-06, 2025 TW III); one anomaly (IKU-03, 2025 TW II: 15.240 keping, a figure
    typed with an extra digit). Budget spending gives a yearly absorption of 85–98 %.
    """
    plan = demo_plan()
    spending = _spending(plan)
    realisasi = {(s.kode, tahun): values for s in _AGENCY.specs for tahun, values in s.realisasi}
    quarters: list[DemoQuarter] = []
    for tahun, triwulan in TRIWULAN_DEMO:
        for unit_index, kode_unit in _reporting_units(plan):
            rows = []
            for ind in plan.indikator:
                if ind.kode_unit != kode_unit:
                    continue
                nilai = realisasi[(ind.kode, tahun)][triwulan - 1]
                keterangan, kendala, upaya = _AGENCY.catatan.get(
                    (ind.kode, tahun, triwulan), (None, None, None)
                )
                rows.append(DemoRealisasi(ind.kode, nilai, keterangan, kendala, upaya))
            budget = [
                DemoAnggaran(a.kode, spending[(a.kode, tahun)][triwulan - 1])
                for a in plan.anggaran
                if a.kode_unit == kode_unit
                and a.tahun == tahun
                and a.tingkat == TINGKAT_SUB_KEGIATAN
            ]
            quarters.append(
                DemoQuarter(
                    kode_unit=kode_unit,
                    tahun=tahun,
                    triwulan=triwulan,
                    disusun_oleh=_AGENCY.penyusun_unit[kode_unit],
                    tanggal=_tanggal(unit_index, tahun, triwulan),
                    realisasi=rows,
                    anggaran=budget,
                )
            )
    return quarters


def demo_quarter_template_data(
    q: DemoQuarter, plan: PlanDocument, instansi: DemoInstansi
) -> TemplateData:
    """The quarterly workbook's content for ``q`` with its realizations filled in, as the
    unit would upload it: the unit's indicators (by code) with the Rencana Aksi target of
    the quarter, and its sub kegiatan (by code) with pagu and spending.

    Raises KeyError if ``q`` names a unit that is not in ``plan``.
    """
    unit = {u.kode: u for u in plan.units}[q.kode_unit]
    ra = {r.kode_indikator: r.tw for r in plan.rencana_aksi if r.tahun == q.tahun}
    reported = {r.kode: r for r in q.realisasi}
    spent = {a.kode: a.nilai for a in q.anggaran}
    indikator = []
    for ind in sorted(plan.indikator, key=lambda i: i.kode):
        if ind.kode_unit != q.kode_unit:
            continue
        tw = ra.get(ind.kode)
        r = reported.get(ind.kode)
        indikator.append(
            TemplateIndicator(
                kode=ind.kode,
                nama=ind.nama,
                satuan=ind.satuan,
                target_tw=tw[q.triwulan - 1] if tw is not None else None,
                realisasi=r.nilai if r else None,
                keterangan=r.keterangan if r else None,
                kendala=r.kendala if r else None,
                upaya=r.upaya if r else None,
            )
        )
    anggaran = [
        TemplateBudget(kode=a.kode, uraian=a.uraian, pagu=a.pagu, realisasi=spent.get(a.kode))
        for a in sorted(plan.anggaran, key=lambda a: a.kode)
        if a.kode_unit == q.kode_unit and a.tahun == q.tahun and a.tingkat == TINGKAT_SUB_KEGIATAN
    ]
    return TemplateData(
        nama_instansi=instansi.nama_lengkap,
        kode_unit=unit.kode,
        nama_unit=unit.nama,
        tahun=q.tahun,
        triwulan=q.triwulan,
        disusun_oleh=q.disusun_oleh,
        indikator=indikator,
        anggaran=anggaran,
    )
