"""Clauses and short subject phrases, by rules that keep character offsets.

A clause is a stretch of one line (or table cell) between ``;``, a sentence end, or an inline
bullet (" - "): "Trên 95% số hồ sơ … đúng hạn" and "phấn đấu 85% hồ sơ … trước hạn" are two
clauses of one line. The subject of a number is the noun phrase it measures — after the number
("100% văn bản QPPL được …") or before its comparator ("Mức độ hài lòng … đạt tối thiểu 90%").

Why not underthesea here: its word segmentation costs ~0.4 ms per call (~10 ms per plan for the
subjects alone, half the whole pipeline's budget) and its chunker marks "hồ sơ TTHC được trả kết
quả" as NP VP NP — it does not give the measured phrase directly either. The rules below cut at
syllable boundaries only, so a subject is always an exact substring of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnplan.reference.keys import BULLET_CLASS

# Where clauses end: ";", a full stop before a space (not "2.5%"), a tab (table cell), an
# inline bullet " - " / " + " after a word, and line ends. (Every branch opens with a plain
# character, so ``re`` skips ahead to the next candidate character instead of trying each position.)
_BREAK = re.compile(r";|\t|\n|\.(?=\s|$)| [-+] (?=\S)")
# Leading list markers: "- ", "+ ", "a) ", "1.2 ", "* " — not the count of a period that opens
# a sentence: "9 tháng đầu năm 2025, …".
_MARKER = re.compile(
    rf"\s*(?:{BULLET_CLASS}\s*|[a-zđ]\)\s*|\d+(?:[.,]\d+)*\.?\s+(?=\D)(?![tT]háng\b))?"
)

# Words a subject never ends with, and words that end a subject read after the number.
_TRAILING = re.compile(
    r"(?:\s+|^)(?:của|về|và|các|những|trên|tại|ở|với|cho|đạt|là|chiếm|có|được|trong|"
    r"tỷ\s+lệ|đạt\s+tỷ\s+lệ|phấn\s+đấu|mức|số|đến|khi|mỗi\s+năm|trung\s+bình|còn|xuống)\s*$",
    re.IGNORECASE,
)
TRAILING_WORDS = 3  # the longest word _TRAILING drops, "đạt tỷ lệ", has three syllables
# (The look-behinds "not after tồn/hiện" stand after the space so they run only at spaces.)
_AFTER_STOP = re.compile(
    r"[:()\[\]“”\"]|\s(?<!tồn\s)(?<!hiện\s)(?:theo|trên\s+cơ\s+sở|tại|đối\s+với|so\s+với|trở\s+lên|đến\s+năm|"
    r"trong\s+đó|trong\s+năm\s+\d{4}|đến\s+khi|ở\s+cấp|kế\s+hoạch\s+được\s+giao)\b",
    re.IGNORECASE,
)
# A subject read after the number must start like a noun phrase, not a preposition.
_AFTER_BAD_START = re.compile(
    r"^(?:tại|ở|trên|trở|so|cấp|đối|trong|của|kế\s+hoạch|/|đến|và)\b", re.IGNORECASE
)
_AFTER_DETERMINER = re.compile(r"^(?:trở\s+lên\s+)?(?:tổng\s+số|số|các|những)?\s*", re.IGNORECASE)
# Openers that are the plan's voice, not the measured thing: "Phấn đấu …", "Đảm bảo …".
_OPENERS = re.compile(
    r"^(?:(?:phấn\s+đấu|đảm\s+bảo|bảo\s+đảm|quyết\s+tâm|hoàn\s+thành|trong\s+đó|cụ\s+thể|"
    r"riêng|và|thực\s+hiện|giảm)[\s,:]+)+",
    re.IGNORECASE,
)
# Comparator words left just before a number: "đạt", "đạt tỷ lệ", "còn".
_LINKERS = re.compile(r"(?:\s+(?:đạt|là|chiếm|còn|tỷ\s+lệ|ở\s+mức))+\s*$", re.IGNORECASE)

# Where a subject read before the number ends: "thời gian chờ đợi … xuống trung bình còn …",
# "Chỉ số CCHC năm 2024 cải thiện … và nằm trong nhóm 5 …", and deadlines "đến năm 2025".
_BEFORE_CUT = re.compile(
    r"\s(?:xuống|còn|cải\s+thiện|đứng|nằm|xếp)\s|[,;]?\s*(?:đến|trong)\s+năm\s+20\d\d", re.IGNORECASE
)
# A long stretch before the number is cut after its last clause opener: "…, đảm bảo tỷ lệ …".
_LAST_OPENER = re.compile(r",\s*(?:đảm\s+bảo|bảo\s+đảm|phấn\s+đấu|trong\s+đó)\s+", re.IGNORECASE)
LONG_BEFORE = 16

MAX_SYLLABLES = 12
STOP_WORDS = 4  # the longest stop phrase after a number, "kế hoạch được giao", has four words


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


def find_clauses(text: str, start: int, end: int) -> list[Clause]:
    """The clauses of ``text[start:end]``, markers and surrounding spaces trimmed."""
    clauses = []
    pos = start
    for found in _BREAK.finditer(text, start, end):
        if found.group() in (" - ", " + ") and not text[found.start() - 1].isalpha():
            continue  # "98% - 100%" is a range, not a bullet
        clauses.append(_trim(text, pos, found.start()))
        pos = found.end()
    clauses.append(_trim(text, pos, end))
    return [c for c in clauses if c.end > c.start]


def _trim(text: str, start: int, end: int) -> Clause:
    marker = _MARKER.match(text, start, end)
    if marker:
        start = marker.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Clause(start, end)


def subject_after(text: str, start: int, end: int, *, runs_into_next: bool,
                  strict: bool = True) -> str | None:
    """The phrase right after a number: "% số hồ sơ TTHC được trả …" → "hồ sơ TTHC được trả …".

    ``runs_into_next``: the stretch ends at another number's comparator, so a phrase that
    reaches it ("… 97% mức độ hài lòng … đạt tối thiểu 94%") is that number's subject.
    """
    tail = text[start:end]
    if runs_into_next and strict and _AFTER_STOP.search(tail) is None:
        return None
    tail = tail.strip()
    tail = tail[_AFTER_DETERMINER.match(tail).end() :]  # every part is optional: always matches
    tail = _first_words(tail, MAX_SYLLABLES + STOP_WORDS)
    stop = _AFTER_STOP.search(" " + tail)
    tail = tail[: max(stop.start() - 1, 0)] if stop else tail
    if strict and _AFTER_BAD_START.match(tail):
        return None
    return _shorten(tail, keep="start")


def _first_words(phrase: str, count: int) -> str:
    """``phrase`` up to the end of its ``count``-th word (unchanged when it has no more).

    Only the first MAX_SYLLABLES words of a subject read after the number are kept, and a stop
    phrase (_AFTER_STOP) that starts among them ends within STOP_WORDS more words; so cutting
    the phrase there before looking for the stop gives the same subject, faster.
    """
    words = phrase.split(maxsplit=count)
    if len(words) <= count:
        return phrase
    return phrase[: len(phrase) - len(words[count])].rstrip()


def subject_before(text: str, start: int, end: int) -> str | None:
    """The phrase before a comparator: "Mức độ hài lòng … về giải quyết TTHC đạt tối thiểu"."""
    head = text[start:end]
    if len(head.split()) > LONG_BEFORE:
        cuts = list(_LAST_OPENER.finditer(head))
        if cuts:
            head = head[cuts[-1].end() :]
    cut = _BEFORE_CUT.search(head)
    if cut:
        head = head[: cut.start()] if cut.start() > 0 else head[cut.end() :]
    head = head.lstrip(" ,;:.-–+*\t")
    head = _OPENERS.sub("", head)
    head = _LINKERS.sub("", head)
    return _shorten(head, keep="start")


def _shorten(phrase: str, *, keep: str) -> str | None:
    words = phrase.split()
    if len(words) > MAX_SYLLABLES:
        words = words[:MAX_SYLLABLES] if keep == "start" else words[-MAX_SYLLABLES:]
    phrase = " ".join(words)
    while True:
        trimmed = _drop_trailing_word(phrase).strip(" ,;:-–(")
        if trimmed == phrase:
            break
        phrase = trimmed
    # The phrase is words joined by single spaces: two words or more hold a space.
    return phrase if " " in phrase or (phrase and phrase.isupper()) else None


def _drop_trailing_word(phrase: str) -> str:
    """``_TRAILING.sub("", phrase)`` for a phrase of words joined by single spaces.

    A trailing word is at most the last ``TRAILING_WORDS`` syllables, so the pattern is run over
    those only (from the space before them), not over the whole phrase.
    """
    cut = len(phrase)
    for _ in range(TRAILING_WORDS):
        cut = phrase.rfind(" ", 0, cut)
        if cut < 0:
            return _TRAILING.sub("", phrase)
    return phrase[:cut] + _TRAILING.sub("", phrase[cut:])


# An aside closed within the text: "(gồm: 04 cơ quan chuyên môn cấp tỉnh …)".
_ASIDE = re.compile(r"\([^()]*\)")


def without_asides(piece: str) -> str:
    """``piece`` without its asides: closed "(…)" asides become a space, and the tail of an
    aside opened before ``piece`` ("… 2.548 tỷ đồng), đã giải ngân …") is cut off with it."""
    while "(" in piece and ")" in piece:
        piece, count = _ASIDE.subn(" ", piece)
        if not count:
            break
    return piece[piece.rfind(")") + 1 :]


def lead_in(text: str, start: int, end: int) -> str:
    """The words that lead up to a number at ``end``, from ``start`` (the clause's start or the
    previous number's end), asides left out: inside an aside still open at ``end`` only the
    aside's own words, because an aside speaks of its own number — "45/45 nhiệm vụ đề ra (đạt
    100% kế hoạch)", "đạt 97,28% (chỉ tiêu đề ra là tối thiểu 98%)" — and an aside closed
    before the number ("(… bổ sung có mục tiêu), bằng 38,27%") is about something else."""
    piece = without_asides(text[start:end])
    return piece[piece.rfind("(") + 1 :]
