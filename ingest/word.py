"""Word documents: DOCX with python-docx, DOC through LibreOffice (or antiword).

A DOCX body is read in order: paragraphs with the automatic numbering Word would draw
("I.", "1.", "a)", "-" from numbering.xml, not from the text), tables where they stand (cells
with merged cells as ``None``, and rows as tab-separated lines), and text boxes after the
paragraph that anchors them. Footnotes and endnotes follow the body under a marker line, each
as ``[Chú thích 1] …`` and referenced in the body as ``[1]``: in provincial reports most
citations live in footnotes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .raw import NOTES_MARKER, IngestError, IngestOptions, RawDocument, RawTable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_MAX_UNZIPPED = 100 * 2**20  # a DOCX whose parts inflate beyond this is refused (zip bomb)
_MAX_RATIO = 200  # … and so is one part compressed more than 200:1 beyond 10 MB
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_docx(data: bytes, options: IngestOptions) -> RawDocument:
    parts = _unzip(data, min(_MAX_UNZIPPED, options.max_bytes))
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise IngestError(f"corrupt DOCX ({type(exc).__name__}: {exc})", kind="corrupt") from exc
    reader = _Reader(Numbering(parts.get("word/numbering.xml")), _styles(parts.get("word/styles.xml")))
    lines: list[str] = []
    tables: list[RawTable] = []
    reader.block(body, lines, tables)
    notes = []
    for name, label in (("word/footnotes.xml", "Chú thích"), ("word/endnotes.xml", "Chú thích cuối")):
        notes += reader.notes(parts.get(name), label)
    if notes:
        lines += ["", NOTES_MARKER, *notes]
    text = unicodedata.normalize("NFC", "\n".join(lines))
    if not text.strip():
        raise IngestError("the document contains no text", kind="no_text")
    return RawDocument(format="docx", pages=[text], tables=tables)


def _unzip(data: bytes, limit: int) -> dict[str, bytes]:
    """The XML parts we read, after checking the archive cannot inflate beyond ``limit``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        for info in infos:
            if info.file_size > 10 * 2**20 and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
                raise IngestError(f"a zip bomb: {info.filename} inflates {info.file_size // 2**20} "
                                  f"MiB from {info.compress_size // 1024} KiB", kind="too_large")
        if total > limit:
            raise IngestError(f"the DOCX inflates to {total // 2**20} MiB, more than the limit "
                              f"of {limit // 2**20} MiB", kind="too_large")
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise IngestError("corrupt DOCX (no word/document.xml)", kind="corrupt")
        wanted = ("word/numbering.xml", "word/styles.xml", "word/footnotes.xml", "word/endnotes.xml")
        return {name: archive.read(name) for name in wanted if name in names}
    # ValueError: a member whose local header offset points outside the file ("negative seek")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            ValueError) as exc:
        raise IngestError(f"corrupt DOCX ({exc})", kind="corrupt") from exc


