"""Fuzzing ingestion and extractors: whatever the bytes, a record or an ``IngestError``.

Inputs: random bytes under every supported name; the corpus plans mutated (cut, doubled,
shuffled, re-encoded, sprinkled with Vietnamese text, control characters and plan syntax);
plans assembled from typical plan lines in random order; and PDF/DOCX files with flipped or
cut bytes. Every example runs under an alarm, so a hang fails the test instead of stalling it.
Example counts are modest so ``make test`` stays quick; ``make fuzz`` runs the long profile
(``HYPOTHESIS_PROFILE=long``) and the mutation fuzzer ``scripts/fuzz.py``, whose findings land in
``tests/fixtures/fuzz-crashes/`` and are replayed here.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support import GENERATED, PLANS, needs_shared, word_document
from vnplan.ingest import IngestError, IngestOptions
from vnplan.models import PlanRecord

from vnplan.pipeline import ExtractOptions, extract_bytes

pytestmark = needs_shared
PLAN_BYTES = [p.read_bytes() for p in sorted(PLANS.glob("*.txt"))]
FIXTURES = GENERATED
OPTIONS = ExtractOptions(ingest=IngestOptions(ocr=False, timeout_s=20), as_of=date(2025, 6, 30))
HANG_S = 30  # no example may take longer than this

settings.register_profile("default", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class Hang(Exception):
    pass


@contextmanager
def no_hang(seconds: float = HANG_S):
    def alarm(signum, frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check(data: bytes, name: str) -> PlanRecord | None:
    """Extract; only ``IngestError`` may come out, and a record must hold together."""
    with no_hang():
        try:
            record = extract_bytes(data, name, OPTIONS)
        except IngestError as exc:
            assert exc.reason and exc.kind
            return None
    text_length = len(record.text)
    for section in record.sections:
        assert 0 <= section.span[0] <= section.span[1] <= text_length
    for item in [*record.legal_references, *record.targets]:
        assert 0 <= item.span[0] <= item.span[1] <= text_length
    PlanRecord.model_validate_json(record.model_dump_json())  # round-trips
    return record


# --- strategies ----------------------------------------------------------------------------

NAMES = ["plan.txt", "plan.md", "plan.html", "plan.pdf", "plan.docx", "plan.doc", "plan.png",
         "plan", "plan.dat"]
VIETNAMESE = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐ"
ALPHABET = st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(
    list(VIETNAMESE + " \n\t\r.,;:()/-–*%0123456789IVX\x00\x0c\u00a0\u200b\ufeff"))

# Lines a plan is made of, so random orderings reach deep into the extractors.
PLAN_LINES = [
    "ỦY BAN NHÂN DÂN", "XÃ THƯỢNG LỘ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc", "Số: 57/KH-UBND", "Thượng Lộ, ngày 15 tháng 3 năm 2021",
    "KẾ HOẠCH", "Cải cách hành chính năm 2024", "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018",
    "Thực hiện Quyết định số 458/QĐ-TTg ngày 10/4/2024 của Thủ tướng Chính phủ;",
    "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;", "I. MỤC ĐÍCH, YÊU CẦU",
    "II. NHIỆM VỤ", "1. Mục tiêu", "2.1. Cải cách thể chế", "a) Tỷ lệ hồ sơ đạt 100%",
    "* Nhiệm vụ:", "- Phấn đấu đạt trên 95% hồ sơ trực tuyến", "từ 98% -100%", "50 – 60%",
    "Giảm 30% thời gian giải quyết", "III. TỔ CHỨC THỰC HIỆN", "1. Văn phòng HĐND và UBND xã",
    "Chủ trì, phối hợp với công chức Tư pháp - Hộ tịch", "Nơi nhận:", "- UBND huyện;",
    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A", "PHỤ LỤC",
    "Ban hành kèm theo Kế hoạch số 57/KH-UBND ngày 15/3/2021",
    "TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\tKinh phí",
    "1\tRà soát TTHC\tVăn phòng\tCác ngành\tQuý II/2021\t3.960.000",
    "2,2,1\tTuyên truyền\tCông chức VH-XH\t\tThường xuyên\t", "Trang 3", "- 2 -", "",
    "117/2013-NĐ-CP", "Thông tư số 01/2023/TT-BNV", "Nghị quyết số 76/NQ-CP", "năm 2023",
]


@st.composite
def mutated_plan(draw) -> tuple[bytes, str]:
    text = draw(st.sampled_from(PLAN_BYTES)).decode("utf-8", errors="replace")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cut", "double", "insert", "swap", "truncate", "lines"]))
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, min(len(text), a + 3000)))
        if op == "cut":
            text = text[:a] + text[b:]
        elif op == "double":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(st.text(ALPHABET, max_size=200)) + text[a:]
        elif op == "truncate":
            text = text[:a]
        elif op == "lines":
            text = text[:a] + "\n".join(draw(st.lists(st.sampled_from(PLAN_LINES),
                                                      max_size=12))) + text[a:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"]))
    name = draw(st.sampled_from(["plan.txt", "plan.md", "plan.html", "plan"]))
    return text.encode(encoding, errors="replace"), name


@st.composite
def assembled_plan(draw) -> str:
    lines = draw(st.lists(st.sampled_from(PLAN_LINES), min_size=1, max_size=80))
    joiner = draw(st.sampled_from(["\n", "\n\n", "\r\n", " "]))
    return joiner.join(lines)


def _mutate_bytes(data: bytes, draw) -> bytes:
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "truncate", "zero"]))
        a = draw(st.integers(0, len(data) - 1))
        b = draw(st.integers(a, min(len(data), a + 512)))
        if op == "flip":
            data[a] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[a:b]
        elif op == "truncate":
            del data[a:]
        else:
            data[a:b] = bytes(b - a)
        if not data:
            break
    return bytes(data)


def _binary_samples() -> list[tuple[str, bytes]]:
    samples = []
    for name in ("plan004.pdf", "plan004.docx", "plan002.pdf", "plan004_tcvn3.docx"):
        if (FIXTURES / name).is_file():
            samples.append((name, (FIXTURES / name).read_bytes()))
    samples.append(("minimal.docx", _minimal_docx()))
    return samples


def _minimal_docx() -> bytes:
    return word_document(line for line in PLAN_LINES[:30] if "\t" not in line)


BINARIES = _binary_samples()


# --- the properties --------------------------------------------------------------------------


@given(st.binary(max_size=4096), st.sampled_from(NAMES))
def test_random_bytes(data, name):
    check(data, name)


@given(st.text(ALPHABET, max_size=3000), st.sampled_from(["plan.txt", "plan.md", "plan.html"]))
def test_random_text(text, name):
    check(text.encode("utf-8"), name)


@given(mutated_plan())
def test_mutated_plans(sample):
    check(*sample)


@given(assembled_plan(), st.sampled_from(["plan.txt", "plan.md"]))
def test_plans_assembled_from_plan_lines(text, name):
    check(text.encode("utf-8"), name)


# Mutated PDF and DOCX files still reach exceptions other than IngestError in the backends
# (found by this test; reported to the ingestion and appendix owners). They are tolerated here
# by type only, so a new kind of failure — or a hang — still fails the test. Drop an entry
# when its cause is fixed: the test then passes (xfail is not strict).
@pytest.mark.parametrize("name", [name for name, _ in BINARIES])
@settings(max_examples=40, report_multiple_bugs=False,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # shrinking PDFs takes minutes
@given(st.data())
def test_mutated_pdf_and_docx(name, data):
    original = dict(BINARIES)[name]
    check(_mutate_bytes(original, data.draw), name)


# Every input ``make fuzz`` (scripts/fuzz.py) ever found crashing, hanging or blowing up is kept
# here and replayed: a record or an IngestError, within HANG_S.
CRASHES = sorted((FIXTURES.parent / "fuzz-crashes").glob("*.*"))


@pytest.mark.parametrize("path", CRASHES, ids=[p.name for p in CRASHES])
def test_inputs_the_fuzzer_found(path):
    check(path.read_bytes(), "plan." + path.suffix.lstrip("."))


def test_the_unmutated_samples_read():
    for name, data in BINARIES:
        assert check(data, name) is not None, name
