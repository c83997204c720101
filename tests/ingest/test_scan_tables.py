"""Ruled tables on scanned pages: a table drawn with Pillow (a cell merged down, a row merged
across, the page turned 1.5°, blurred, speckled, JPEG) read back as cells, and plan 002's
appendix from its scan fixture, merged across pages as a text-layer PDF's table is.

(Roman group numbers are left out of the drawn table: in this serif font Tesseract reads a
lone "II" as "TI" whichever way it is cut, which is not what these tests are about.)"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from functools import cache

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from support import GENERATED, ROOT, needs_shared
from vnplan.ingest import IngestOptions, read_document
from vnplan.ingest.ocr import OcrWord
from vnplan.ingest.scan_tables import PageGrid, TableGrid, page_items, prepare_page

DPI = 200
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # fonts-dejavu-core (Makefile DEBS)
XS = [150, 300, 900, 1450]  # column rules of the drawn table
YS = [500, 580, 660, 740, 820, 900]  # row rules
# The drawn table as RawTable rows: "Công an xã" is merged down over two rows, the group
# heading across the three columns.
EXPECTED = [
    ["Stt", "Nhiệm vụ", "Chủ trì"],
    ["A", "Cải cách thủ tục hành chính", None],  # merged across: its text is in column 2
    ["1", "Rà soát văn bản pháp luật", "Văn phòng"],
    ["2", "Cập nhật dữ liệu dân cư", "Công an xã"],
    ["3", "Báo cáo kết quả thực hiện", None],
]


@cache
def drawn_page() -> Image.Image:
    """An A4 page at 200 dpi with a title, the table and a line under it, as a poor scan."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 34)
    draw.text((150, 380), "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", font=font, fill=0)
    for y in YS:  # rows; the rule under "Công an xã" stops at the third column
        left_end = XS[2] if y == YS[4] else XS[3]
        draw.line([(XS[0], y), (left_end, y)], fill=90, width=2)
    for x in XS:  # columns; the group heading's row has none between its two last
        draw.line([(x, YS[0]), (x, YS[1])], fill=90, width=2)
        if x != XS[2]:
            draw.line([(x, YS[1]), (x, YS[2])], fill=90, width=2)
        draw.line([(x, YS[2]), (x, YS[5])], fill=90, width=2)
    cells = {(0, 0): "Stt", (0, 1): "Nhiệm vụ", (0, 2): "Chủ trì",
             (1, 0): "A", (1, 1): "Cải cách thủ tục hành chính",
             (2, 0): "1", (2, 1): "Rà soát văn bản pháp luật", (2, 2): "Văn phòng",
             (3, 0): "2", (3, 1): "Cập nhật dữ liệu dân cư", (3, 2): "Công an xã",
             (4, 0): "3", (4, 1): "Báo cáo kết quả thực hiện"}
    for (r, c), text in cells.items():
        y = YS[r] + 20 if (r, c) != (3, 2) else (YS[3] + YS[5]) // 2 - 20
        draw.text((XS[c] + 18, y), text, font=font, fill=0)
    draw.text((150, 1000), "Nơi nhận: như trên.", font=font, fill=0)
    rng = random.Random(20)
    page = page.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.5))
    draw = ImageDraw.Draw(page)
    for _ in range(400):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=rng.randrange(0, 110))
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=75)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def test_the_grid_is_found_on_a_turned_speckled_page_with_merged_cells():
    cleaned, grid = prepare_page(drawn_page(), DPI)
    assert grid is not None and len(grid.tables) == 1
    table = grid.tables[0]
    assert abs(grid.angle * 180 / 3.14159 + 1.5) < 0.2  # Pillow turns counter-clockwise
    assert (len(table.ys), len(table.xs)) == (len(YS), len(XS))
    cells = table.cells
    assert cells[1][0] != cells[1][1] == cells[1][2]  # "A" alone, the heading across two
    assert cells[3][2] == cells[4][2] and cells[3][1] != cells[4][1]  # merged down
    assert len({n for row in cells for n in row}) == 3 * 5 - 2
    # the rules (~19,000 dark pixels) are painted out of what Tesseract reads, the words kept
    def dark(image: Image.Image) -> int:
        return sum(image.point(lambda v: 255 if v < 150 else 0).histogram()[255:])

    assert dark(drawn_page()) - 25_000 < dark(cleaned) < dark(drawn_page()) - 12_000


def test_a_page_without_rules_has_no_grid():
    page = Image.new("L", (1654, 2339), 255)
    ImageDraw.Draw(page).text((150, 300), "Chỉ có chữ, không có bảng.", fill=0,
                              font=ImageFont.truetype(FONT, 34))
    ImageDraw.Draw(page).line([(150, 360), (900, 360)], fill=0, width=2)  # a rule alone
    cleaned, grid = prepare_page(page, DPI)
    assert grid is None and cleaned is page


def word(text: str, left: int, top: int, line: tuple[int, int, int], conf: float = 95.0):
    return OcrWord(text, left, top, 10 * len(text), 30, conf, line)


