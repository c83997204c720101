"""TCVN3 (ABC) and VNI mojibake → Unicode, checked on every Vietnamese letter."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
import yaml
from support import EXTRA, GENERATED, PLANS, ROOT, needs_shared
from vnplan.ingest import read_document
from vnplan.ingest.legacy import convert_text, detect_encoding

pytestmark = needs_shared

TABLES = yaml.safe_load((ROOT / "corpora/reference/legacy_encodings.yaml").read_text("utf-8"))


def vietnamese_letters() -> list[str]:
    """The 134 letters with diacritics: 12 vowels × 6 tones less the 6 ASCII ones, đ, × 2 cases."""
    lower = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            letter = unicodedata.normalize("NFC", base + tone)
            if not letter.isascii():
                lower.append(letter)
    lower.append("đ")
    return lower + [ch.upper() for ch in lower]


LETTERS = vietnamese_letters()
LOWER = LETTERS[:67]


def test_there_are_134_letters_and_vni_has_them_all():
    assert len(LETTERS) == 134
    assert sorted(TABLES["vni"].values()) == sorted(LETTERS)


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_converts_every_letter(letter):
    encoded = {v: k for k, v in TABLES["vni"].items()}[letter]
    word = "x" + encoded + "n"
    assert convert_text(word, "vni")[0] == "x" + letter + "n"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_tcvn3_matches_glibc_for_every_lowercase_letter_and_capital_base():
    """VN3 has the 67 lowercase letters and Ă Â Ê Ô Ơ Ư Đ; glibc's TCVN5712-1 is the reference."""
    for letter in [*LOWER, *"ĂÂÊÔƠƯĐ"]:
        encoded = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"],
                                 input=letter.encode(), capture_output=True, check=True).stdout
        surface = encoded.decode("latin-1")
        assert TABLES["tcvn3"][surface] == letter
        assert convert_text("t" + surface + "n", "tcvn3")[0] == "t" + letter + "n"


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("KÕ ho¹ch c¶i c¸ch hµnh chÝnh", "Kế hoạch cải cách hành chính"),
    ("KÕ HO¹CH C¶I C¸CH HµNH CHÝNH", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"),  # .VnTimeH heading
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("NghÞ ®Þnh sè 107/2021/N§-CP", "Nghị định số 107/2021/NĐ-CP"),
])
def test_tcvn3_phrases(legacy, unicode):
    assert convert_text(legacy, "tcvn3")[0] == unicode


def test_vni_phrases():
    assert convert_text("Keá hoaïch caûi caùch haønh chính", "vni")[0] == \
        "Kế hoạch cải cách hành chính"
    assert convert_text("Ñaø Naüng, saün coù, thaúng", "vni")[0] == "Đà Nẵng, sẵn có, thẳng"


@pytest.mark.parametrize("path", sorted((PLANS).glob("*.txt"))
                         + sorted((EXTRA).glob("*.md")), ids=lambda p: p.name)
def test_unicode_documents_are_left_alone(path):
    assert detect_encoding(path.read_text("utf-8")) is None


def test_stray_symbols_do_not_look_like_tcvn3():
    text = "© 2024 Cổng thông tin · Trang chủ ® — giá 100 × 2 ½ năm"
    assert detect_encoding(text) is None


def test_generated_legacy_fixtures_convert_back():
    plan = (PLANS / "004_2e14f1f6f31def56.txt").read_text("utf-8")
    generated = GENERATED
    if not (generated / "plan004_tcvn3.txt").exists():
        pytest.skip("run make fixtures")
    for name, record in (("plan004_tcvn3.txt", "TCVN3"), ("plan004_vni.txt", "VNI"),
                         ("plan004_tcvn3.docx", "TCVN3")):
        raw = read_document((generated / name).read_bytes(), name)
        assert raw.conversions and raw.conversions[0].startswith(f"{record} → Unicode")
        lines = [" ".join(line.split()) for line in raw.pages[0].split("\n") if line.strip()]
        expected = [" ".join(line.split()) for line in plan.split("\n") if line.strip()]
        if record == "VNI":
            assert lines == expected
        else:  # TCVN3 cannot write a toned capital inside a mixed-case word ("Ủy" → "ủy")
            assert [line.lower() for line in lines] == [line.lower() for line in expected]
