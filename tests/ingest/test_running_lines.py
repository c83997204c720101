"""Running headers and footers of a PDF's pages dropped (ingest/pdf.py), beside tables: a line
repeated at the top of every page goes; a table's own header row, repeated on every page,
stays with its table and is merged away when the table runs on; positions stay right. (A real
plan, a table over 25 pages under a running title, crashed the reader before.)"""

from __future__ import annotations

from vnplan.ingest.pdf import Page, _drop_running_lines, merge_continued_tables

HEADER = ["TT", "Nhiệm vụ", "Chủ trì"]


def table_page(number: int, rows: list[list[str]], running: bool = True) -> Page:
    lines = (["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"] if running else [])
    start = len(lines)
    lines += ["\t".join(r) for r in [HEADER, *rows]]
    lines.append(f"Trang {number}")
    return Page(number, lines, tables=[(start, [HEADER, *rows])])


def test_a_running_title_goes_and_a_repeated_table_header_stays_with_its_table():
    pages = [table_page(n, [[str(n), f"Nhiệm vụ {n}", "Văn phòng"]]) for n in range(1, 5)]
    _drop_running_lines(pages)
    for page in pages:
        assert page.lines[0] == "\t".join(HEADER)
        start, rows = page.tables[0]
        assert start == 0 and page.lines[start:start + len(rows)] == ["\t".join(r) for r in rows]
    tables = merge_continued_tables(pages)
    assert len(tables) == 1
    assert [r[0] for r in tables[0].rows] == ["TT", "1", "2", "3", "4"]


def test_positions_move_only_by_the_lines_removed_above_a_table():
    pages = [table_page(n, [[str(n), "Việc", "Xã"]]) for n in range(1, 4)]
    pages.append(table_page(4, [["4", "Việc", "Xã"]], running=False))
    _drop_running_lines(pages)
    assert [p.tables[0][0] for p in pages] == [0, 0, 0, 0]
    assert all(p.lines[p.tables[0][0]] == "\t".join(HEADER) for p in pages)