def test_words_go_to_cells_by_their_centre_lines_outside_stay_in_order():
    table = TableGrid(xs=(100.0, 200.0, 600.0), ys=(300.0, 400.0, 560.0),
                      cells=((0, 1), (2, 3)))
    grid = PageGrid(0.0, (table,))
    words = [
        word("KẾ", 100, 200, (1, 1, 1)), word("HOẠCH", 130, 200, (1, 1, 1)),
        word("Stt", 110, 330, (2, 1, 1)), word("Nhiệm", 210, 330, (2, 1, 1)),
        word("vụ", 280, 330, (2, 1, 1)),
        word("1", 110, 450, (3, 1, 1)), word("Rà", 210, 420, (3, 1, 1)),
        word("soát", 250, 420, (3, 1, 1)), word("văn", 210, 470, (3, 1, 2)),
        word("bản", 250, 470, (3, 1, 2)),
        word(".", 400, 500, (3, 1, 3), conf=20.0),  # a speck in a cell
        word("Nơi", 100, 600, (4, 1, 1)), word("nhận:", 140, 600, (4, 1, 1)),
        word("'", 50, 450, (5, 1, 1), conf=30.0),  # a speck beside the table
    ]
    items = page_items(words, grid)
    assert items == [
        (200.0, "line", "KẾ HOẠCH"),
        (300.0, "table", [["Stt", "Nhiệm vụ"], ["1", "Rà soát\nvăn bản"]]),
        (600.0, "line", "Nơi nhận:"),
    ]


def test_a_surer_rereading_of_a_short_cell_wins():
    table = TableGrid(xs=(100.0, 200.0, 600.0), ys=(300.0, 400.0), cells=((0, 1),))
    grid = PageGrid(0.0, (table,))
    words = [word("đzi", 110, 330, (1, 1, 1), conf=0.0), word("Báo", 210, 330, (1, 1, 1)),
             word("cáo", 260, 330, (1, 1, 1))]
    sure = {(0, 0): [word("1.1", 20, 20, (1, 1, 1), conf=96.0)]}
    unsure = {(0, 0): [word("kì", 20, 20, (1, 1, 1), conf=60.0)]}
    assert page_items(words, grid, sure)[0][2] == [["1.1", "Báo cáo"]]
    assert page_items(words, grid, unsure)[0][2] == [["đzi", "Báo cáo"]]


# --- real OCR ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_scanned_table_is_read_as_cells_and_tab_separated_lines():
    buffer = io.BytesIO()
    drawn_page().save(buffer, format="PDF", resolution=DPI)
    raw = read_document(buffer.getvalue(), "scan.pdf", IngestOptions(ocr_dpi=DPI))
    assert raw.page_info[0].method == "ocr"
    assert len(raw.tables) == 1
    table = raw.tables[0]
    assert table.page == 1
    assert table.rows == EXPECTED
    lines = raw.pages[0].split("\n")
    assert lines[table.first_line - 1] == "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert lines[table.first_line:table.first_line + 5] == [
        "\t".join(cell or "" for cell in row) for row in EXPECTED]
    assert lines[table.first_line + 5] == "Nơi nhận: như trên."


@pytest.mark.slow
def test_an_image_file_gives_the_same_table_as_a_scanned_pdf():
    buffer = io.BytesIO()
    drawn_page().save(buffer, format="PNG", dpi=(DPI, DPI))
    raw = read_document(buffer.getvalue(), "scan.png", IngestOptions(ocr_dpi=DPI))
    assert raw.format == "image" and raw.page_info[0].method == "ocr"
    assert [table.rows for table in raw.tables] == [EXPECTED]
    first = raw.tables[0].first_line
    assert raw.pages[0].split("\n")[first:first + 5] == [
        "\t".join(cell or "" for cell in row) for row in EXPECTED]


@needs_shared
@pytest.mark.slow
def test_plan_002_scan_appendix_is_one_table_across_pages():
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_fixtures.py")], check=True)
    scan = pdfium.PdfDocument(str(GENERATED / "plan002_scan200.pdf"))
    part = pdfium.PdfDocument.new()
    part.import_pages(scan, [13, 14, 15])  # the appendix's first three pages
    buffer = io.BytesIO()
    part.save(buffer)
    raw = read_document(buffer.getvalue(), "plan002_part.pdf", IngestOptions(ocr_dpi=DPI))
    assert len(raw.tables) == 1 and raw.tables[0].page == 1
    rows = raw.tables[0].rows
    assert rows[0] == ["Stt", "Mục tiêu", "Nhiệm vụ/hoạt động", "Kết quả/Sản phẩm",
                       "Bộ phận chủ trì tham mưu", "Bộ phận chủ trì phối hợp",
                       "Thời gian hoàn thành"]
    assert [row[0] for row in rows[1:5]] == ["I", "1", "", "2"]
    # 6 + 7 + 3 rows printed; the row cut by the first page break is joined into one
    assert len(rows) == 15
    assert "Quân sự, Công an" in rows[5][5]
