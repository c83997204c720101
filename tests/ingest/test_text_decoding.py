"""Text files in the encodings archives hold them in, and files that are not text."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from vnplan.ingest import IngestError, read_document

PLAN = "KẾ HOẠCH\nCải cách hành chính nhà nước xã Tống Phan năm 2024\n"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PLAN.encode("utf-8"), "utf-8"),
        (PLAN.encode("utf-16"), "utf-16"),
        (PLAN.encode("utf-16-le"), "utf-16-le"),
        (windows_1258(PLAN), "windows-1258"),
    ],
)
def test_encodings_decode_to_the_same_nfc_text(data: bytes, encoding: str):
    raw = read_document(data, "plan.txt")
    assert raw.encoding == encoding
    assert raw.pages[0] == PLAN


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\n", "blank.txt", "empty"),
        (bytes(range(256)) * 20, "junk.bin", "unsupported"),
        (bytes(range(256)) * 20, "junk.txt", "binary"),
        (b"\x81\x8d\x8f\x90\x9d" * 200, "garbage.txt", "undecodable"),
        (b"PK\x03\x04not really a zip", "archive.zip", "unsupported"),
        (b"plain words", "notes.xyz", "unsupported"),
    ],
)
def test_bad_input_is_a_clear_error(data: bytes, name: str, kind: str):
    with pytest.raises(IngestError) as error:
        read_document(data, name)
    assert error.value.kind == kind
    assert error.value.reason


def test_a_text_file_typed_in_a_tcvn3_font_is_converted():
    # "Kế hoạch cải cách hành chính" typed with a .VnTime (TCVN3) font, saved as bytes
    data = "KÕ ho¹ch c¶i c¸ch hµnh chÝnh nhµ n­íc x· Tèng Phan n¨m 2024.".encode("latin-1")
    raw = read_document(data, "ke-hoach.txt")
    assert raw.pages[0] == "Kế hoạch cải cách hành chính nhà nước xã Tống Phan năm 2024."
    assert raw.encoding == "latin-1"
    assert raw.conversions and raw.conversions[0].startswith("TCVN3")
