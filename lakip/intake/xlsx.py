"""A small, guarded, streaming reader of untrusted ``.xlsx`` workbooks.

Built on ``zipfile`` and ``defusedxml`` rather than openpyxl: it is fast, it tells a
formula without a cached value from an empty cell, and every limit (file size,
declared and actual unpacked sizes, compression ratio) is checked before or while an
XML parser sees a byte. Dates are not interpreted: they come out as serial numbers.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import IO, Final
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .issues import Issue, WorkbookRejected

MB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 10 * MB
DEFAULT_MAX_UNPACKED: Final = 200 * MB

# A member this large that unpacks more than this many times its packed size is a
# decompression bomb, not a spreadsheet (real sheet XML packs about 10–30 : 1).
_RATIO_MIN_SIZE: Final = MB
_MAX_RATIO: Final = 200
_MAX_MEMBERS: Final = 10_000
_CHUNK: Final = 64 * 1024

_NOT_XLSX: Final = "bukan file Excel .xlsx yang sah"
_CORRUPT: Final = "File .xlsx rusak atau tidak lengkap"
_CORRUPT_HINT: Final = "simpan ulang dari Excel lalu unggah lagi"

_REL_OFFICE_DOCUMENT: Final = "/officeDocument"
_REL_SHARED_STRINGS: Final = "/sharedStrings"
_ESCAPED_CHAR: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EXCEL_DIGITS: Final = 15
_EXCEL_CONTEXT: Final = Context(prec=_EXCEL_DIGITS, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as stored in the file.

    ``value`` is the text, number (exact Decimal), boolean, or None when empty.
    A formula cell has ``is_formula``; its ``value`` is the cached result, and
    ``has_cached_value`` is false when the file holds no result. An error result
    such as ``#DIV/0!`` is kept as text with ``is_error`` set.
    """

    ref: str
    row: int
    col: int
    value: str | Decimal | bool | None
    is_formula: bool
    has_cached_value: bool
    is_error: bool = False

    @property
    def is_blank(self) -> bool:
        """True for a cell with nothing in it (no formula, no text but spaces)."""
        if self.is_formula:
            return False
        value = self.value
        return value is None or (isinstance(value, str) and not value.strip())


def column_letter(col: int) -> str:
    """Return the column letters of a 1-based column number (1 → "A", 28 → "AB")."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """Return an A1 reference such as "E7"."""
    return f"{column_letter(col)}{row}"


def _column_number(letters: str) -> int:
    """1-based column of column letters ("A" → 1, "AB" → 28); 0 if not letters."""
    col = 0
    for ch in letters.replace("$", ""):
        code = ord(ch) - 64
        if not 1 <= code <= 26:
            return 0
        col = col * 26 + code
    return col


def _excel_precision(number: Decimal) -> Decimal:
    """The number as Excel holds it: at most 15 significant digits.

    Writers store the binary double behind a cell, so a typed 82.6 may arrive as
    "82.59999999999999" (xlsxwriter) or "82.599999999999994"; Excel itself keeps and
    shows 15 significant digits, so the figure the user typed is that rounding.
    """
    if len(number.as_tuple().digits) <= _EXCEL_DIGITS:
        return number
    return _EXCEL_CONTEXT.plus(number).normalize(_EXCEL_CONTEXT)


def _unescape(text: str) -> str:
    # Excel stores control characters as _xHHHH_ (and a literal "_x" as _x005F_x).
    if "_x" not in text:
        return text
    return _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text)


def _size_mb(size: int) -> str:
    shown = f"{size / MB:.1f}".replace(".", ",")
    return shown[:-2] if shown.endswith(",0") else shown


def _reject(
    message: str, value: str | None = None, expected: str | None = None
) -> WorkbookRejected:
    return WorkbookRejected([Issue(message, value=value, expected=expected)])


def _corrupt(part: str) -> WorkbookRejected:
    return _reject(f"{_CORRUPT} (bagian '{part}' tidak dapat dibuka); {_CORRUPT_HINT}")


class _BoundedReader(io.RawIOBase):
    """Reads one zip member, refusing to give more bytes than its declared size.

    Zip headers can lie; the decompressor is only ever asked for a chunk at a
    time, and the count is checked against the declared size and the unpacked limit.
    """

    def __init__(self, raw: IO[bytes], name: str, declared: int, limit: int) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._declared = declared
        self._limit = limit
        self._count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = _CHUNK if size is None or size < 0 else min(size, _CHUNK)
        try:
            data = self._raw.read(want)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _corrupt(self._name) from exc
        self._count += len(data)
        if self._count > self._limit:
            raise _reject(
                f"Isi file terkompresi melebihi batas {_size_mb(self._limit)} MB; file ditolak"
            )
        if self._count > self._declared:
            raise _reject(
                f"Bagian '{self._name}' lebih besar daripada ukuran yang tercatat di file; "
                "file ditolak"
            )
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(elem: Element, local_name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id, or id)."""
    for key, value in elem.attrib.items():
        if key == local_name or key.endswith("}" + local_name):
            return value
    return None


