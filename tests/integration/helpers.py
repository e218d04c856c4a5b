"""Test helpers: fill a downloaded template the way a user does in Excel, snapshot the record."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from lakip.services.runtime import Runtime
from lakip.store.models import Base


def _header(ws: Any) -> tuple[int, dict[str, int]]:
    """The header row of a template sheet and its columns by name."""
    for r in range(1, 11):
        if str(ws.cell(r, 1).value or "").strip().startswith("Kode"):
            return r, {str(c.value).strip(): c.column for c in ws[r] if c.value}
    raise AssertionError(f"no header row in sheet {ws.title}")


def indicator_codes(data: bytes) -> list[str]:
    """The indicator codes of a downloaded template, in row order."""
    ws = openpyxl.load_workbook(io.BytesIO(data))["Realisasi Kinerja"]
    header_row, _cols = _header(ws)
    return [str(v) for r in range(header_row + 1, ws.max_row + 1) if (v := ws.cell(r, 1).value)]


def fill_template(
    data: bytes,
    realisasi: Mapping[str, object],
    *,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    anggaran: Mapping[str, object] | None = None,
) -> bytes:
    """Put values into the Realisasi column (and Keterangan/Kendala/Upaya) by indicator code,
    locating columns by their header names as a user would see them. The one way every test
    (integration, AppTest, browser) fills a downloaded template."""
    wb = openpyxl.load_workbook(io.BytesIO(data))

    def fill(
        sheet: str, values: Mapping[str, object], extra: Mapping[str, Mapping[str, str]]
    ) -> None:
        ws = wb[sheet]
        header_row, cols = _header(ws)
        for r in range(header_row + 1, ws.max_row + 1):
            kode = ws.cell(r, 1).value
            if kode in values:
                ws.cell(r, cols["Realisasi"]).value = values[kode]
            for name, text in extra.get(str(kode), {}).items():
                ws.cell(r, cols[name]).value = text

    fill("Realisasi Kinerja", realisasi, texts or {})
    if anggaran:
        fill("Realisasi Anggaran", anggaran, {})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def snapshot(rt: Runtime) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, plus the stored files: to prove that nothing changed."""
    with rt.uow() as session:
        tables = {
            name: sorted((tuple(row) for row in session.execute(select(table)).all()), key=repr)
            for name, table in Base.metadata.tables.items()
        }
    root = rt.files.root
    tables["<files>"] = (
        sorted((str(p.relative_to(root)),) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )
    return tables


def cli_env(data_dir: Path) -> dict[str, str]:
    """The environment for ``python -m lakip`` on a test's own data dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    env["LAKIP_DATA_DIR"] = str(data_dir)
    return env
