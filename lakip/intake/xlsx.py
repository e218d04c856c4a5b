"""A small, guarded, streaming reader of untrusted ``.xlsx`` workbooks.

Built on ``zipfile`` and the C ``XMLPullParser`` rather than openpyxl: it is fast, it
tells a formula without a cached value from an empty cell, and every limit (file size,
declared and actual unpacked sizes, compression ratio) is checked before or while an
XML parser sees a byte; no DTD reaches the parser (refused on the bytes), so no entity
can be declared. Parsing is bounded by what is kept, not by what the file holds:
elements are dropped as soon as they are read, only the requested sheets and columns are
kept, only the shared strings those cells use are resolved, and the whole workbook may hold
at most ``MAX_ELEMENTS`` elements. Dates are not interpreted: they come out as serial
numbers, with the cell's number format (percent, date) beside them.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import IO, Final, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from lakip.domain.formatting import format_count, format_size

from .issues import Issue, WorkbookRejected
from .numfmt import NumberFormat, classify_number_format

MB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 10 * MB
DEFAULT_MAX_UNPACKED: Final = 200 * MB

# A member this large that unpacks more than this many times its packed size is a
# decompression bomb, not a spreadsheet (real sheet XML packs about 10–30 : 1).
_RATIO_MIN_SIZE: Final = MB
_MAX_RATIO: Final = 200
_MAX_MEMBERS: Final = 10_000
_CHUNK: Final = 64 * 1024

# What zipfile and zlib raise on a damaged or unsupported package (a password, a method
# zipfile lacks, a truncated stream).
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

_NOT_XLSX: Final = "bukan file Excel .xlsx yang sah"
_CORRUPT: Final = "File .xlsx rusak atau tidak lengkap"
_CORRUPT_HINT: Final = "simpan ulang dari Excel lalu unggah lagi"

_REL_OFFICE_DOCUMENT: Final = "/officeDocument"
_REL_SHARED_STRINGS: Final = "/sharedStrings"
_REL_STYLES: Final = "/styles"
_ESCAPED_CHAR: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EXCEL_DIGITS: Final = 15
_EXCEL_CONTEXT: Final = Context(prec=_EXCEL_DIGITS, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as stored in the file.

    ``value`` is the text, number (exact Decimal), boolean, or None when empty.
    A formula cell has ``is_formula``; its ``value`` is the cached result, and
    ``has_cached_value`` is false when the file holds no result. An error result
    such as ``#DIV/0!`` is kept as text with ``is_error`` set. ``number_format`` says
    when a number is shown as a percent or a date.
    """

    ref: str
    row: int
    col: int
    value: str | Decimal | bool | None
    is_formula: bool
    has_cached_value: bool
    is_error: bool = False
    number_format: NumberFormat | None = None

    @property
    def is_blank(self) -> bool:
        """True for a cell that shows nothing: no value, text of spaces only, or a formula
        whose cached result is empty text (a formula filled down past the data)."""
        if self.is_formula and not self.has_cached_value:
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

    def __init__(
        self, raw: IO[bytes], name: str, declared: int, limit: int, *, part_limit: int = 0
    ) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._declared = declared
        self._limit = limit
        self._part_limit = part_limit or limit
        self._count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = _CHUNK if size is None or size < 0 else min(size, _CHUNK)
        try:
            data = self._raw.read(want)
        except _ZIP_ERRORS as exc:
            raise _corrupt(self._name) from exc
        self._count += len(data)
        if self._count > self._limit:
            raise _reject(
                f"Isi file terkompresi melebihi batas {format_size(self._limit)}; file ditolak"
            )
        if self._count > self._part_limit:
            raise _reject(
                f"Bagian '{self._name}' terlalu besar untuk sebuah laporan (lebih dari "
                f"{format_size(self._part_limit)} setelah diekstrak); hapus isi yang tidak "
                "perlu lalu unggah lagi"
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


# A workbook-wide bound on the XML elements parsed: a quarterly or planning workbook of any
# reasonable size holds well under a tenth of it (2,000 rows of eight cells: about 40,000),
# and parsing a million takes a second or two. Without it a 10 MB file packing 200 MB of
# tiny elements would hold the server for minutes.
MAX_ELEMENTS: Final = 1_000_000
# No part may unpack beyond this as far as the reader reads it (a sheet of 50,000 rows is
# about 5 MB); it bounds the memory one text node can take. A part read only in part, such
# as a shared-strings table whose used strings come first, may be larger.
MAX_PART_BYTES: Final = 32 * MB

_CellRaw = tuple[str, int, int, str, "str | None", bool, "str | None", int]
# (ref, row, col, type attribute, <v> text or inline text, is_formula, kind, style index);
# kind is "v" (value), "i" (inline string read), "n" (no <v>).


@dataclass(frozen=True, slots=True)
class SheetRows:
    """The rows read from one sheet: (Excel row number, cells) for rows present in the file.

    ``filled_elsewhere`` numbers the rows with something in a column that was not kept, so
    a row is known to be not empty without keeping its other cells.
    """

    name: str
    rows: list[tuple[int, list[Cell]]]
    filled_elsewhere: frozenset[int] = frozenset()


class Workbook:
    """An opened workbook: its sheet names and the rows read from the sheets asked for.

    Create it with ``open_workbook``; it reads from the bytes in memory. Every part is
    parsed as a stream that keeps only what is asked for (the cells of the requested
    columns, the shared strings those cells use), within ``MAX_ELEMENTS`` elements for the
    whole workbook and ``MAX_PART_BYTES`` per part.
    """

    def __init__(self, zf: zipfile.ZipFile, max_unpacked: int) -> None:
        self._zf = zf
        self._max_unpacked = max_unpacked
        self._names = {name.lower(): name for name in zf.namelist()}
        self._elements = 0
        self.date1904 = False
        self._sheet_parts: dict[str, str] = {}
        self.sheet_names: list[str] = []
        rels = self._relationships("xl/workbook.xml")
        self._read_workbook(rels)
        self._shared_part = self._related(rels, _REL_SHARED_STRINGS, "xl/sharedStrings.xml")
        self._formats = self._read_styles(self._related(rels, _REL_STYLES, "xl/styles.xml"))

    # -- parts -----------------------------------------------------------------

    def _member(self, part: str) -> zipfile.ZipInfo | None:
        name = self._names.get(part.lstrip("/").lower())
        return None if name is None else self._zf.getinfo(name)

    def _related(self, rels: dict[str, tuple[str, str]], kind: str, default: str) -> str | None:
        part = next((path for k, path in rels.values() if k.endswith(kind)), default)
        return part if self._member(part) is not None else None

    def _iterparse(self, part: str) -> Iterator[tuple[str, Element]]:
        info = self._member(part)
        if info is None:
            raise _reject(f"{_NOT_XLSX}: bagian '{part}' tidak ada")
        try:
            raw = self._zf.open(info)
        except _ZIP_ERRORS as exc:
            raise _corrupt(part) from exc
        stream = _BoundedReader(
            raw, part, info.file_size, self._max_unpacked, part_limit=MAX_PART_BYTES
        )
        parser: XMLPullParser = XMLPullParser(events=("start", "end"))
        events_of = cast("Callable[[], Iterator[tuple[str, Element]]]", parser.read_events)
        tail = b""
        try:
            while chunk := stream.read(_CHUNK):
                # No DTD ever reaches the parser, so no entity can be declared (billion
                # laughs, external entities): checked on the bytes, across chunk borders.
                window = tail + chunk
                if b"\x00" in window:
                    # UTF-16 would hide a DTD from the byte check; Excel and LibreOffice
                    # write UTF-8.
                    raise _reject(
                        f"{_NOT_XLSX}: bagian '{part}' tidak ditulis dalam UTF-8; simpan ulang "
                        "dari Excel lalu unggah lagi"
                    )
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise _reject(
                        f"{_NOT_XLSX}: bagian '{part}' berisi deklarasi DTD/entitas XML "
                        "yang tidak diizinkan"
                    )
                tail = chunk[-16:]
                parser.feed(chunk)
                yield from events_of()
            parser.close()
            yield from events_of()
        except ParseError as exc:
            raise _reject(f"{_NOT_XLSX}: XML bagian '{part}' rusak ({exc})") from exc
        finally:
            stream.close()

    def _walk(
        self,
        part: str,
        wanted: frozenset[str],
        keep: frozenset[tuple[str, str]] = frozenset(),
    ) -> Iterator[tuple[Element, Element | None, str]]:
        """Yield (element, parent, namespace) at the end of each element whose local name is
        in ``wanted``; every element is dropped once its end has passed.

        An element is removed from its parent after its end, unless (parent, child) local
        names are in ``keep`` (the children a handler reads, such as a cell's ``<v>``); so
        the tree never holds more than the path being read and the kept children of its
        innermost elements, however the part is built. Elements nobody asked for cost one
        loop turn and are never handed out. Every element counts against the workbook's
        ``MAX_ELEMENTS``.
        """
        stack: list[Element] = []
        push, pop = stack.append, stack.pop
        ns = ""
        kept: frozenset[tuple[str, str]] = frozenset()
        asked: frozenset[str] = frozenset()
        budget = MAX_ELEMENTS - self._elements
        seen = 0
        try:
            for event, elem in self._iterparse(part):
                if event == "start":
                    if not stack:
                        tag = elem.tag
                        ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                        kept = frozenset((ns + p, ns + c) for p, c in keep)
                        asked = frozenset(ns + w for w in wanted)
                    seen += 1
                    if seen > budget:
                        raise _reject(
                            f"File berisi lebih dari {format_count(MAX_ELEMENTS)} unsur XML "
                            f"(pembacaan berhenti di bagian '{part}'); terlalu rumit untuk "
                            "sebuah laporan. Simpan ulang hanya data yang diperlukan lalu "
                            "unggah lagi"
                        )
                    push(elem)
                    continue
                pop()
                parent = stack[-1] if stack else None
                if elem.tag in asked:
                    yield elem, parent, ns
                if parent is not None and (parent.tag, elem.tag) not in kept:
                    parent.remove(elem)
        finally:
            self._elements += seen

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part path) for a part, or {} if none."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if self._member(rels_part) is None:
            return {}
        result: dict[str, tuple[str, str]] = {}
        for elem, _parent, _ns in self._walk(rels_part, frozenset({"Relationship"})):
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
        for elem, _parent, _ns in self._walk("xl/workbook.xml", frozenset({"workbookPr", "sheet"})):
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

    def _read_styles(self, part: str | None) -> list[NumberFormat | None]:
        """The number-format kind of each cell style (``s`` attribute), in order."""
        if part is None:
            return []
        codes: dict[int, str] = {}
        xf_ids: list[int] = []
        for elem, parent, ns in self._walk(part, frozenset({"numFmt", "xf"})):
            tag = elem.tag
            if tag == ns + "numFmt":
                fmt_id = _int(elem.get("numFmtId"))
                if fmt_id is not None:
                    codes[fmt_id] = elem.get("formatCode") or ""
            elif tag == ns + "xf" and parent is not None and parent.tag == ns + "cellXfs":
                xf_ids.append(_int(elem.get("numFmtId")) or 0)
        kinds = {i: classify_number_format(i, codes.get(i)) for i in set(xf_ids)}
        return [kinds[i] for i in xf_ids]

    def _read_shared_strings(self, needed: set[int]) -> dict[int, str]:
        """The shared strings at the indexes asked for; parsing stops after the last one."""
        if not needed or self._shared_part is None:
            return {}
        last = max(needed)
        found: dict[int, str] = {}
        index = -1
        for elem, _parent, ns in self._walk(
            self._shared_part, frozenset({"si"}), _STRING_ITEM_KEEP
        ):
            if elem.tag != ns + "si":
                continue
            index += 1
            if index in needed:
                found[index] = _string_item_text(elem, ns + "t", ns + "r")
            if index >= last:
                break
        return found

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

    def read_rows(
        self,
        requests: Mapping[str, tuple[int | None, frozenset[int] | None]],
        *,
        max_rows: int | None = None,
    ) -> dict[str, SheetRows]:
        """Read several sheets: for each name, (last row to read, columns to keep).

        ``None`` as the last row reads the sheet to its end; ``None`` as the columns keeps
        every column. The shared strings of all kept cells are resolved in one pass.
        A sheet with more than ``max_rows`` rows in the file is rejected, naming the limit.
        Raises KeyError for an unknown sheet and WorkbookRejected for a damaged one.
        """
        raw: dict[str, list[tuple[int, list[_CellRaw]]]] = {}
        filled: dict[str, set[int]] = {}
        for name, (last_row, columns) in requests.items():
            part = self._sheet_parts.get(self._key(name))
            if part is None:
                raise KeyError(name)
            filled[name] = set()
            raw[name] = list(
                self._scan_sheet(part, name, last_row, columns, max_rows, filled[name])
            )
        needed = {
            int(c[4])
            for rows in raw.values()
            for _n, cells in rows
            for c in cells
            if c[3] == "s" and c[6] == "v" and c[4] is not None and c[4].strip().isdigit()
        }
        shared = self._read_shared_strings(needed)
        return {
            name: SheetRows(
                self.sheet_name(name) or name,
                [(n, [self._cell(c, shared) for c in cells]) for n, cells in rows],
                frozenset(filled[name]),
            )
            for name, rows in raw.items()
        }

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
        """Yield (Excel row number, cells) for the rows present in the file, every column."""
        return iter(self.read_rows({sheet_name: (None, None)})[sheet_name].rows)

    def _scan_sheet(
        self,
        part: str,
        name: str,
        last_row: int | None,
        columns: frozenset[int] | None,
        max_rows: int | None,
        filled: set[int],
    ) -> Iterator[tuple[int, list[_CellRaw]]]:
        row_number = 0
        count = 0
        cells: list[_CellRaw] = []
        row_elem: Element | None = None
        col = 0
        letters_to_col: dict[str, int] = {}
        for elem, parent, ns in self._walk(part, frozenset({"c", "row", "sheetData"}), _CELL_KEEP):
            tag = elem.tag
            if tag == ns + "c":
                if parent is not row_elem:
                    row_elem, col, cells = parent, 0, []
                given = elem.get("r")
                given_col = 0
                if given:
                    letters = given.rstrip("0123456789")
                    given_col = letters_to_col.get(letters, -1)
                    if given_col < 0:
                        given_col = letters_to_col[letters] = _column_number(letters.upper())
                col = col + 1 if given_col == 0 else given_col
                number = row_number + 1
                if parent is not None:
                    number = _int(parent.get("r")) or number
                if columns is None or col in columns:
                    cells.append(
                        self._raw_cell(elem, ns, given if given_col else None, number, col)
                    )
                elif _shows_something(elem, ns):
                    filled.add(number)
            elif tag == ns + "sheetData":
                return  # what follows the data (merged cells, links, extensions) is not read
            elif tag == ns + "row":
                row_number = _int(elem.get("r")) or row_number + 1
                if last_row is not None and row_number > last_row:
                    return
                count += 1
                if max_rows is not None and count > max_rows:
                    raise _reject(
                        f"Sheet '{name}' memuat lebih dari {format_count(max_rows)} baris; "
                        f"pembacaan berhenti di baris {format_count(row_number)}. Hapus baris "
                        "kosong atau berumus di bawah data lalu unggah lagi",
                        expected=f"paling banyak {format_count(max_rows)} baris",
                    )
                yield row_number, cells if row_elem is elem else []
                cells, row_elem, col = [], None, 0

    @staticmethod
    def _raw_cell(c: Element, ns: str, ref: str | None, row: int, col: int) -> _CellRaw:
        kind = c.get("t") or "n"
        is_formula = c.find(ns + "f") is not None
        style = _int(c.get("s")) or 0
        ref = ref or cell_ref(row, col)
        if kind == "inlineStr":
            inline = c.find(ns + "is")
            if inline is not None:
                text = _string_item_text(inline, ns + "t", ns + "r")
                return ref, row, col, kind, text, is_formula, "i", style
        v = c.find(ns + "v")
        if v is None:
            return ref, row, col, kind, None, is_formula, "n", style
        return ref, row, col, kind, v.text, is_formula, "v", style

    def _cell(self, raw: _CellRaw, shared: dict[int, str]) -> Cell:
        ref, row, col, kind, text, is_formula, state, style = raw
        fmt = self._formats[style] if style < len(self._formats) else None
        value: str | Decimal | bool | None = None
        cached = state != "n"
        is_error = False
        if state == "i":
            value = text
        elif kind == "inlineStr" or kind == "str":
            # A formula's text result: an empty <v/> is a cached empty string.
            value = _unescape(text or "") if cached else None
        elif text is None or not text.strip():
            cached = False  # no cached value (openpyxl writes formulas with an empty <v/>)
        elif kind == "s":
            index = text.strip()
            if not index.isdigit() or int(index) not in shared:
                raise _reject(f"{_NOT_XLSX}: sel {ref} menunjuk teks yang tidak ada")
            value = shared[int(index)]
        elif kind == "b":
            value = text.strip() in ("1", "true")
        elif kind == "e":
            value, is_error = text.strip(), True
        elif kind == "n":
            try:
                number = Decimal(text.strip())
            except InvalidOperation:
                value = text
            else:
                value = _excel_precision(number) if number.is_finite() else text
        else:  # "d" (ISO date) or an unknown type: keep the text
            value = text
            if kind == "d":
                fmt = NumberFormat.DATE
        if not isinstance(value, Decimal) and kind != "d":
            fmt = None
        return Cell(ref, row, col, value, is_formula, cached, is_error, fmt)

    def close(self) -> None:
        """Release the zip file."""
        self._zf.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_CELL_KEEP: Final = frozenset(
    {("c", "v"), ("c", "f"), ("c", "is"), ("is", "t"), ("is", "r"), ("r", "t")}
)
_STRING_ITEM_KEEP: Final = frozenset({("si", "t"), ("si", "r"), ("r", "t")})