def _string_item_text(elem: Element, t_tag: str, r_tag: str) -> str:
    """Text of a shared string item or inline string: plain <t> or rich-text runs <r><t>.

    Phonetic runs (<rPh>) are not part of the text and are skipped.
    """
    parts: list[str] = []
    for child in elem:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            t = child.find(t_tag)
            if t is not None:
                parts.append(t.text or "")
    return _unescape("".join(parts))


class Workbook:
    """An opened workbook: its sheet names and a streaming row reader per sheet.

    Create it with ``open_workbook``; it reads from the bytes in memory.
    """

    def __init__(self, zf: zipfile.ZipFile, max_unpacked: int) -> None:
        self._zf = zf
        self._max_unpacked = max_unpacked
        self._names = {name.lower(): name for name in zf.namelist()}
        self.date1904 = False
        self._sheet_parts: dict[str, str] = {}
        self.sheet_names: list[str] = []
        rels = self._relationships("xl/workbook.xml")
        self._read_workbook(rels)
        self._shared: list[str] = self._read_shared_strings(rels)

    # -- parts -----------------------------------------------------------------

    def _member(self, part: str) -> zipfile.ZipInfo | None:
        name = self._names.get(part.lstrip("/").lower())
        return None if name is None else self._zf.getinfo(name)

    def _iterparse(self, part: str, events: tuple[str, ...]) -> Iterator[tuple[str, Element]]:
        info = self._member(part)
        if info is None:
            raise _reject(f"{_NOT_XLSX}: bagian '{part}' tidak ada")
        try:
            raw = self._zf.open(info)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise _corrupt(part) from exc
        stream = _BoundedReader(raw, part, info.file_size, self._max_unpacked)
        try:
            yield from iterparse(stream, events=events, forbid_dtd=True)
        except DefusedXmlException as exc:
            raise _reject(
                f"{_NOT_XLSX}: bagian '{part}' berisi deklarasi DTD/entitas XML "
                "yang tidak diizinkan"
            ) from exc
        except ParseError as exc:
            raise _reject(f"{_NOT_XLSX}: XML bagian '{part}' rusak ({exc})") from exc
        finally:
            stream.close()

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part path) for a part, or {} if none."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if self._member(rels_part) is None:
            return {}
        result: dict[str, tuple[str, str]] = {}
        for _event, elem in self._iterparse(rels_part, ("end",)):
            if _local(elem.tag) != "Relationship":
                continue
            rel_id = elem.get("Id") or ""
            target = elem.get("Target") or ""
            if elem.get("TargetMode") == "External" or not target:
                continue
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            result[rel_id] = (elem.get("Type") or "", path)
        return result

    def _read_workbook(self, rels: dict[str, tuple[str, str]]) -> None:
        for _event, elem in self._iterparse("xl/workbook.xml", ("end",)):
            local = _local(elem.tag)
            if local == "workbookPr":
                self.date1904 = (elem.get("date1904") or "").lower() in ("1", "true")
            elif local == "sheet":
                name = elem.get("name") or ""
                rel = rels.get(_attr(elem, "id") or "")
                if not name or rel is None:
                    continue
                self.sheet_names.append(name)
                self._sheet_parts[self._key(name)] = rel[1]

    def _read_shared_strings(self, rels: dict[str, tuple[str, str]]) -> list[str]:
        part = next(
            (path for kind, path in rels.values() if kind.endswith(_REL_SHARED_STRINGS)),
            "xl/sharedStrings.xml",
        )
        if self._member(part) is None:
            return []
        strings: list[str] = []
        root: Element | None = None
        t_tag = r_tag = si_tag = ""
        for event, elem in self._iterparse(part, ("start", "end")):
            if event == "start":
                if root is None:
                    root = elem
                    ns = elem.tag[: elem.tag.index("}") + 1] if elem.tag.startswith("{") else ""
                    t_tag, r_tag, si_tag = ns + "t", ns + "r", ns + "si"
                continue
            if elem.tag == si_tag:
                strings.append(_string_item_text(elem, t_tag, r_tag))
                if root is not None:
                    root.clear()
        return strings

    # -- sheets ----------------------------------------------------------------

    @staticmethod
    def _key(name: str) -> str:
        return name.strip().casefold()

    def has_sheet(self, name: str) -> bool:
        """True if a sheet of that name exists (case-insensitive, spaces trimmed)."""
        return self._key(name) in self._sheet_parts

    def sheet_name(self, name: str) -> str | None:
        """The sheet's name as written in the file, or None if there is no such sheet."""
        key = self._key(name)
        return next((n for n in self.sheet_names if self._key(n) == key), None)

    def iter_rows(self, sheet_name: str) -> Iterator[list[Cell]]:
        """Yield the sheet's rows in order from row 1, one list of cells each.

        A row missing from the file is yielded as an empty list, so the n-th item
        is Excel row n. Raises KeyError for an unknown sheet and WorkbookRejected
        for a damaged one.
        """
        expected = 1
        for number, cells in self.iter_numbered_rows(sheet_name):
            while expected < number:
                yield []
                expected += 1
            yield cells
            expected = max(expected, number + 1)

    def iter_numbered_rows(self, sheet_name: str) -> Iterator[tuple[int, list[Cell]]]:
        """Yield (Excel row number, cells) for the rows present in the file only.

        Like ``iter_rows`` without the empty rows of gaps; cells come in column
        order as stored. Raises KeyError for an unknown sheet.
        """
        part = self._sheet_parts.get(self._key(sheet_name))
        if part is None:
            raise KeyError(sheet_name)
        return self._iter_sheet(part)

    def _iter_sheet(self, part: str) -> Iterator[tuple[int, list[Cell]]]:
        shared = self._shared
        sheet_data: Element | None = None
        root_seen = False
        row_tag = sheet_data_tag = c_tag = v_tag = f_tag = is_tag = t_tag = r_tag = ""
        row_number = 0
        columns: dict[str, int] = {}  # column letters → number, computed once per sheet
        for event, elem in self._iterparse(part, ("start", "end")):
            tag = elem.tag
            if event == "start":
                if not root_seen:
                    root_seen = True
                    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                    row_tag, sheet_data_tag, c_tag = ns + "row", ns + "sheetData", ns + "c"
                    v_tag, f_tag, is_tag = ns + "v", ns + "f", ns + "is"
                    t_tag, r_tag = ns + "t", ns + "r"
                elif tag == sheet_data_tag:
                    sheet_data = elem
                continue
            if tag != row_tag:
                continue
            r_attr = elem.get("r")
            row_number = int(r_attr) if r_attr and r_attr.isdigit() else row_number + 1
            cells: list[Cell] = []
            col = 0
            for c in elem:
                if c.tag != c_tag:
                    continue
                given = c.get("r")
                given_col = 0
                if given:
                    letters = given.rstrip("0123456789")
                    given_col = columns.get(letters, -1)
                    if given_col < 0:
                        given_col = columns[letters] = _column_number(letters.upper())
                if given is None or given_col == 0:
                    col += 1
                    ref = cell_ref(row_number, col)
                else:
                    col, ref = given_col, given
                cells.append(
                    self._cell(c, ref, row_number, col, shared, v_tag, f_tag, is_tag, t_tag, r_tag)
                )
            yield row_number, cells
            # Drop what was read so a long sheet never sits whole in memory.
            elem.clear()
            if sheet_data is not None:
                sheet_data.clear()

    @staticmethod
    def _cell(
        c: Element,
        ref: str,
        row: int,
        col: int,
        shared: list[str],
        v_tag: str,
        f_tag: str,
        is_tag: str,
        t_tag: str,
        r_tag: str,
    ) -> Cell:
        kind = c.get("t") or "n"
        is_formula = c.find(f_tag) is not None
        v = c.find(v_tag)
        text = v.text if v is not None else None
        value: str | Decimal | bool | None = None
        cached = False
        is_error = False
        if kind == "inlineStr":
            inline = c.find(is_tag)
            if inline is not None:
                value = _string_item_text(inline, t_tag, r_tag)
                cached = True
            elif text is not None:
                value, cached = _unescape(text), True
        elif kind == "str":
            # A formula's text result: an empty <v/> is a cached empty string.
            if v is not None:
                value, cached = _unescape(text or ""), True
        elif text is None or not text.strip():
            pass  # no cached value (openpyxl writes formulas with an empty <v/>)
        elif kind == "s":
            try:
                value = shared[int(text)]
            except (ValueError, IndexError):
                raise _reject(f"{_NOT_XLSX}: sel {ref} menunjuk teks yang tidak ada") from None
            cached = True
        elif kind == "b":
            value, cached = text.strip() in ("1", "true"), True
        elif kind == "e":
            value, cached, is_error = text.strip(), True, True
        elif kind == "n":
            try:
                number = Decimal(text.strip())
            except InvalidOperation:
                value = text
            else:
                value = _excel_precision(number) if number.is_finite() else text
            cached = True
        else:  # "d" (ISO date) or an unknown type: keep the text
            value, cached = text, True
        return Cell(ref, row, col, value, is_formula, cached, is_error)

    def close(self) -> None:
        """Release the zip file."""
        self._zf.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _not_xlsx_reason(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            f"{_NOT_XLSX}: file ini berformat Excel lama (.xls) atau dilindungi kata sandi; "
            "simpan ulang sebagai .xlsx tanpa kata sandi"
        )
    if data.startswith(b"%PDF"):
        return f"{_NOT_XLSX}: file ini adalah PDF"
    if data.startswith(b"PK\x03\x04"):
        return f"{_CORRUPT}; {_CORRUPT_HINT}"
    return _NOT_XLSX


