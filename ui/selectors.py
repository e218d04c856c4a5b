"""Choosing a unit, a year and a quarter or period, with sensible first choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lakip.domain.periods import ALL_PERIODS, QUARTERS, quarter_label
from lakip.services.overview import Ringkasan


def year_choices(info: Ringkasan) -> list[int]:
    """Years to offer: the plan's years, or the active (or current) year before any plan."""
    if info.tahun_rencana:
        return list(info.tahun_rencana)
    aktif = info.profil.tahun_aktif if info.profil else None
    return [aktif or date.today().year]


def initial_quarter(info: Ringkasan, tahun: Sequence[int]) -> tuple[int, int]:
    """The first (year, quarter) to show: an open collection round, else the active year's
    first quarter."""
    for p in info.putaran:
        if p.status == "dibuka" and p.tahun in tahun:
            return p.tahun, p.triwulan
    aktif = info.profil.tahun_aktif if info.profil else None
    return (aktif if aktif is not None and aktif in tahun else tahun[-1]), QUARTERS[0]


def apply_pending(key_pending: str, keys: Sequence[str]) -> None:
    """Move values chosen by the page itself (e.g. the unit and quarter an uploaded workbook
    named) into the widgets' keys, before the widgets are drawn."""
    pending = st.session_state.pop(key_pending, None)
    if pending:
        for key, value in zip(keys, pending, strict=True):
            st.session_state[key] = value


def choose_year_quarter(
    info: Ringkasan, *, key_tahun: str, key_tw: str, kolom: Sequence[DeltaGenerator]
) -> tuple[int, int]:
    """A year and a quarter selectbox in ``kolom``; returns (tahun, triwulan)."""
    daftar = year_choices(info)
    t0, q0 = initial_quarter(info, daftar)
    if st.session_state.get(key_tahun) not in daftar:
        st.session_state[key_tahun] = t0
    st.session_state.setdefault(key_tw, q0)
    tahun = kolom[0].selectbox("Tahun", daftar, key=key_tahun)
    tw = kolom[1].selectbox("Triwulan", list(QUARTERS), format_func=quarter_label, key=key_tw)
    return int(tahun), int(tw)


def choose_quarter_row(info: Ringkasan, key: str) -> tuple[int, int]:
    """A year and a quarter selectbox side by side at the top of a page; widget keys
    ``<key>_tahun`` and ``<key>_tw``. Returns (tahun, triwulan)."""
    c1, c2, _ = st.columns([1, 1, 3])
    return choose_year_quarter(info, key_tahun=f"{key}_tahun", key_tw=f"{key}_tw", kolom=(c1, c2))


def choose_period(label: str, *, key: str, awal: str = "TW1") -> str:
    """A period selectbox (labels from ALL_PERIODS); returns the period's code."""
    kode = [p.kode for p in ALL_PERIODS]
    nama = {p.kode: p.label for p in ALL_PERIODS}
    st.session_state.setdefault(key, awal)
    return str(st.selectbox(label, kode, format_func=nama.__getitem__, key=key))


def filter_from_query(
    asked: Mapping[str, str], key: str, name: str, choices: Sequence[str], default: str
) -> None:
    """A filter's first value: the link's (``asked``, the query string as the page was
    opened), when it names a valid choice; and back to ``default`` when another filter left
    the chosen value out (another year's objectives)."""
    if key not in st.session_state:
        given = asked.get(name)
        st.session_state[key] = given if given in choices else default
    elif st.session_state[key] not in choices:
        st.session_state[key] = default