# --- automatic numbering ----------------------------------------------------------------------

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def _letter(n: int) -> str:  # 1 → a, 26 → z, 27 → aa (Word's lowerLetter)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's counter in Word's number format (numFmt)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and anything we do not know


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """numbering.xml: which levels each list (numId) has, and the counters while reading."""

    xml: bytes | None = None
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.xml:
            return
        root = etree.fromstring(self.xml, _XML)
        abstract = {a.get(_W + "abstractNumId"): self._levels(a)
                    for a in root.iter(_W + "abstractNum")}
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            levels = dict(abstract.get(ref.get(_W + "val") if ref is not None else "", {}))
            for override in num.iter(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                lvl = override.find(_W + "lvl")
                level = self._levels_from(lvl) if lvl is not None else levels.get(ilvl, _Level())
                start = override.find(_W + "startOverride")
                if start is not None:
                    level = _Level(level.fmt, level.text, int(start.get(_W + "val", "1")))
                levels[ilvl] = level
            self.levels[num.get(_W + "numId")] = levels

    def _levels(self, abstract: etree._Element) -> dict[int, _Level]:
        return {int(lvl.get(_W + "ilvl", "0")): self._levels_from(lvl)
                for lvl in abstract.iter(_W + "lvl")}

    @staticmethod
    def _levels_from(lvl: etree._Element) -> _Level:
        def val(tag: str, default: str) -> str:
            el = lvl.find(_W + tag)
            return el.get(_W + "val", default) if el is not None else default

        return _Level(val("numFmt", "decimal"), val("lvlText", ""), int(val("start", "1")))

    def label(self, num_id: str, ilvl: int) -> str:
        """The label Word draws for the next paragraph of list ``num_id`` at level ``ilvl``."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        level = levels[ilvl]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:  # a new item restarts deeper levels
            del counters[deeper]
        if level.fmt == "bullet":
            return _bullet(level.text)
        out = level.text
        for n in range(9, 0, -1):  # %1 … %9, longest first is not needed: single digits
            if f"%{n}" in out:
                lvl = levels.get(n - 1, _Level())
                value = counters.get(n - 1, lvl.start)
                out = out.replace(f"%{n}", format_number(value, lvl.fmt))
        return out


def _bullet(text: str) -> str:
    # Symbol/Wingdings bullets are private-use code points; "-", "+", "o" are kept as typed.
    if not text or any("\ue000" <= ch <= "\uf8ff" for ch in text) or text in {"·", "§"}:
        return "•"
    return text


def _styles(xml: bytes | None) -> dict[str, tuple[str | None, int, str | None]]:
    """Paragraph style → (numId, ilvl, basedOn), for numbering that comes from the style."""
    if not xml:
        return {}
    out = {}
    for style in etree.fromstring(xml, _XML).iter(_W + "style"):
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        based = style.find(_W + "basedOn")
        num_id = ilvl = None
        if num_pr is not None:
            num_el, ilvl_el = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            num_id = num_el.get(_W + "val") if num_el is not None else None
            ilvl = int(ilvl_el.get(_W + "val", "0")) if ilvl_el is not None else 0
        out[style.get(_W + "styleId")] = (num_id, ilvl or 0,
                                          based.get(_W + "val") if based is not None else None)
    return out


# --- body ---------------------------------------------------------------------------------------

@dataclass
class _Reader:
    numbering: Numbering
    styles: dict[str, tuple[str | None, int, str | None]]
    note_refs: int = 0

    def block(self, parent: etree._Element, lines: list[str],
              tables: list[RawTable] | None) -> None:
        """Paragraphs and tables of a body, cell or text box, in order."""
        for child in parent:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "p":
                boxes: list[str] = []
                lines.append(self.paragraph(child, boxes))
                lines.extend(boxes)
            elif tag == "tbl":
                rows = self.table(child)
                if tables is not None:
                    tables.append(RawTable(rows=rows, first_line=len(lines)))
                lines.extend("\t".join(" ".join((c or "").split()) for c in row) for row in rows)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                self.block(child, lines, tables)

    def paragraph(self, p: etree._Element, boxes: list[str]) -> str:
        parts: list[str] = [self._label(p)]
        self._runs(p, parts, boxes)
        return "".join(parts).rstrip()

    def _label(self, p: etree._Element) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_el, ilvl_el = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            num_id = num_el.get(_W + "val") if num_el is not None else None
            ilvl = int(ilvl_el.get(_W + "val", "0")) if ilvl_el is not None else 0
        if num_id is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            style_id = style.get(_W + "val") if style is not None else None
            for _ in range(10):  # follow basedOn a few steps
                if style_id not in self.styles:
                    break
                num_id, style_ilvl, style_id = self.styles[style_id]
                if num_id is not None:
                    ilvl = style_ilvl if num_pr is None else ilvl
                    break
        if not num_id:
            return ""
        label = self.numbering.label(num_id, ilvl)
        return label + " " if label else ""

    def _runs(self, el: etree._Element, parts: list[str], boxes: list[str]) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child)
            tag = name.localname
            if name.namespace == MC and tag == "Fallback":
                continue  # the same content as mc:Choice, for old readers
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag in ("footnoteReference", "endnoteReference"):
                parts.append(f"[{child.get(_W + 'id')}]")
            elif tag == "txbxContent":
                self.block(child, boxes, None)
            elif tag in ("del", "pPr", "rPr", "moveFrom", "instrText"):
                continue
            else:
                self._runs(child, parts, boxes)

    def table(self, tbl: etree._Element) -> list[list[str | None]]:
        """Rows of cells; a cell merged across columns (gridSpan) or down rows (vMerge)
        keeps its text in its first position and ``None`` in the positions it covers."""
        rows: list[list[str | None]] = []
        for tr in tbl.iterchildren(_W + "tr"):
            row: list[str | None] = []
            before = tr.find(f"{_W}trPr/{_W}gridBefore")
            row += [""] * int(before.get(_W + "val", "0")) if before is not None else []
            for tc in tr.iterchildren(_W + "tc"):
                span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
                span = int(span_el.get(_W + "val", "1")) if span_el is not None else 1
                vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and vmerge.get(_W + "val", "continue") != "restart":
                    row += [None] * span
                    continue
                cell_lines: list[str] = []
                self.block(tc, cell_lines, None)
                row.append("\n".join(line for line in cell_lines if line.strip()))
                row += [None] * (span - 1)
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        return [r + [""] * (width - len(r)) for r in rows]

    def notes(self, xml: bytes | None, label: str) -> list[str]:
        """Footnotes or endnotes as ``[Chú thích 1] text`` lines (separators skipped)."""
        if not xml:
            return []
        out = []
        for note in etree.fromstring(xml, _XML):
            if not isinstance(note.tag, str) or note.get(_W + "type") in (
                    "separator", "continuationSeparator", "continuationNotice"):
                continue
            lines: list[str] = []
            self.block(note, lines, None)
            text = " ".join(" ".join(line.split()) for line in lines if line.strip())
            text = text.removeprefix(f"[{note.get(_W + 'id')}]").strip()
            out.append(f"[{label} {note.get(_W + 'id')}] {text}")
        return out


# --- DOC ------------------------------------------------------------------------------------------

def read_doc(data: bytes, options: IngestOptions) -> RawDocument:
    """Word 97–2003: LibreOffice converts to DOCX; antiword reads the text if that fails."""
    failures = []
    if shutil.which("soffice"):
        try:
            converted = _soffice_to_docx(data, options.timeout_s)
            raw = read_docx(converted, options)
            raw.format = "doc"
            raw.conversions.append("DOC → DOCX (LibreOffice)")
            return raw
        except (IngestError, subprocess.SubprocessError, OSError) as exc:
            failures.append(f"LibreOffice: {exc}")
    else:
        failures.append("LibreOffice is not installed")
    if shutil.which("antiword"):
        text = _antiword(data, options.timeout_s, failures)
        if text is not None:
            return RawDocument(format="doc", pages=[text], conversions=["DOC → text (antiword)"],
                               warnings=[f"converted with antiword ({'; '.join(failures)})"])
    else:
        failures.append("antiword is not installed")
    raise IngestError("cannot convert the DOC file: " + "; ".join(failures), kind="corrupt")


def _soffice_to_docx(data: bytes, timeout_s: float) -> bytes:
    # Each conversion gets its own LibreOffice profile: parallel runs sharing one fail silently.
    with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        cmd = ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
               "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp,
               str(source)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise IngestError(f"LibreOffice timed out after {timeout_s:.0f} s",
                              kind="timeout") from exc
        target = Path(tmp) / "input.docx"
        if not target.exists():
            raise IngestError("LibreOffice could not convert the file", kind="corrupt")
        return target.read_bytes()


def _antiword(data: bytes, timeout_s: float, failures: list[str]) -> str | None:
    with tempfile.NamedTemporaryFile(suffix=".doc") as f:
        f.write(data)
        f.flush()
        try:
            done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", f.name],
                                  capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            failures.append(f"antiword timed out after {timeout_s:.0f} s")
            return None
    text = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0 or not text.strip():
        failures.append("antiword: " + done.stderr.decode("utf-8", "replace").strip()[:200])
        return None
    return unicodedata.normalize("NFC", text)