def open_workbook(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unpacked: int = DEFAULT_MAX_UNPACKED,
) -> Workbook:
    """Open an ``.xlsx`` workbook from its bytes, after checking every limit.

    Raises WorkbookRejected (Indonesian message) if the file exceeds ``max_bytes``,
    is not a readable xlsx, declares or actually unpacks more than
    ``max_unpacked`` bytes, packs suspiciously tightly, or holds DTDs/entities.
    """
    if len(data) > max_bytes:
        raise _reject(
            f"File melebihi batas {_size_mb(max_bytes)} MB (ukuran {_size_mb(len(data))} MB)"
        )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise _reject(_not_xlsx_reason(data))
    try:
        zf = zipfile.ZipFile(buffer)
        infos = zf.infolist()
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _reject(_not_xlsx_reason(data)) from exc
    names = {info.filename.lower() for info in infos}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise _reject(
            _NOT_XLSX, expected="file yang disimpan Excel sebagai Buku Kerja Excel (.xlsx)"
        )
    if len(infos) > _MAX_MEMBERS:
        raise _reject(f"{_NOT_XLSX}: berisi terlalu banyak bagian ({len(infos)})")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _reject(f"{_NOT_XLSX}: file dienkripsi atau dilindungi kata sandi")
    declared = sum(info.file_size for info in infos)
    if declared > max_unpacked:
        raise _reject(
            f"Isi file terkompresi melebihi batas {_size_mb(max_unpacked)} MB "
            f"(tercatat {_size_mb(declared)} MB); file ditolak"
        )
    for info in infos:
        if info.file_size > _RATIO_MIN_SIZE and info.file_size > _MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _reject(
                f"Rasio kompresi bagian '{info.filename}' tidak wajar "
                f"(lebih dari {_MAX_RATIO}:1); file ditolak sebagai kemungkinan bom zip"
            )
    return Workbook(zf, max_unpacked)