def _shows_something(c: Element, ns: str) -> bool:
    """Whether a cell not kept holds anything (a shared string counts, unresolved)."""
    if c.find(ns + "f") is not None:
        v = c.find(ns + "v")
        return v is None or c.get("t") != "str" or bool((v.text or "").strip())
    if c.get("t") == "inlineStr":
        inline = c.find(ns + "is")
        return inline is not None and bool("".join(inline.itertext()).strip())
    v = c.find(ns + "v")
    return v is not None and bool((v.text or "").strip())


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and len(text) < 10 else None


def _check_entry_names(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse entry names that are absolute, climb out with "..", or occur twice.

    Readers disagree about such packages (which of two ``sheet2.xml`` is the sheet?), so
    what this reader would store might not be what Excel shows the user.
    """
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
            reason = "memakai jalur absolut"
        elif ".." in re.split(r"[/\\]", name):
            reason = "memuat '..'"
        elif name.lower() in seen:
            reason = "muncul lebih dari sekali"
        else:
            seen.add(name.lower())
            continue
        raise _reject(
            f"{_NOT_XLSX}: nama bagian '{name}' di dalam file {reason}; file ditolak",
            expected="file yang disimpan langsung dari Excel atau LibreOffice",
        )


def excel_serial_to_iso(serial: Decimal, *, date1904: bool = False) -> str | None:
    """The ISO date (YYYY-MM-DD) of an Excel date serial number, or None if out of range."""
    days = int(serial)  # a time of day is dropped
    if date1904:
        base = date(1904, 1, 1)
    elif days >= 61:
        base = date(1899, 12, 30)
    else:
        # Excel counts a 29 February 1900 that never was; before it, one day less.
        base = date(1899, 12, 31)
    if not 1 <= days <= 2_958_465:
        return None
    return (base + timedelta(days=days)).isoformat()


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
            f"File melebihi batas {format_size(max_bytes)} (ukuran {format_size(len(data))})"
        )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise _reject(_not_xlsx_reason(data))
    try:
        zf = zipfile.ZipFile(buffer)
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise _reject(_not_xlsx_reason(data)) from exc
    _check_entry_names(infos)
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
            f"Isi file terkompresi melebihi batas {format_size(max_unpacked)} "
            f"(tercatat {format_size(declared)}); file ditolak"
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
