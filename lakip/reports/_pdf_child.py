"""The heavy steps of a PDF build, each in a short-lived process of its own
(``pdf_writer`` runs this file): drawing the charts, typesetting one part, finishing (the
front, the footers, joining the parts).

The typst binding memoizes every layout it has made (comemo) and never evicts, vl-convert keeps
a JavaScript engine alive, and pypdf holds every object of the PDFs it joins: a worker or a web
process that did these in-process would keep the memory of the biggest report it ever built,
and grow with each. A process that ends gives all of it back. Only the standard library and
the one tool a step needs are imported here, so each process starts in a few milliseconds.

    charts ROOT LIST              LIST: JSON [[file name, Vega-Lite spec], ...]; SVGs in ROOT
    typeset ROOT TEMPLATE DATA OUT TIMESTAMP
    finish ROOT PLAN OUT          PLAN: JSON, see :func:`finish`

Several steps, separated by ``--``, run one after the other in the one process (a short
report's whole PDF, where the memory is small and one start is cheaper than three).

Exit 1 with the tool's message on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHART_WIDTH = 720  # CSS pixels, about the width of a portrait A4 text block at 96 dpi


def charts(root: str, listing: str) -> None:
    import vl_convert

    for name, spec in json.loads(Path(listing).read_text(encoding="utf-8")):
        if not isinstance(spec.get("width"), int):  # "container" means nothing off screen
            spec["width"] = CHART_WIDTH
        (Path(root) / name).write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")


def _compile(root: str, template: str, data: str, stamp: int) -> bytes:
    import typst

    pdf = typst.compile(
        str(Path(root) / template),
        root=root,
        sys_inputs={"data": data},
        ignore_system_fonts=True,
        timestamp=stamp,
    )
    assert isinstance(pdf, bytes)
    return pdf


def typeset(root: str, template: str, data: str, out: str, stamp: str) -> None:
    source = Path(data).read_text(encoding="utf-8")
    Path(out).write_bytes(_compile(root, template, source, int(stamp)))


def finish(root: str, plan_file: str, out: str) -> None:
    """The typeset parts as one PDF. ``plan``: ``bagian`` (each part's file and its headings,
    [level, title], in order), ``depan`` (the front's data, or null), ``kaki`` (the
    footers' data), ``info`` (document properties) and ``stempel`` (the timestamp).

    The parts' bookmarks give the page of each heading; the front (cover and contents) is
    typeset with those pages, again if its length was guessed wrong; then the footers
    ("Halaman n dari m", on every page but the cover), laid over their pages; then the
    bookmarks. No file identifier: the same parts give the same bytes."""
    import io

    import pypdf

    plan: dict[str, Any] = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    stamp = int(plan["stempel"])
    pages: list[Any] = []
    headings: list[tuple[int, str, int]] = []  # level, title, page index within the body
    for part in plan["bagian"]:
        reader = pypdf.PdfReader(Path(root) / part["berkas"])
        marks = list(_bookmarked(reader, reader.outline))
        if len(marks) != len(part["judul"]):
            raise RuntimeError(
                f"{part['berkas']}: {len(part['judul'])} judul, {len(marks)} penanda"
            )
        headings += [
            (lvl, title, len(pages) + p)
            for (lvl, title), p in zip(part["judul"], marks, strict=True)
        ]
        pages += reader.pages
    front: list[Any] = []
    depan = plan["depan"]
    if depan is not None:
        guess = int(depan["sampul"]) + int(depan["daftar_isi"])
        for _ in range(3):
            isi = [{"tingkat": lvl, "judul": t, "halaman": guess + p + 1} for lvl, t, p in headings
                   if lvl <= 2]  # fmt: skip
            data = json.dumps(depan | {"isi": isi}, ensure_ascii=False)
            front = list(
                pypdf.PdfReader(io.BytesIO(_compile(root, "depan.typ", data, stamp))).pages
            )
            if len(front) == guess:
                break
            guess = len(front)
        else:
            raise RuntimeError("halaman depan tidak stabil")
    every = front + pages
    covered = 1 if depan is not None and depan["sampul"] else 0
    kaki = plan["kaki"] | {
        "jumlah": len(every),
        "halaman": [
            {"lebar": float(p.mediabox.width), "tinggi": float(p.mediabox.height), "nomor": n + 1}
            for n, p in enumerate(every)
            if n >= covered
        ],
    }
    data = json.dumps(kaki, ensure_ascii=False)
    footers = pypdf.PdfReader(io.BytesIO(_compile(root, "kaki.typ", data, stamp))).pages
    writer = pypdf.PdfWriter()
    for n, page in enumerate(every):
        added = writer.add_page(page)
        if n >= covered:
            added.merge_page(footers[n - covered])
    parents: dict[int, Any] = {}
    for level, title, page_index in headings:
        parent = next((parents[k] for k in range(level - 1, 0, -1) if k in parents), None)
        parents = {k: v for k, v in parents.items() if k < level}
        parents[level] = writer.add_outline_item(
            title=title, page_number=len(front) + page_index, parent=parent, is_open=level == 1
        )
    writer.add_metadata(plan["info"])
    with open(out, "wb") as f:
        writer.write(f)


def _bookmarked(reader: Any, items: list[Any]) -> Any:
    """The page index of each bookmark, in document order."""
    for item in items:
        if isinstance(item, list):
            yield from _bookmarked(reader, item)
        else:
            yield reader.get_destination_page_number(item)


STEPS: dict[str, Callable[..., None]] = {"charts": charts, "typeset": typeset, "finish": finish}


def main(argv: list[str]) -> int:
    """Run the steps in ``argv`` (separated by ``--``) one after the other."""
    steps: list[list[str]] = [[]]
    for arg in argv:
        if arg == "--":
            steps.append([])
        else:
            steps[-1].append(arg)
    try:
        for command, *args in steps:
            STEPS[command](*args)
    except Exception as e:
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
