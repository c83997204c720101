"""The legal registry is reviewable data: every fact sourced, nothing guessed, no duplicates."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

import pytest
import yaml
from support import registry_entry
from vnplan.reference.keys import name_key, nearly_same_name, number_key
from vnplan.reference.registry import (
    EVENT_KINDS,
    FACT_FIELDS,
    STATUS,
    load_registry,
    parse_registry,
)

RAW = yaml.safe_load(
    resources.files("vnplan.reference").joinpath("legal_registry.yaml").read_text("utf-8")
)
KEY_ORDER = ["number", "doc_type", "party", *FACT_FIELDS, "aliases", "sources", "events", "unconfirmed"]
DOC_TYPES = {
    "Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị",
    "Thông tư", "Thông tư liên tịch", "Kết luận", "Quy định", "Hướng dẫn", "Lệnh",
}
# Numbers as the State writes them (61/2018/NĐ-CP, 468/QĐ-TTg, 77/2015/QH13, 71/2014/TTLT-BTC-BNV,
# and the Government's special resolutions 66.2/2025/NQ-CP)
# and as the Party does (19-NQ/TW); Đ is the Vietnamese letter, the hyphen ASCII.
STATE_NUMBER = re.compile(r"^\d+(?:\.\d{1,2}|[a-zđ])?(?:/(?:19|20)\d{2})?/[A-ZĐ][A-Za-zĐ]*\d*(?:-[A-ZĐ][A-Za-zĐ]*\d*)*$")
PARTY_NUMBER = re.compile(r"^\d+-[A-ZĐ][A-Za-zĐ]*/[A-ZĐ]+$")
URL = re.compile(r"^https?://\S+$")

ENTRIES = [pytest.param(e, id=e["number"]) for e in RAW]


def test_registry_is_big_enough_and_loads():
    assert len(RAW) >= 150
    assert len(load_registry()) == len(RAW)


@pytest.mark.parametrize("entry", ENTRIES)
def test_keys_in_fixed_order(entry):
    keys = list(entry)
    assert keys == [k for k in KEY_ORDER if k in keys], "keys out of the documented order"
    assert set(keys) >= {"number", "doc_type", *FACT_FIELDS, "sources", "events", "unconfirmed"}


@pytest.mark.parametrize("entry", ENTRIES)
def test_number_and_type_are_well_formed(entry):
    number = entry["number"]
    pattern = PARTY_NUMBER if entry.get("party") else STATE_NUMBER
    assert pattern.match(number), f"{number!r} is not a canonical number"
    assert not re.search(r"(?:^|[/-])(?:ND|QD)(?:$|[/-])", number), "Đ must be the Vietnamese letter"
    assert entry["doc_type"] in DOC_TYPES


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_fact_is_sourced_or_marked_unconfirmed(entry):
    supported = set()
    for source in entry["sources"]:
        assert URL.match(source["url"]), source
        assert isinstance(source["checked"], date)
        assert set(source["supports"]) <= set(FACT_FIELDS)
        supported |= set(source["supports"])
    for field in FACT_FIELDS:
        if entry[field] is None:
            assert field in entry["unconfirmed"], f"{field} is null but not listed as unconfirmed"
        else:
            assert field in supported, f"{field} has a value but no source supports it"
            assert field not in entry["unconfirmed"]
    for field in ("issued_date", "effective_date"):
        assert entry[field] is None or isinstance(entry[field], date), "dates are ISO YYYY-MM-DD"
    # besides the facts, only "status" (no source showed its current status) may be unconfirmed
    assert set(entry["unconfirmed"]) <= {*FACT_FIELDS, STATUS}, entry["unconfirmed"]


@pytest.mark.parametrize("entry", ENTRIES)
def test_events_are_sourced_and_in_date_order(entry):
    dates = []
    for event in entry["events"]:
        assert event["kind"] in EVENT_KINDS
        assert URL.match(event["source"]), event
        assert isinstance(event["checked"], date)
        assert event["by"] is None or STATE_NUMBER.match(event["by"]), event["by"]
        if event["effective_date"] is not None:
            dates.append(event["effective_date"])
    assert dates == sorted(dates)
    if entry["issued_date"] and dates:
        assert dates[0] >= entry["issued_date"], "a change before the document was issued"


def test_no_duplicate_numbers():
    keys = [e.key for e in load_registry().entries]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates


def test_no_alias_names_two_documents():
    owners: dict[str, str] = {}
    for entry in RAW:
        for alias in entry.get("aliases") or []:
            assert owners.setdefault(name_key(alias), entry["number"]) == entry["number"], alias


def test_event_targets_that_are_registered_use_the_same_number():
    numbers = {number_key(e["number"]) for e in RAW}
    for entry in RAW:
        for event in entry["events"]:
            if event["by"] and number_key(event["by"]) in numbers:
                assert event["by"] in {e["number"] for e in RAW}, event["by"]


def test_a_law_without_aliases_is_found_by_its_title_version_by_date():
    def law(number: str, issued: str) -> str:
        return registry_entry(number, "Luật", "Luật Thử nghiệm", "Quốc hội", issued)

    registry = parse_registry(law("1/2010/QH12", "2010-01-01") + law("2/2020/QH14", "2020-01-01"))
    assert registry.find_by_name("Luật Thử nghiệm", date(2015, 1, 1)).number == "1/2010/QH12"
    assert registry.find_by_name("Luật Thử nghiệm", date(2024, 1, 1)).number == "2/2020/QH14"
    assert registry.find_by_name("Luật thử nghiệm năm 2010", None).number == "1/2010/QH12"
    assert registry.find_by_name("Luật Thử nghiệm", date(2005, 1, 1)) is None  # none yet


def test_an_amending_law_is_found_by_its_short_name():
    name = ("Luật sửa đổi một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
            "địa phương")
    assert load_registry().find_by_name(name, None, date(2019, 11, 22)).number == "47/2019/QH14"


def test_an_amending_laws_list_is_the_same_name_with_or_without_its_numbers():
    listed = ("Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số "
              "27/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15")
    bare = "Luật sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở và Luật Các tổ chức tín dụng"
    assert name_key(listed) == name_key(bare)
    # a law named with its own number keeps it: two versions stay two names
    assert name_key("Luật Đất đai số 31/2024/QH15") != name_key("Luật Đất đai số 45/2013/QH13")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Luật Ban hành văn bản quy phạm phát luật", "Luật Ban hành văn bản quy phạm pháp luật", True),
    ("Luật Tổ chức chính quyền đia phương", "Luật Tổ chức chính quyền địa phương", True),
    ("Luật sửa đổi, bổ sung một số điều của Luật Quản lý tài sản công, Luật Dữ trữ quốc gia",
     "Luật sửa đổi, bổ sung một số điều của Luật Quản lý, sử dụng tài sản công, Luật Dự trữ quốc gia",
     True),
    # another law: a word of its own, or more than two words apart
    ("Luật sửa đổi, bổ sung một số điều của Luật Đất đai",
     "Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu", False),
    ("Luật Thuế giá trị gia tăng", "Luật Thuế thu nhập doanh nghiệp", False),
    ("Luật Đầu tư", "Luật Đầu tư công", False),  # too short to tell a slip from another law
    ("Luật Phòng, chống tham nhũng", "Luật Phòng, chống tác hại của rượu, bia", False),
])
def test_nearly_same_name(a, b, same):
    assert nearly_same_name(a, b) is same


def test_a_law_name_with_a_slip_is_found_by_its_adoption_date_only():
    def law(number: str, title: str) -> str:
        return registry_entry(number, "Luật", title, "Quốc hội", "2024-11-29")

    registry = parse_registry(law("56/2024/QH15", "Luật sửa đổi, bổ sung một số điều của Luật Chứng "
                                  "khoán, Luật Quản lý, sử dụng tài sản công, Luật Dự trữ quốc gia")
                              + law("57/2024/QH15", "Luật sửa đổi, bổ sung một số điều của Luật Quy "
                                    "hoạch, Luật Đầu tư"))
    slip = ("Luật Sửa đổi, bổ sung một số điều của Luật Chứng khoán, Luật Quản lý tài sản công, "
            "Luật Dữ trữ quốc gia")
    assert registry.find_by_name(slip, date(2025, 1, 1), date(2024, 11, 29)).number == "56/2024/QH15"
    assert registry.find_by_name(slip, date(2025, 1, 1), None) is None  # no date, no guess
    assert registry.find_by_name(slip, date(2025, 1, 1), date(2024, 11, 30)) is None


def test_a_year_less_number_cited_without_its_date_is_the_latest_issued_by_then():
    def resolution(issued: str) -> str:
        return registry_entry("01/NQ-CP", "Nghị quyết", "Nhiệm vụ chủ yếu", "Chính phủ", issued)

    registry = parse_registry(resolution("2024-01-05") + resolution("2025-01-08"))
    assert registry.find("01/NQ-CP") is None  # two documents: the number alone is ambiguous
    assert registry.find("01/NQ-CP", 2024).issued_date == date(2024, 1, 5)
    assert registry.find_latest("01/NQ-CP", date(2025, 6, 30)).issued_date == date(2025, 1, 8)
    assert registry.find_latest("01/NQ-CP", date(2024, 12, 31)).issued_date == date(2024, 1, 5)
    assert registry.find_latest("01/NQ-CP", date(2023, 12, 31)) is None
    # a document of that number whose date no source gave may be the later one: no guess
    undated = registry_entry("01/NQ-CP", "Nghị quyết", "Khác", "Chính phủ", "null", "issued_date")
    registry = parse_registry(resolution("2024-01-05") + undated)
    assert registry.find_latest("01/NQ-CP", date(2025, 6, 30)) is None


@pytest.mark.parametrize(("cited", "registered"), [
    ("76/2025/NQ-UBTVQH15", "76/2025/UBTVQH15"),  # a year: the number has no "NQ-"
    ("129/2025/NQ-QH15", "129/2025/QH15"),
    ("129/2025/NQQH15", "129/2025/QH15"),
    ("1656/NQUBTVQH15", "1656/NQ-UBTVQH15"),  # no year: "NQ-" with its dash
])
def test_an_assembly_resolution_is_found_however_its_nq_is_written(cited, registered):
    assert number_key(cited) == number_key(registered)
    assert load_registry().find(cited).number == registered


@pytest.mark.parametrize(("one", "other"), [
    ("1656/NQ-UBTVQH15", "1656/UBTVQH15"),  # a year-less number keeps its "NQ-"
    ("76/2025/NQ-CP", "76/2025/CP"),  # only the Assembly's resolutions
    ("18/2025/NQ-HĐND", "18/2025/HĐND"),
])
def test_other_resolution_numbers_keep_their_code(one, other):
    assert number_key(one) != number_key(other)
